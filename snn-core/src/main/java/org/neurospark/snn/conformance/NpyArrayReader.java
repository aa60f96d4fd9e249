package org.neurospark.snn.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interim {@link ArrayReader} for the golden {@code .npy} files (little-endian float32/float64/int64/bool,
 * C order). To be replaced by event-io's general NumPy reader ({@code org.neurospark.events.npy}) once merged.
 */
public final class NpyArrayReader implements ArrayReader {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([a-z])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  @Override
  public NdArray read(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length < 10 || b[0] != (byte) 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P'
        || b[5] != 'Y') {
      throw new IOException(file + ": not a .npy file (bad magic at byte offset 0)");
    }
    int major = b[6];
    int headerLen;
    int start;
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      headerLen = Short.toUnsignedInt(bb.getShort(8));
      start = 10;
    } else {
      headerLen = bb.getInt(8);
      start = 12;
    }
    if (start + headerLen > b.length) {
      throw new IOException(file + ": header of " + headerLen + " bytes at byte offset " + start
          + " runs past the end of the file");
    }
    String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new IOException(file + ": malformed header at byte offset " + start + ": " + header.trim());
    }
    if (f.group(1).equals("True")) {
      throw new IOException(file + ": Fortran-order arrays are not supported");
    }
    if (d.group(1).equals(">")) {
      throw new IOException(file + ": big-endian arrays are not supported");
    }
    String[] dims = s.group(1).split(",");
    int count = 0;
    for (String dim : dims) {
      if (!dim.isBlank()) {
        count++;
      }
    }
    int[] shape = new int[count];
    long n = 1;
    int k = 0;
    for (String dim : dims) {
      if (!dim.isBlank()) {
        shape[k] = Integer.parseInt(dim.trim());
        n *= shape[k++];
      }
    }
    char kind = d.group(2).charAt(0);
    int size = Integer.parseInt(d.group(3));
    int dataStart = start + headerLen;
    if ((long) dataStart + n * size > b.length) {
      throw new IOException(file + ": expected " + n * size + " data bytes at byte offset " + dataStart + ", file has "
          + (b.length - dataStart));
    }
    double[] out = new double[(int) n];
    for (int i = 0; i < n; i++) {
      int off = dataStart + i * size;
      if (kind == 'f' && size == 4) {
        out[i] = bb.getFloat(off);
      } else if (kind == 'f' && size == 8) {
        out[i] = bb.getDouble(off);
      } else if (kind == 'i' && size == 8) {
        out[i] = bb.getLong(off);
      } else if (kind == 'i' && size == 4) {
        out[i] = bb.getInt(off);
      } else if (kind == 'b' && size == 1) {
        out[i] = b[off] != 0 ? 1 : 0;
      } else {
        throw new IOException(file + ": unsupported dtype " + d.group() + " in header");
      }
    }
    return new NdArray(shape, out);
  }
}
