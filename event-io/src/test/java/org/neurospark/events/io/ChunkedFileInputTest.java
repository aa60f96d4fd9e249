package org.neurospark.events.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The chunk buffer's size: no larger than the source for small recordings, a full chunk for large ones; a heap array
 * in memory is used in place.
 */
class ChunkedFileInputTest {
  private static byte[] content(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31);
    }
    return b;
  }

  /** A source read through the chunk buffer (a read-only buffer's array cannot be used in place). */
  private static ByteSource bytes(int n) {
    return new MemoryByteSource("mem", ByteBuffer.wrap(content(n)).asReadOnlyBuffer());
  }

  @Test
  void aHeapArrayIsReadInPlace() throws IOException {
    byte[] array = content(1000);
    try (ChunkedFileInput in = new ChunkedFileInput(new MemoryByteSource("mem", ByteBuffer.wrap(array, 100, 800)))) {
      assertSame(array, in.buffer(), "no copy");
      assertEquals(100, in.pos());
      assertEquals(900, in.limit());
      assertEquals(800, in.size());
      assertTrue(in.fill(800));
      assertFalse(in.fill(801), "nothing past the slice, though the array goes on");
      assertEquals(800, in.remaining(), "a failed fill keeps the bytes");
      assertEquals(0, in.position());
      assertEquals(17, in.offsetOf(117), "buffer index to source offset");
      in.pos(650);
      assertEquals(550, in.position());
      assertTrue(in.atEndOfFile());
      assertFalse(in.exhausted());
      in.seek(40);
      assertEquals(140, in.pos());
      assertEquals(array[140], in.buffer()[in.pos()]);
      assertTrue(in.fill(760));
      in.seek(800);
      assertTrue(in.exhausted());
      assertThrows(java.io.EOFException.class, () -> in.seek(801));
    }
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
