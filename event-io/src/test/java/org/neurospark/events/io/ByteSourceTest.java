package org.neurospark.events.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.parquet.ByteSourceInputFile;

/** The contract of {@link ByteSource} on its two adapters, and its stream, channel and Parquet views. */
class ByteSourceTest {
  static final byte[] DATA = new byte[1000];

  static {
    for (int i = 0; i < DATA.length; i++) {
      DATA[i] = (byte) (i * 7 + 3);
    }
  }

  @Test
  void fileAndMemorySourcesReadTheSameBytesPositionally(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("d.bin");
    Files.write(f, DATA);
    ByteBuffer direct = ByteBuffer.allocateDirect(DATA.length + 10).position(10);
    direct.put(DATA).position(10);
    try (ByteSource file = ByteSource.open(f);
        ByteSource heap = ByteSource.wrap("mem:d.bin", DATA);
        ByteSource off = ByteSource.wrap("direct:d.bin", direct)) {
      assertEquals(f.toString(), file.name());
      assertEquals(10, direct.position(), "wrapping does not move the caller's buffer");
      for (ByteSource s : new ByteSource[] {file, heap, off}) {
        assertEquals(DATA.length, s.size(), s.name());
        for (ByteBuffer dst : new ByteBuffer[] {ByteBuffer.allocate(64), ByteBuffer.allocateDirect(64)}) {
          dst.clear().position(4);
          int r = s.readFully(100, dst);
          assertEquals(60, r, s.name());
          assertEquals(64, dst.position());
          byte[] got = new byte[60];
          dst.flip().position(4);
          dst.get(got);
          byte[] want = new byte[60];
          System.arraycopy(DATA, 100, want, 0, 60);
          assertArrayEquals(want, got, s.name());
          // at the end: a short read, then -1
          dst.clear();
          assertEquals(8, s.readFully(DATA.length - 8, dst), s.name());
          dst.clear();
          assertEquals(-1, s.read(DATA.length, dst), s.name());
          assertEquals(-1, s.read(DATA.length + 5, dst), s.name());
        }
        byte[] b = new byte[10];
        EOFException e = assertThrows(EOFException.class, () -> s.readFully(995, b, 0, 10));
        assertTrue(e.getMessage().startsWith(s.name() + " @ byte 1000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.read(-1, ByteBuffer.allocate(1)));
      }
    }
  }

  @Test
  void streamAndChannelViewsArePositionalAndLeaveTheSourceOpen() throws IOException {
    ByteSource s = ByteSource.wrap("mem:x", DATA);
    try (InputStream in = s.inputStream(990)) {
      assertEquals(DATA[990] & 0xFF, in.read());
      assertEquals(9, in.available());
      in.mark(0);
      assertEquals(4, in.skip(4));
      byte[] rest = in.readAllBytes();
      assertEquals(5, rest.length);
      assertEquals(DATA[995], rest[0]);
      assertEquals(-1, in.read());
      in.reset();
      assertEquals(DATA[991] & 0xFF, in.read());
    }
    SeekableByteChannel ch = s.channel();
    assertEquals(DATA.length, ch.size());
    ch.position(998);
    ByteBuffer b = ByteBuffer.allocate(8);
    assertEquals(2, ch.read(b));
    assertEquals(1000, ch.position());
    assertEquals(-1, ch.read(b));
    assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
    ch.close();
    assertThrows(ClosedChannelException.class, () -> ch.read(b));
    assertEquals(1, s.read(0, ByteBuffer.allocate(1)), "closing a view leaves the source open");
  }

  @Test
  void parquetInputFileStreamsSeekAndReadFully() throws IOException {
    ByteSourceInputFile in = new ByteSourceInputFile(ByteSource.wrap("mem:p", DATA));
    assertEquals(DATA.length, in.getLength());
    try (var s = in.newStream()) {
      s.seek(500);
      byte[] b = new byte[100];
      s.readFully(b);
      assertEquals(600, s.getPos());
      assertEquals(DATA[500], b[0]);
      ByteBuffer d = ByteBuffer.allocateDirect(400);
      s.readFully(d);
      assertEquals(DATA[999], d.get(399));
      assertEquals(-1, s.read());
      s.seek(990);
      EOFException e = assertThrows(EOFException.class, () -> s.readFully(new byte[20]));
      assertTrue(e.getMessage().startsWith("mem:p @ byte 1000"), e.getMessage());
    }
  }

  @Test
  void parquetReadsLargerThanOneSliceAreWhole(@TempDir Path dir) throws IOException {
    byte[] big = new byte[(1 << 20) + 12345];
    new java.util.Random(1).nextBytes(big);
    Path f = dir.resolve("big.bin");
    Files.write(f, big);
    try (ByteSource src = ByteSource.open(f)) {
      ByteSourceInputFile in = new ByteSourceInputFile(src);
      for (ByteBuffer dst : new ByteBuffer[] {ByteBuffer.allocate(big.length - 7),
          ByteBuffer.allocateDirect(big.length - 7)}) {
        try (var s = in.newStream()) {
          s.seek(7);
          s.readFully(dst);
          assertEquals(big.length, s.getPos());
          assertEquals(big.length - 7, dst.position());
          assertEquals(dst.capacity(), dst.limit(), "limit restored");
          dst.flip();
          byte[] got = new byte[dst.remaining()];
          dst.get(got);
          assertArrayEquals(java.util.Arrays.copyOfRange(big, 7, big.length), got);
          s.seek(big.length - 3);
          ByteBuffer over = ByteBuffer.allocate(300_000);
          assertThrows(EOFException.class, () -> s.readFully(over));
          assertEquals(3, over.position());
          assertEquals(300_000, over.limit(), "limit restored after a short read");
        }
      }
    }
  }
}
