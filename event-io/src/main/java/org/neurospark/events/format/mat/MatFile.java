package org.neurospark.events.format.mat;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurospark.events.EventFileException;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;

/**
 * A MATLAB Level-5 MAT-file (versions 5, 6 and 7; not 7.3, which is HDF5): the 128-byte header, then one data
 * element per variable, each either an {@code miMATRIX} or an {@code miCOMPRESSED} (zlib) element wrapping one.
 * Opening scans the element tags and the matrix headers only (for compressed elements it inflates just the first
 * few hundred bytes), and keeps a {@link MatColumn} positioned at the values of each wanted numeric variable, so
 * values are streamed later in constant memory. Cell, struct, object, char and sparse arrays and other elements are
 * skipped and counted in {@link #skipped()}.
 */
final class MatFile implements Closeable {
  /** Size of the Level-5 file header. */
  static final int HEADER_BYTES = 128;
  /** The 8-byte HDF5 signature (v7.3 files carry it at byte 512, after a 512-byte user block). */
  static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};

  private static final int MAX_DIMS_BYTES = 4 * 64;
  private static final int MAX_NAME_BYTES = 4096;

  private final String file;
  private final ByteSource channel;
  private final boolean ownsSource;
  private final long size;
  private final Map<String, MatColumn> columns = new LinkedHashMap<>();
  private final List<MatVariable> variables = new ArrayList<>();
  private final Map<String, Long> skipped = new LinkedHashMap<>();
  private boolean bigEndian;
  private String headerText;

  private MatFile(ByteSource channel, boolean ownsSource) {
    this.file = channel.name();
    this.channel = channel;
    this.ownsSource = ownsSource;
    this.size = channel.size();
  }

  /**
   * Opens {@code file}, validates the header and scans all elements.
   *
   * @param wanted names of the numeric variables whose values will be streamed ({@link #column})
   * @throws EventFileException for a v7.3 (HDF5) file, a bad header, or a truncated or corrupt element
   */
  static MatFile open(Path file, Set<String> wanted) throws IOException {
    ByteSource ch = FileByteSource.open(file);
    try {
      return open(ch, true, wanted);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Like {@link #open(Path, Set)} over {@code source}, which stays the caller's: {@link #close()} closes the variable
   * streams but not the source.
   */
  static MatFile open(ByteSource source, Set<String> wanted) throws IOException {
    return open(source, false, wanted);
  }

  private static MatFile open(ByteSource source, boolean owns, Set<String> wanted) throws IOException {
    MatFile m = new MatFile(source, owns);
    try {
      m.readHeader();
      m.scan(wanted);
      return m;
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** The source's name (path or URI), for messages. */
  String file() {
    return file;
  }

  /** File size in bytes. */
  long size() {
    return size;
  }

  /** True when the endian indicator is 'MI' (big-endian writer). */
  boolean bigEndian() {
    return bigEndian;
  }

  /** The 116-byte descriptive text of the header, trailing blanks removed. */
  String headerText() {
    return headerText;
  }

  /** The numeric variables found, in file order. */
  List<MatVariable> variables() {
    return variables;
  }

  /** The stream of a wanted variable's values, or null when the file has no numeric variable of that name. */
  MatColumn column(String name) {
    return columns.get(name);
  }

  /** Counts of skipped elements by kind (e.g. {@code "cell"}, {@code "char"}, {@code "miUTF8"}). */
  Map<String, Long> skipped() {
    return skipped;
  }

  /** Names of all numeric variables, for messages. */
  List<String> variableNames() {
    List<String> l = new ArrayList<>();
    for (MatVariable v : variables) {
      l.add(v.name());
    }
    return l;
  }

  private void readHeader() throws IOException {
    byte[] h = new byte[HEADER_BYTES];
    int n = readAt(0, h, HEADER_BYTES);
    String text = new String(h, 0, Math.min(n, 116), StandardCharsets.ISO_8859_1);
    if (startsWith(h, n, HDF5_SIGNATURE) || text.startsWith("MATLAB 7.3") || hdf5At512()) {
      throw new EventFileException(file, 0, "MATLAB v7.3 MAT-file (HDF5 container): not supported by this reader,"
          + " which reads Level-5 MAT-files (v5/v6/v7); re-save in MATLAB with save(..., '-v7') or read it with an"
          + " HDF5 library");
    }
    if (n < HEADER_BYTES) {
      throw new EventFileException(file, n, "truncated: " + n + " bytes, a MAT-file header has 128");
    }
    if (h[126] == 'I' && h[127] == 'M') {
      bigEndian = false;
    } else if (h[126] == 'M' && h[127] == 'I') {
      bigEndian = true;
    } else {
      throw new EventFileException(file, 126, "endian indicator 0x" + hex(h[126]) + hex(h[127])
          + " (expected 'IM' or 'MI'): not a MATLAB Level-5 MAT-file");
    }
    int version = ByteBuffer.wrap(h, 124, 2).order(order()).getShort() & 0xFFFF;
    if (version == 0x0200) {
      throw new EventFileException(file, 124, "MAT-file version 0x0200 is MATLAB v7.3 (HDF5): not supported by this"
          + " reader; re-save with save(..., '-v7')");
    }
    if (version != 0x0100) {
      throw new EventFileException(file, 124, "MAT-file version 0x" + Integer.toHexString(version)
          + " (expected 0x0100, MATLAB Level 5)");
    }
    headerText = text.stripTrailing();
  }

  private boolean hdf5At512() throws IOException {
    if (size < 520) {
      return false;
    }
    byte[] b = new byte[8];
    return readAt(512, b, 8) == 8 && Arrays.equals(b, HDF5_SIGNATURE);
  }

  private void scan(Set<String> wanted) throws IOException {
    long off = HEADER_BYTES;
    byte[] tag = new byte[8];
    ByteOrder o = order();
    while (off < size) {
      if (size - off < 8) {
        throw new EventFileException(file, off, "truncated: " + (size - off)
            + " trailing bytes, expected an 8-byte data element tag");
      }
      readAt(off, tag, 8);
      ByteBuffer tb = ByteBuffer.wrap(tag).order(o);
      long w0 = tb.getInt(0) & 0xFFFFFFFFL;
      if ((w0 >>> 16) != 0) { // small data element: 2-byte count, 2-byte type, 4 bytes of data
        int type = (int) (w0 & 0xFFFF);
        checkType(type, off);
        count(MatTypes.miName(type));
        off += 8;
        continue;
      }
      int type = (int) w0;
      long n = tb.getInt(4) & 0xFFFFFFFFL;
      checkType(type, off);
      if (n > size - off - 8) {
        throw new EventFileException(file, off, "truncated: " + MatTypes.miName(type) + " element declares " + n
            + " bytes, the file has " + (size - off - 8) + " after its tag");
      }
      if (type == MatTypes.MI_COMPRESSED) {
        InflatedSlice src = new InflatedSlice(channel, off + 8, n);
        boolean kept = false;
        try {
          byte[] inner = new byte[8];
          src.readFully(inner, 0, 8, "the tag of the compressed element's content");
          ByteBuffer ib = ByteBuffer.wrap(inner).order(o);
          int innerType = ib.getInt(0);
          long innerN = ib.getInt(4) & 0xFFFFFFFFL;
          if (innerType == MatTypes.MI_MATRIX) {
            kept = matrix(src, innerN, 8, off, true, wanted);
          } else {
            checkType(innerType, off);
            count(MatTypes.miName(innerType));
          }
        } finally {
          if (!kept) {
            src.close();
          }
        }
        off += 8 + n; // compressed elements are not padded
      } else {
        if (type == MatTypes.MI_MATRIX) {
          FileSlice src = new FileSlice(channel, off + 8, n);
          matrix(src, n, 0, off, false, wanted);
        } else {
          count(MatTypes.miName(type));
        }
        long padded = pad8(n);
        off += 8 + Math.min(padded, size - off - 8); // a missing final pad is harmless
      }
    }
  }

  /**
   * Parses a matrix header from {@code src} (content of {@code n} bytes starting at source position {@code base}).
   *
   * @return true when the source was kept as a wanted variable's column (the caller must not close it)
   */
  private boolean matrix(MatSource src, long n, long base, long elementOffset, boolean compressed,
      Set<String> wanted) throws IOException {
    if (n == 0) {
      count("empty_matrix");
      return false;
    }
    ByteOrder o = order();
    byte[] b = new byte[16];
    long at = src.pos;
    src.readFully(b, 0, 16, "the array flags sub-element");
    ByteBuffer bb = ByteBuffer.wrap(b).order(o);
    if (bb.getInt(0) != MatTypes.MI_UINT32 || bb.getInt(4) != 8) {
      throw src.error(at, "bad array flags sub-element: tag (type " + bb.getInt(0) + ", " + (bb.getInt(4) & 0xFFFFFFFFL)
          + " bytes), expected miUINT32 of 8 bytes");
    }
    int flags = bb.getInt(8);
    int mx = flags & 0xFF;
    boolean complex = (flags & 0x800) != 0;
    if (!MatTypes.isNumericClass(mx)) {
      if (mx >= MatTypes.MX_CELL && mx <= MatTypes.MX_SPARSE || mx == 16 || mx == 17) {
        count(MatTypes.mxName(mx));
        return false;
      }
      throw src.error(at + 8, "unknown array class " + mx + " in the array flags (expected 1..17)");
    }
    // dimensions
    at = src.pos;
    src.readFully(b, 0, 8, "the dimensions sub-element tag");
    bb = ByteBuffer.wrap(b).order(o);
    int dimsType = bb.getInt(0);
    long dimsBytes = bb.getInt(4) & 0xFFFFFFFFL;
    if (dimsType != MatTypes.MI_INT32 || dimsBytes < 8 || dimsBytes > MAX_DIMS_BYTES || dimsBytes % 4 != 0) {
      throw src.error(at, "bad dimensions sub-element: type " + dimsType + ", " + dimsBytes
          + " bytes (expected miINT32, a multiple of 4 between 8 and " + MAX_DIMS_BYTES + ")");
    }
    byte[] db = new byte[(int) pad8(dimsBytes)];
    src.readFully(db, 0, db.length, "the dimensions");
    ByteBuffer dbb = ByteBuffer.wrap(db).order(o);
    int[] dims = new int[(int) (dimsBytes / 4)];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = dbb.getInt(4 * i);
      if (dims[i] < 0) {
        throw src.error(at + 8 + 4L * i, "negative dimension " + dims[i]);
      }
      count = count == 0 || dims[i] == 0 ? 0 : multiply(count, dims[i], src, at);
    }
    // name
    at = src.pos;
    src.readFully(b, 0, 8, "the array name sub-element");
    bb = ByteBuffer.wrap(b).order(o);
    long w0 = bb.getInt(0) & 0xFFFFFFFFL;
    String name;
    if ((w0 >>> 16) != 0) {
      int len = (int) (w0 >>> 16);
      if (len > 4) {
        throw src.error(at, "bad small name element: " + len + " bytes (at most 4 fit)");
      }
      name = new String(b, 4, len, StandardCharsets.ISO_8859_1);
    } else {
      long len = bb.getInt(4) & 0xFFFFFFFFL;
      if ((w0 != MatTypes.MI_INT8 && w0 != MatTypes.MI_UINT8) || len > MAX_NAME_BYTES) {
        throw src.error(at, "bad array name sub-element: type " + w0 + ", " + len + " bytes (expected miINT8, at"
            + " most " + MAX_NAME_BYTES + " bytes)");
      }
      byte[] nb = new byte[(int) pad8(len)];
      src.readFully(nb, 0, nb.length, "the array name");
      name = new String(nb, 0, (int) len, StandardCharsets.ISO_8859_1);
    }
    // real part
    at = src.pos;
    src.readFully(b, 0, 8, "the real part tag of '" + name + "'");
    bb = ByteBuffer.wrap(b).order(o);
    w0 = bb.getInt(0) & 0xFFFFFFFFL;
    int type;
    long len;
    byte[] inline = null;
    if ((w0 >>> 16) != 0) {
      type = (int) (w0 & 0xFFFF);
      len = w0 >>> 16;
      if (len > 4) {
        throw src.error(at, "bad small data element: " + len + " bytes (at most 4 fit)");
      }
      inline = Arrays.copyOfRange(b, 4, 8);
    } else {
      type = (int) w0;
      len = bb.getInt(4) & 0xFFFFFFFFL;
    }
    int vs = MatTypes.numericSize(type);
    if (vs == 0) {
      throw src.error(at, "real part of '" + name + "' stored as " + MatTypes.miName(type)
          + " (expected a numeric type miINT8 .. miUINT64, miSINGLE, miDOUBLE)");
    }
    if (len % vs != 0 || len / vs != count) {
      throw src.error(at, "dims mismatch for '" + name + "': dimensions " + dimsText(dims) + " hold " + count
          + " values, but the real part has " + len + " bytes of " + MatTypes.miName(type) + " ("
          + (double) len / vs + " values)");
    }
    long contentEnd = base + n;
    if (inline == null && src.pos + len > contentEnd) {
      throw src.error(at, "real part of '" + name + "' (" + len + " bytes) runs past the end of its "
          + (compressed ? "compressed " : "") + "matrix element (" + (contentEnd - src.pos) + " bytes left)");
    }
    MatVariable v = new MatVariable(name, mx, dims, complex, type, count, elementOffset, compressed);
    variables.add(v);
    if (!wanted.contains(name)) {
      return false;
    }
    MatColumn old = columns.put(name, new MatColumn(v, src, src.pos, contentEnd, inline, bigEndian));
    if (old != null) {
      old.close(); // a later variable of the same name wins, as in scipy.io.loadmat
    }
    if (inline != null) {
      src.close();
    }
    return true;
  }

  private long multiply(long a, int d, MatSource src, long at) throws EventFileException {
    try {
      return Math.multiplyExact(a, d);
    } catch (ArithmeticException e) {
      throw src.error(at, "dimensions overflow a 64-bit element count");
    }
  }

  private void checkType(int type, long off) throws EventFileException {
    boolean known = (type >= MatTypes.MI_INT8 && type <= MatTypes.MI_SINGLE) || type == MatTypes.MI_DOUBLE
        || (type >= MatTypes.MI_INT64 && type <= MatTypes.MI_UTF32);
    if (!known) {
      throw new EventFileException(file, off, "bad data element tag: unknown data type " + type
          + " (expected 1..7, 9, 12..18)");
    }
  }

  private void count(String kind) {
    skipped.merge(kind, 1L, Long::sum);
  }

  static String dimsText(int[] dims) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : "x").append(dims[i]);
    }
    return sb.append(']').toString();
  }

  private static long pad8(long n) {
    return (n + 7) & ~7L;
  }

  private ByteOrder order() {
    return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  private int readAt(long pos, byte[] b, int len) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
    int got = 0;
    while (got < len) {
      int r = channel.read(pos + got, bb);
      if (r < 0) {
        break;
      }
      got += r;
    }
    return got;
  }

  private static boolean startsWith(byte[] a, int n, byte[] prefix) {
    if (n < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (a[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String hex(byte b) {
    return String.format("%02x", b & 0xFF);
  }

  @Override
  public void close() throws IOException {
    try {
      for (MatColumn c : columns.values()) {
        c.close();
      }
    } finally {
      if (ownsSource) {
        channel.close();
      }
    }
  }
}
