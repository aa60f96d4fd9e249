package org.neurospark.events.format.mat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Test-side writer of MATLAB Level-5 MAT-files, written from the MathWorks "MAT-File Format" description (not from
 * the reader): 128-byte header, then one miMATRIX element per variable, optionally wrapped in an miCOMPRESSED (zlib)
 * element. Supports numeric matrices of any class stored in any numeric miTYPE (as MATLAB narrows storage), the
 * small (packed) element form for names and data of at most 4 bytes, imaginary parts, big- or little-endian, and
 * char / cell / struct variables (for skip tests). {@code MatWriterScipyTest} checks its output with scipy.io.
 */
final class MatWriter {
  // miTYPEs
  static final int INT8 = 1;
  static final int UINT8 = 2;
  static final int INT16 = 3;
  static final int UINT16 = 4;
  static final int INT32 = 5;
  static final int UINT32 = 6;
  static final int SINGLE = 7;
  static final int DOUBLE = 9;
  static final int INT64 = 12;
  static final int UINT64 = 13;
  // mxCLASSes
  static final int MX_CELL = 1;
  static final int MX_STRUCT = 2;
  static final int MX_CHAR = 4;
  static final int MX_DOUBLE = 6;
  static final int MX_SINGLE = 7;
  static final int MX_INT8 = 8;
  static final int MX_UINT8 = 9;
  static final int MX_INT16 = 10;
  static final int MX_UINT16 = 11;
  static final int MX_INT32 = 12;
  static final int MX_UINT32 = 13;
  static final int MX_INT64 = 14;
  static final int MX_UINT64 = 15;

  private final ByteOrder order;
  private final List<byte[]> matrices = new ArrayList<>();
  private final List<Boolean> compressedFlags = new ArrayList<>();
  private boolean compress;

  MatWriter(boolean bigEndian) {
    this.order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  MatWriter() {
    this(false);
  }

  /** Whether the variables added from now on are wrapped in miCOMPRESSED elements. */
  MatWriter compress(boolean v) {
    compress = v;
    return this;
  }

  /** A numeric column vector (N x 1) of class {@code mx} stored as {@code mi}. */
  MatWriter column(String name, int mx, int mi, double[] values) {
    return numeric(name, mx, mi, new int[] {values.length, 1}, values, false);
  }

  /** A numeric matrix ({@code values} column-major) of class {@code mx} stored as {@code mi}. */
  MatWriter numeric(String name, int mx, int mi, int[] dims, double[] values, boolean complex) {
    byte[] data = encode(mi, values);
    return add(matrix(name, mx, complex ? 0x800 : 0, dims, mi, data, complex ? data : null));
  }

  /** A numeric matrix of exact 64-bit integers stored as miINT64 or miUINT64. */
  MatWriter longs(String name, int mx, int mi, int[] dims, long[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
    for (long v : values) {
      b.putLong(v);
    }
    return add(matrix(name, mx, 0, dims, mi, b.array(), null));
  }

  /** A char row vector (stored as miUINT16, as MATLAB does). */
  MatWriter chars(String name, String s) {
    ByteBuffer b = ByteBuffer.allocate(s.length() * 2).order(order);
    for (char c : s.toCharArray()) {
      b.putChar(c);
    }
    return add(matrix(name, MX_CHAR, 0, new int[] {1, s.length()}, UINT16, b.array(), null));
  }

  /** A 1 x 1 cell holding a double scalar. */
  MatWriter cell(String name, double v) {
    byte[] inner = matrix("", MX_DOUBLE, 0, new int[] {1, 1}, DOUBLE, encode(DOUBLE, new double[] {v}), null);
    ByteArrayOutputStream c = new ByteArrayOutputStream();
    header(c, MX_CELL, 0, new int[] {1, 1}, name);
    c.writeBytes(inner);
    return add(element(14, c.toByteArray()));
  }

  /** A 1 x 1 struct with one field {@code field} holding a double scalar. */
  MatWriter struct(String name, String field, double v) {
    ByteArrayOutputStream c = new ByteArrayOutputStream();
    header(c, MX_STRUCT, 0, new int[] {1, 1}, name);
    int fl = 32;
    c.writeBytes(small(INT32, ByteBuffer.allocate(4).order(order).putInt(fl).array()));
    byte[] names = Arrays.copyOf(field.getBytes(StandardCharsets.US_ASCII), fl);
    c.writeBytes(element(INT8, names));
    c.writeBytes(matrix("", MX_DOUBLE, 0, new int[] {1, 1}, DOUBLE, encode(DOUBLE, new double[] {v}), null));
    return add(element(14, c.toByteArray()));
  }

  /** An arbitrary pre-built top-level element (tag included). */
  MatWriter rawElement(byte[] element) {
    matrices.add(element);
    compressedFlags.add(false);
    return this;
  }

  private MatWriter add(byte[] matrixElement) {
    matrices.add(matrixElement);
    compressedFlags.add(compress);
    return this;
  }

  /** The whole file. */
  byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] text = Arrays.copyOf(("MATLAB 5.0 MAT-file, Platform: neurospark-test, Created on: Wed Nov 25 2026")
        .getBytes(StandardCharsets.US_ASCII), 116);
    for (int i = 0; i < text.length; i++) {
      if (text[i] == 0) {
        text[i] = ' ';
      }
    }
    out.writeBytes(text);
    out.writeBytes(new byte[8]); // subsystem data offset: none
    ByteBuffer v = ByteBuffer.allocate(4).order(order);
    v.putShort((short) 0x0100);
    v.putShort((short) (('M' << 8) | 'I')); // reads back as 'IM' little-endian, 'MI' big-endian
    out.writeBytes(v.array());
    for (int i = 0; i < matrices.size(); i++) {
      byte[] m = matrices.get(i);
      if (compressedFlags.get(i)) {
        Deflater d = new Deflater();
        d.setInput(m);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
          z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        out.writeBytes(tag(15, z.size()));
        out.writeBytes(z.toByteArray()); // compressed elements are not padded
      } else {
        out.writeBytes(m);
      }
    }
    return out.toByteArray();
  }

  /** A complete miMATRIX element (tag, flags, dims, name, real part, optional imaginary part). */
  byte[] matrix(String name, int mx, int flagBits, int[] dims, int mi, byte[] real, byte[] imag) {
    ByteArrayOutputStream c = new ByteArrayOutputStream();
    header(c, mx, flagBits, dims, name);
    c.writeBytes(data(mi, real));
    if (imag != null) {
      c.writeBytes(data(mi, imag));
    }
    return element(14, c.toByteArray());
  }

  private void header(ByteArrayOutputStream c, int mx, int flagBits, int[] dims, String name) {
    ByteBuffer f = ByteBuffer.allocate(8).order(order);
    f.putInt(mx | flagBits).putInt(0);
    c.writeBytes(element(UINT32, f.array()));
    ByteBuffer d = ByteBuffer.allocate(dims.length * 4).order(order);
    for (int x : dims) {
      d.putInt(x);
    }
    c.writeBytes(element(INT32, d.array()));
    c.writeBytes(data(INT8, name.getBytes(StandardCharsets.US_ASCII)));
  }

  /** A data sub-element, in the small form when it holds 1..4 bytes (as MATLAB writes). */
  byte[] data(int mi, byte[] bytes) {
    return bytes.length > 0 && bytes.length <= 4 ? small(mi, bytes) : element(mi, bytes);
  }

  /** Tag + data + padding to 8 bytes. */
  byte[] element(int mi, byte[] bytes) {
    int padded = (bytes.length + 7) & ~7;
    byte[] e = Arrays.copyOf(tag(mi, bytes.length), 8 + padded);
    System.arraycopy(bytes, 0, e, 8, bytes.length);
    return e;
  }

  byte[] small(int mi, byte[] bytes) {
    ByteBuffer b = ByteBuffer.allocate(8).order(order);
    b.putInt((bytes.length << 16) | mi);
    b.put(bytes);
    return b.array();
  }

  byte[] tag(int mi, long n) {
    return ByteBuffer.allocate(8).order(order).putInt(mi).putInt((int) n).array();
  }

  /** Values cast to storage type {@code mi} (integers truncated as a C cast; callers pass representable values). */
  byte[] encode(int mi, double[] values) {
    int size = mi == INT8 || mi == UINT8 ? 1 : mi == INT16 || mi == UINT16 ? 2
        : mi == INT32 || mi == UINT32 || mi == SINGLE ? 4 : 8;
    ByteBuffer b = ByteBuffer.allocate(values.length * size).order(order);
    for (double v : values) {
      switch (mi) {
        case INT8, UINT8 -> b.put((byte) (long) v);
        case INT16, UINT16 -> b.putShort((short) (long) v);
        case INT32, UINT32 -> b.putInt((int) (long) v);
        case SINGLE -> b.putFloat((float) v);
        case DOUBLE -> b.putDouble(v);
        case INT64, UINT64 -> b.putLong((long) v);
        default -> throw new IllegalArgumentException("mi " + mi);
      }
    }
    return b.array();
  }
}
