package org.neurospark.events.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The chunk buffer's size: no larger than the source for small recordings, a full chunk for large ones. */
class ChunkedFileInputTest {
  private static ByteSource bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31);
    }
    return new MemoryByteSource("mem", ByteBuffer.wrap(b));
  }

  @Test
  void aSmallSourceGetsABufferOfItsOwnSizeAndIsReadWhole() throws IOException {
    try (ChunkedFileInput in = new ChunkedFileInput(bytes(20_000))) {
      assertTrue(in.fill(8));
      assertEquals(20_000, in.buffer().length, "no 256 KiB chunk for a 20 KB recording");
      assertEquals(20_000, in.remaining());
      assertEquals((byte) (19_999 * 31), in.buffer()[19_999]);
      in.pos(20_000);
      assertFalse(in.fill(1), "end of the source");
    }
    try (ChunkedFileInput in = new ChunkedFileInput(bytes(10))) {
      assertFalse(in.fill(16), "asking for more than the source holds");
      assertEquals(10, in.remaining());
      assertTrue(in.buffer().length >= 64);
    }
  }

  @Test
  void aLargeSourceIsReadInChunksAndGrowsOnDemand() throws IOException {
    int n = 3 * ChunkedFileInput.DEFAULT_CHUNK + 5;
    try (ChunkedFileInput in = new ChunkedFileInput(bytes(n))) {
      assertTrue(in.fill(1));
      assertEquals(ChunkedFileInput.DEFAULT_CHUNK, in.buffer().length);
      assertTrue(in.fill(ChunkedFileInput.DEFAULT_CHUNK + 100), "grows past one chunk when a reader needs it");
      assertTrue(in.buffer().length >= ChunkedFileInput.DEFAULT_CHUNK + 100);
      long total = 0;
      while (in.fill(1)) {
        int r = in.remaining();
        total += r;
        in.pos(in.pos() + r);
      }
      assertEquals(n, total);
    }
  }
}
