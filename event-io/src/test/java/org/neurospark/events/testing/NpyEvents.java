package org.neurospark.events.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only parser for the reference {@code .npy} files of the fixtures: a 1-D structured array with fields
 * t (&lt;i8), x (&lt;i2), y (&lt;i2), p (u1) and optional padding, read from its header (descr, shape).
 */
public final class NpyEvents {
  private static final Pattern FIELD = Pattern.compile("\\('(\\w*)',\\s*'([<>|=]?)([a-zA-Z])(\\d+)'\\)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*\\)");

  public final long[] t;
  public final int[] x;
  public final int[] y;
  public final int[] p;
  public final int itemSize;

  private NpyEvents(int n, int itemSize) {
    t = new long[n];
    x = new int[n];
    y = new int[n];
    p = new int[n];
    this.itemSize = itemSize;
  }

  public int size() {
    return t.length;
  }

  public static NpyEvents read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[6];
    b.get(magic);
    if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IOException(file + ": not a .npy file");
    }
    int major = b.get() & 0xFF;
    b.get();
    int headerLen = major == 1 ? b.getShort() & 0xFFFF : b.getInt();
    byte[] h = new byte[headerLen];
    b.get(h);
    String header = new String(h, StandardCharsets.ISO_8859_1);
    if (header.contains("'fortran_order': True")) {
      throw new IOException("fortran order not supported");
    }
    Matcher sm = SHAPE.matcher(header);
    if (!sm.find()) {
      throw new IOException(file + ": expected a 1-D shape in " + header);
    }
    int n = Integer.parseInt(sm.group(1));
    List<String[]> fields = new ArrayList<>();
    Matcher fm = FIELD.matcher(header);
    int offset = 0;
    int[] off = {-1, -1, -1, -1};
    while (fm.find()) {
      String name = fm.group(1);
      int size = Integer.parseInt(fm.group(4));
      if (fm.group(2).equals(">")) {
        throw new IOException("big-endian field " + name);
      }
      int k = "txyp".indexOf(name.length() == 1 ? name.charAt(0) : '?');
      if (k >= 0) {
        int expected = new int[] {8, 2, 2, 1}[k];
        if (size != expected) {
          throw new IOException("field " + name + " has size " + size + ", expected " + expected);
        }
        off[k] = offset;
      }
      fields.add(new String[] {name});
      offset += size;
    }
    for (int k = 0; k < 4; k++) {
      if (off[k] < 0) {
        throw new IOException(file + ": field " + "txyp".charAt(k) + " missing in " + header);
      }
    }
    int itemSize = offset;
    int data = b.position();
    if (b.limit() - data != (long) n * itemSize) {
      throw new IOException(file + ": data size " + (b.limit() - data) + " != " + n + " x " + itemSize);
    }
    NpyEvents e = new NpyEvents(n, itemSize);
    for (int i = 0; i < n; i++) {
      int base = data + i * itemSize;
      e.t[i] = b.getLong(base + off[0]);
      e.x[i] = b.getShort(base + off[1]);
      e.y[i] = b.getShort(base + off[2]);
      e.p[i] = b.get(base + off[3]) & 0xFF;
    }
    return e;
  }
}
