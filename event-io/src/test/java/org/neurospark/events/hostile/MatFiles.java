package org.neurospark.events.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes MATLAB Level-5 {@code .mat} files for tests: ASL-DVS layout (double vectors {@code ts, x, y, pol}), each
 * variable in its own {@code miCOMPRESSED} element. All values zero, so {@code n} events cost a few KB on disk: a
 * deflate bomb for large {@code n}.
 */
public final class MatFiles {
  private static final int MI_INT8 = 1;
  private static final int MI_INT32 = 5;
  private static final int MI_UINT32 = 6;
  private static final int MI_DOUBLE = 9;
  private static final int MI_MATRIX = 14;
  private static final int MI_COMPRESSED = 15;
  private static final int MX_DOUBLE_CLASS = 6;

  private MatFiles() {}

  /** An ASL-DVS recording of {@code n} zero events (t = 0 µs, x = y = 0, OFF), compressed. */
  public static Path aslZeros(Path file, int n) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] text = Arrays.copyOf("MATLAB 5.0 MAT-file, Neurospark test".getBytes(StandardCharsets.US_ASCII), 116);
    for (int i = 0; i < text.length; i++) {
      if (text[i] == 0) {
        text[i] = ' ';
      }
    }
    out.write(text);
    out.write(new byte[8]);
    out.write(new byte[] {0x00, 0x01, 'I', 'M'});
    for (String name : new String[] {"ts", "x", "y", "pol"}) {
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
        writeMatrix(d, name, n);
      }
      byte[] c = z.toByteArray();
      out.write(tag(MI_COMPRESSED, c.length));
      out.write(c);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, out.toByteArray());
  }

  private static void writeMatrix(OutputStream o, String name, int n) throws IOException {
    byte[] nm = name.getBytes(StandardCharsets.US_ASCII);
    int namePadded = (nm.length + 7) & ~7;
    long data = 8L * n;
    long size = 16 + 16 + 8 + namePadded + 8 + data;
    o.write(tag(MI_MATRIX, (int) size));
    o.write(tag(MI_UINT32, 8));
    o.write(le32(MX_DOUBLE_CLASS));
    o.write(le32(0));
    o.write(tag(MI_INT32, 8));
    o.write(le32(n));
    o.write(le32(1));
    o.write(tag(MI_INT8, nm.length));
    o.write(Arrays.copyOf(nm, namePadded));
    o.write(tag(MI_DOUBLE, (int) data));
    byte[] zeros = new byte[1 << 16];
    for (long left = data; left > 0; ) {
      int k = (int) Math.min(left, zeros.length);
      o.write(zeros, 0, k);
      left -= k;
    }
  }

  private static byte[] tag(int type, int bytes) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(bytes).array();
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
