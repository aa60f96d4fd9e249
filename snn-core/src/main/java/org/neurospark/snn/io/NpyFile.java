package org.neurospark.snn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array (format versions 1.0 to 3.0) read whole into memory: its dtype as NumPy spells it
 * ({@code <f4}, {@code >i8}, {@code |b1}, ...), its shape, and its values widened to {@code double} in row-major (C)
 * order whatever the file's order. Numeric dtypes of either byte order are read: {@code b1, i1, u1, i2, u2, i4, u4,
 * i8, u8, f2, f4, f8}; {@code i8}/{@code u8} values beyond 2^53 lose precision. Structured and object arrays are
 * refused. Errors name the file and the byte offset of the problem ({@link DataFileException}).
 *
 * <p>This is snn-core's own reader (golden tensors, interop files); it depends on nothing but the JDK.
 */
public final class NpyFile {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  /** Largest array this reader materialises (values held as doubles). */
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private final String dtype;
  private final int[] shape;
  private final double[] values;

  private NpyFile(String dtype, int[] shape, double[] values) {
    this.dtype = dtype;
    this.shape = shape;
    this.values = values;
  }

  /** NumPy's dtype string of the file, e.g. {@code <f4}. */
  public String dtype() {
    return dtype;
  }

  /** The array's shape (empty for a 0-d array). */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements (the product of the shape; 1 for a 0-d array). */
  public int size() {
    return values.length;
  }

  /** The values in row-major order, widened to double (not copied). */
  public double[] values() {
    return values;
  }

  /** Reads {@code file}; the whole file is held in memory while decoding. */
  public static NpyFile read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataFileException(file, -1, Files.exists(file) ? "not a regular file" : "no such file");
    }
    return parse(file, Files.readAllBytes(file));
  }

  /** Decodes the bytes of an {@code .npy} file; {@code name} is used in error messages only. */
  public static NpyFile parse(Path name, byte[] b) throws IOException {
    if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
      throw new DataFileException(name, 0, "not a NumPy .npy file (magic \\x93NUMPY missing)");
    }
    int major = b[6] & 0xff;
    int headerLength;
    int start;
    if (major == 1) {
      headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (b.length < 12) {
        throw new DataFileException(name, 8, "truncated header length");
      }
      long hl = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
      if (hl > b.length) {
        throw new DataFileException(name, 8, "header length " + hl + " exceeds the file (" + b.length + " bytes)");
      }
      headerLength = (int) hl;
      start = 12;
    } else {
      throw new DataFileException(name, 6, "unsupported .npy format version " + major);
    }
    if (start + headerLength > b.length) {
      throw new DataFileException(name, start, "truncated header: " + headerLength + " bytes declared, "
          + (b.length - start) + " present");
    }
    String header = new String(b, start, headerLength,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new DataFileException(name, start, "header lacks descr, fortran_order or shape: " + header.strip());
    }
    String descr = d.group(1);
    int[] shape = parseShape(name, start, s.group(1));
    long count = 1;
    for (int dim : shape) {
      count *= dim;
      if (count > MAX_ELEMENTS) {
        throw new DataFileException(name, start, "array of shape " + s.group(1).strip() + " is too large");
      }
    }
    int width = elementWidth(name, start, descr);
    int data = start + headerLength;
    long need = count * width;
    if (b.length - data != need) {
      throw new DataFileException(name, data, (b.length - data < need ? "truncated data: " : "trailing data: ")
          + need + " bytes expected for shape " + Arrays.toString(shape) + " of " + descr + ", "
          + (b.length - data) + " present");
    }
    ByteBuffer buf = ByteBuffer.wrap(b, data, (int) need).slice()
        .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    double[] raw = new double[(int) count];
    char kind = descr.charAt(1);
    for (int i = 0; i < raw.length; i++) {
      int at = i * width;
      raw[i] = switch (kind) {
        case 'b' -> buf.get(at) != 0 ? 1 : 0;
        case 'i' -> switch (width) {
          case 1 -> buf.get(at);
          case 2 -> buf.getShort(at);
          case 4 -> buf.getInt(at);
          default -> buf.getLong(at);
        };
        case 'u' -> switch (width) {
          case 1 -> buf.get(at) & 0xff;
          case 2 -> buf.getShort(at) & 0xffff;
          case 4 -> buf.getInt(at) & 0xffffffffL;
          default -> unsigned(buf.getLong(at));
        };
        default -> switch (width) {
          case 2 -> halfToFloat(buf.getShort(at));
          case 4 -> buf.getFloat(at);
          default -> buf.getDouble(at);
        };
      };
    }
    double[] values = "True".equals(f.group(1)) ? fortranToC(raw, shape) : raw;
    return new NpyFile(descr, shape, values);
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat needs JDK 20). */
  static float halfToFloat(short h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
  }

  private static double unsigned(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }

  private static int[] parseShape(Path name, int offset, String text) throws IOException {
    String[] parts = text.split(",");
    int[] shape = new int[parts.length];
    int n = 0;
    for (String p : parts) {
      if (p.isBlank()) {
        continue;
      }
      try {
        long v = Long.parseLong(p.strip().replace("L", ""));
        if (v < 0 || v > Integer.MAX_VALUE) {
          throw new DataFileException(name, offset, "bad dimension " + p.strip());
        }
        shape[n++] = (int) v;
      } catch (NumberFormatException e) {
        throw new DataFileException(name, offset, "bad shape (" + text.strip() + ")");
      }
    }
    return Arrays.copyOf(shape, n);
  }

  private static int elementWidth(Path name, int offset, String descr) throws IOException {
    if (descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0) {
      throw new DataFileException(name, offset, "unsupported dtype '" + descr + "' (structured or object arrays "
          + "are not read)");
    }
    char kind = descr.charAt(1);
    int width;
    try {
      width = Integer.parseInt(descr.substring(2));
    } catch (NumberFormatException e) {
      throw new DataFileException(name, offset, "unsupported dtype '" + descr + "'");
    }
    boolean ok = switch (kind) {
      case 'b' -> width == 1;
      case 'i', 'u' -> width == 1 || width == 2 || width == 4 || width == 8;
      case 'f' -> width == 2 || width == 4 || width == 8;
      default -> false;
    };
    if (!ok) {
      throw new DataFileException(name, offset, "unsupported dtype '" + descr + "'");
    }
    return width;
  }

  /** Reorders column-major values into row-major order. */
  private static double[] fortranToC(double[] f, int[] shape) {
    int rank = shape.length;
    if (rank < 2) {
      return f;
    }
    double[] c = new double[f.length];
    int[] idx = new int[rank];
    long[] fStride = new long[rank];
    long s = 1;
    for (int k = 0; k < rank; k++) {
      fStride[k] = s;
      s *= shape[k];
    }
    for (int i = 0; i < c.length; i++) {
      long src = 0;
      for (int k = 0; k < rank; k++) {
        src += idx[k] * fStride[k];
      }
      c[i] = f[(int) src];
      for (int k = rank - 1; k >= 0; k--) {
        if (++idx[k] < shape[k]) {
          break;
        }
        idx[k] = 0;
      }
    }
    return c;
  }
}
