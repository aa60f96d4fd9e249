package org.neurospark.events.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory-mapped read path of {@link FileByteSource} gives exactly the channel path's bytes. */
class FileByteSourceMappingTest {
  @Test
  void mappedReadsMatchTheFileAcrossWindowBoundariesIntoHeapAndDirectBuffers(@TempDir Path dir) throws IOException {
    int size = (int) FileByteSource.MAP_THRESHOLD + 12_345;
    byte[] data = new byte[size];
    new Random(11).nextBytes(data);
    Path f = dir.resolve("big.bin");
    Files.write(f, data);
    long window = 1 << 20; // several windows, a read may end at a window's end
    try (FileByteSource mapped = FileByteSource.open(f, true, window);
        FileByteSource plain = FileByteSource.open(f, false)) {
      assertTrue(mapped.mapped());
      assertFalse(plain.mapped());
      assertEquals(size, mapped.size());
      Random r = new Random(5);
      for (int k = 0; k < 300; k++) {
        long pos = k < 3 ? new long[] {0, window - 3, size - 7}[k] : r.nextInt(size);
        int len = 1 + r.nextInt(300_000);
        ByteBuffer heap = ByteBuffer.allocate(len);
        ByteBuffer direct = ByteBuffer.allocateDirect(len);
        int n = mapped.readFully(pos, heap);
        assertEquals(Math.min(len, size - pos), n);
        assertEquals(n, mapped.readFully(pos, direct));
        byte[] d = new byte[n];
        direct.flip().get(d);
        byte[] want = Arrays.copyOfRange(data, (int) pos, (int) pos + n);
        assertArrayEquals(want, Arrays.copyOf(heap.array(), n), "heap read at " + pos);
        assertArrayEquals(want, d, "direct read at " + pos);
        int one = mapped.read(pos, ByteBuffer.allocate(len));
        assertTrue(one >= 1 && pos + one <= (pos / window + 1) * window, "one read stops at the window's end");
      }
      assertEquals(-1, mapped.read(size, ByteBuffer.allocate(4)));
      assertEquals(0, mapped.read(0, ByteBuffer.allocate(0)));
      try (ChunkedFileInput in = new ChunkedFileInput(FileByteSource.open(f))) {
        ByteArrayBuilder all = new ByteArrayBuilder(size);
        while (in.fill(1)) {
          all.add(in.buffer(), in.pos(), in.remaining());
          in.pos(in.limit());
        }
        assertArrayEquals(data, all.bytes());
      }
    }
    FileByteSource closed = FileByteSource.open(f, true, window);
    closed.readFully(0, ByteBuffer.allocate(10));
    closed.close();
    closed.close(); // idempotent
    assertThrows(ClosedChannelException.class, () -> closed.read(0, ByteBuffer.allocate(10)));
  }

  @Test
  void smallFilesAreReadThroughTheChannel(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("small.bin");
    Files.write(f, new byte[] {1, 2, 3});
    try (FileByteSource s = FileByteSource.open(f)) {
      assertFalse(s.mapped());
      byte[] b = new byte[3];
      s.readFully(0, b, 0, 3);
      assertArrayEquals(new byte[] {1, 2, 3}, b);
    }
  }

  /** Collects bytes. */
  private static final class ByteArrayBuilder {
    private final byte[] out;
    private int n;

    ByteArrayBuilder(int size) {
      out = new byte[size];
    }

    void add(byte[] b, int off, int len) {
      System.arraycopy(b, off, out, n, len);
      n += len;
    }

    byte[] bytes() {
      return Arrays.copyOf(out, n);
    }
  }
}
