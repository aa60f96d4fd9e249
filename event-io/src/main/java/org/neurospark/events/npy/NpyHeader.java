package org.neurospark.events.npy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code .npy} header (format versions 1.0, 2.0 and 3.0): the dtype (scalar or structured), memory order
 * and shape, plus where the data starts.
 *
 * <p>Layout: magic {@code \x93NUMPY}, major and minor version bytes, header length (uint16 LE for 1.x, uint32 LE
 * for 2.x/3.x), then an ASCII (3.x: UTF-8) Python dict literal with keys {@code descr}, {@code fortran_order} and
 * {@code shape}, padded with spaces and terminated by {@code \n}. Data follows immediately.
 *
 * @param major format major version (1, 2 or 3)
 * @param minor format minor version
 * @param scalar the element dtype of a plain array, or null for a structured array
 * @param fields the fields of a structured array in declaration order (empty for a plain array)
 * @param itemSize bytes per element / record
 * @param fortranOrder true when the data is stored column-major (Fortran order)
 * @param shape array dimensions; {@code []} for a 0-d scalar
 * @param dataOffset bytes from the start of the {@code .npy} stream to the first data byte
 */
public record NpyHeader(int major, int minor, NpyDtype scalar, List<NpyField> fields, int itemSize,
    boolean fortranOrder, long[] shape, int dataOffset) {

  /** The six magic bytes every {@code .npy} stream starts with. */
  public static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** Bytes before the header text: magic, version and (at most) a 4-byte length. */
  public static final int PREAMBLE_MAX = 12;
  /** Largest header text accepted (numpy's own default limit is 10000). */
  public static final int MAX_HEADER_TEXT = 1 << 20;

  public NpyHeader {
    fields = List.copyOf(fields);
    shape = shape.clone();
  }

  /** Creates a header for a plain array in C order (version chosen when written). */
  public static NpyHeader of(NpyDtype dtype, long... shape) {
    return new NpyHeader(1, 0, dtype, List.of(), dtype.size(), false, shape, 0);
  }

  /** Creates a header for a 1-D structured array of {@code n} records. */
  public static NpyHeader structured(List<NpyField> fields, int itemSize, long n) {
    return new NpyHeader(1, 0, null, fields, itemSize, false, new long[] {n}, 0);
  }

  /** True for a record (structured) dtype. */
  public boolean isStructured() {
    return scalar == null;
  }

  /** Number of elements (product of the shape; 1 for a 0-d array). */
  public long count() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Bytes of data the header announces: {@code count() * itemSize()}. */
  public long dataBytes() {
    return Math.multiplyExact(count(), itemSize);
  }

  /** The named field, or null. */
  public NpyField field(String name) {
    for (NpyField f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** Shape as a defensive copy. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The dtype as NumPy would print the descr ({@code '<f4'} or {@code [('t', '<i8'), ...]}). */
  public String descrLiteral() {
    if (!isStructured()) {
      return "'" + scalar.descr() + "'";
    }
    boolean packed = true;
    int off = 0;
    for (NpyField f : fields) {
      if (f.offset() != off) {
        packed = false;
      }
      off += f.dtype().size();
    }
    if (packed && off == itemSize) {
      StringBuilder b = new StringBuilder("[");
      for (int k = 0; k < fields.size(); k++) {
        NpyField f = fields.get(k);
        b.append(k == 0 ? "" : ", ").append("('").append(f.name()).append("', '").append(f.dtype().descr())
            .append("')");
      }
      return b.append(']').toString();
    }
    StringBuilder names = new StringBuilder();
    StringBuilder formats = new StringBuilder();
    StringBuilder offsets = new StringBuilder();
    for (int k = 0; k < fields.size(); k++) {
      NpyField f = fields.get(k);
      String sep = k == 0 ? "" : ", ";
      names.append(sep).append('\'').append(f.name()).append('\'');
      formats.append(sep).append('\'').append(f.dtype().descr()).append('\'');
      offsets.append(sep).append(f.offset());
    }
    return "{'names': [" + names + "], 'formats': [" + formats + "], 'offsets': [" + offsets + "], 'itemsize': "
        + itemSize + "}";
  }

  /**
   * Serialises this header (version 1.0, or 2.0 when the text exceeds 65535 bytes), padding the text with spaces so
   * the data starts at a multiple of 64 bytes, plus at least {@code spare} extra spaces so the header can later be
   * rewritten in place with a longer shape.
   */
  public byte[] toBytes(int spare) {
    StringBuilder shp = new StringBuilder("(");
    for (int k = 0; k < shape.length; k++) {
      shp.append(k == 0 ? "" : ", ").append(shape[k]);
    }
    if (shape.length == 1) {
      shp.append(',');
    }
    shp.append(')');
    String dict = "{'descr': " + descrLiteral() + ", 'fortran_order': " + (fortranOrder ? "True" : "False")
        + ", 'shape': " + shp + ", }";
    byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
    int pre = text.length + 1 + spare + 10 > 65535 ? 12 : 10;
    int total = pre + text.length + 1 + spare;
    total = (total + 63) / 64 * 64;
    byte[] out = new byte[total];
    System.arraycopy(MAGIC, 0, out, 0, 6);
    int hlen = total - pre;
    if (pre == 10) {
      out[6] = 1;
      out[7] = 0;
      out[8] = (byte) hlen;
      out[9] = (byte) (hlen >>> 8);
    } else {
      out[6] = 2;
      out[7] = 0;
      out[8] = (byte) hlen;
      out[9] = (byte) (hlen >>> 8);
      out[10] = (byte) (hlen >>> 16);
      out[11] = (byte) (hlen >>> 24);
    }
    System.arraycopy(text, 0, out, pre, text.length);
    Arrays.fill(out, pre + text.length, total - 1, (byte) ' ');
    out[total - 1] = '\n';
    return out;
  }

  /**
   * Reads the preamble in {@code b[0..n)} and returns the total header length (the data offset), so the caller
   * knows how many bytes to fetch for {@link #parse}.
   *
   * @throws NpyFormatException when the magic or version is wrong or fewer than 10 (12) bytes are available
   */
  public static int headerLength(byte[] b, int n) throws NpyFormatException {
    if (n < 10) {
      throw new NpyFormatException(n, "truncated: a .npy header needs at least 10 bytes, found " + n);
    }
    for (int k = 0; k < MAGIC.length; k++) {
      if (b[k] != MAGIC[k]) {
        throw new NpyFormatException(k, "not a .npy stream: magic bytes are not \\x93NUMPY");
      }
    }
    int major = b[6] & 0xFF;
    long len;
    int pre;
    if (major == 1) {
      len = (b[8] & 0xFF) | ((b[9] & 0xFF) << 8);
      pre = 10;
    } else if (major == 2 || major == 3) {
      if (n < 12) {
        throw new NpyFormatException(n, "truncated: a version " + major + " .npy header needs 12 bytes, found " + n);
      }
      len = (b[8] & 0xFFL) | ((b[9] & 0xFFL) << 8) | ((b[10] & 0xFFL) << 16) | ((b[11] & 0xFFL) << 24);
      pre = 12;
    } else {
      throw new NpyFormatException(6, "unsupported .npy format version " + major + "." + (b[7] & 0xFF)
          + " (expected 1.0, 2.0 or 3.0)");
    }
    if (len > MAX_HEADER_TEXT) {
      throw new NpyFormatException(8, "header length " + len + " exceeds the " + MAX_HEADER_TEXT + "-byte limit");
    }
    return pre + (int) len;
  }

  /**
   * Parses a complete header held in {@code b[0..total)}, where {@code total} came from {@link #headerLength}.
   *
   * @throws NpyFormatException naming the offset and what is wrong (bad literal, missing key, unsupported dtype)
   */
  public static NpyHeader parse(byte[] b, int total) throws NpyFormatException {
    int major = b[6] & 0xFF;
    int minor = b[7] & 0xFF;
    int pre = major == 1 ? 10 : 12;
    String text = new String(b, pre, total - pre,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Object lit;
    try {
      lit = PyLiteral.parse(text);
    } catch (IllegalArgumentException e) {
      throw new NpyFormatException(pre, "bad .npy header: " + e.getMessage());
    }
    if (!(lit instanceof Map<?, ?> dict)) {
      throw new NpyFormatException(pre, "bad .npy header: not a dict literal");
    }
    for (String key : new String[] {"descr", "fortran_order", "shape"}) {
      if (!dict.containsKey(key)) {
        throw new NpyFormatException(pre, "bad .npy header: missing key '" + key + "' in " + text.trim());
      }
    }
    Object fo = dict.get("fortran_order");
    if (!(fo instanceof Boolean fortran)) {
      throw new NpyFormatException(pre, "bad .npy header: fortran_order is not True/False");
    }
    Object sh = dict.get("shape");
    if (!(sh instanceof List<?> shapeList)) {
      throw new NpyFormatException(pre, "bad .npy header: shape is not a tuple");
    }
    long[] shape = new long[shapeList.size()];
    for (int k = 0; k < shape.length; k++) {
      if (!(shapeList.get(k) instanceof Long d) || d < 0) {
        throw new NpyFormatException(pre, "bad .npy header: shape " + shapeList + " has a non-integer or negative"
            + " dimension");
      }
      shape[k] = d;
    }
    Object descr = dict.get("descr");
    NpyHeader h;
    try {
      if (descr instanceof String s) {
        NpyDtype dt = NpyDtype.parse(s);
        h = new NpyHeader(major, minor, dt, List.of(), dt.size(), fortran, shape, total);
      } else if (descr instanceof List<?> l) {
        List<NpyField> fields = new ArrayList<>();
        int off = 0;
        for (Object o : l) {
          if (!(o instanceof List<?> tup) || tup.size() < 2 || !(tup.get(0) instanceof String name)
              || !(tup.get(1) instanceof String fd)) {
            throw new IllegalArgumentException("structured descr entry " + o + " is not (name, dtype)");
          }
          if (tup.size() > 2) {
            throw new IllegalArgumentException("field '" + name + "' has a sub-array shape " + tup.get(2)
                + " (not supported)");
          }
          NpyDtype dt = NpyDtype.parse(fd);
          fields.add(new NpyField(name, dt, off));
          off += dt.size();
        }
        h = new NpyHeader(major, minor, null, fields, off, fortran, shape, total);
      } else if (descr instanceof Map<?, ?> m) {
        h = parseDictDescr(m, major, minor, fortran, shape, total);
      } else {
        throw new IllegalArgumentException("descr " + descr + " is neither a string, a list nor a dict");
      }
    } catch (IllegalArgumentException e) {
      throw new NpyFormatException(pre, "bad .npy header: " + e.getMessage());
    }
    if (h.isStructured() && h.fields().isEmpty()) {
      throw new NpyFormatException(pre, "bad .npy header: structured dtype without fields");
    }
    try {
      h.dataBytes();
    } catch (ArithmeticException e) {
      throw new NpyFormatException(pre, "bad .npy header: shape " + Arrays.toString(shape) + " overflows");
    }
    return h;
  }

  private static NpyHeader parseDictDescr(Map<?, ?> m, int major, int minor, boolean fortran, long[] shape,
      int total) {
    if (!(m.get("names") instanceof List<?> names) || !(m.get("formats") instanceof List<?> formats)
        || names.size() != formats.size()) {
      throw new IllegalArgumentException("dict descr needs 'names' and 'formats' of equal length");
    }
    List<?> offsets = m.get("offsets") instanceof List<?> l ? l : null;
    if (offsets != null && offsets.size() != names.size()) {
      throw new IllegalArgumentException("dict descr 'offsets' length differs from 'names'");
    }
    List<NpyField> fields = new ArrayList<>();
    int off = 0;
    int end = 0;
    for (int k = 0; k < names.size(); k++) {
      if (!(names.get(k) instanceof String name) || !(formats.get(k) instanceof String fd)) {
        throw new IllegalArgumentException("dict descr names/formats must be strings");
      }
      NpyDtype dt = NpyDtype.parse(fd);
      int o = off;
      if (offsets != null) {
        if (!(offsets.get(k) instanceof Long lo) || lo < 0 || lo > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("bad offset " + offsets.get(k) + " for field '" + name + "'");
        }
        o = (int) (long) lo;
      }
      fields.add(new NpyField(name, dt, o));
      off = o + dt.size();
      end = Math.max(end, off);
    }
    int itemSize = end;
    if (m.get("itemsize") instanceof Long is) {
      if (is < end) {
        throw new IllegalArgumentException("itemsize " + is + " is smaller than the fields' extent " + end);
      }
      itemSize = (int) (long) is;
    }
    return new NpyHeader(major, minor, null, fields, itemSize, fortran, shape, total);
  }

  @Override
  public String toString() {
    return "NpyHeader[v" + major + "." + minor + ", descr=" + descrLiteral() + ", fortran_order=" + fortranOrder
        + ", shape=" + Arrays.toString(shape) + ", dataOffset=" + dataOffset + "]";
  }

  /** Field names, for messages. */
  public List<String> fieldNames() {
    List<String> n = new ArrayList<>();
    for (NpyField f : fields) {
      n.add(f.name());
    }
    return Collections.unmodifiableList(n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyHeader h && h.major == major && h.minor == minor && java.util.Objects.equals(h.scalar,
        scalar) && h.fields.equals(fields) && h.itemSize == itemSize && h.fortranOrder == fortranOrder
        && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(major, minor, scalar, fields, itemSize, fortranOrder, Arrays.hashCode(shape),
        dataOffset);
  }
}
