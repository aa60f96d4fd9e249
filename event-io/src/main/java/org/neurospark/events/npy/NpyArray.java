package org.neurospark.events.npy;

import java.io.IOException;
import java.nio.file.Path;
import org.neurospark.events.io.ByteSource;

/**
 * A whole (small) {@code .npy} array in memory: the header and its raw data bytes. For large arrays use
 * {@link NpyInput} and stream instead. Conversions return C-order (row-major) data whatever the storage order.
 *
 * @param header the parsed header
 * @param data raw element bytes in storage order ({@code header.dataBytes()} of them)
 */
public record NpyArray(NpyHeader header, byte[] data) {

  /** Reads a {@code .npy} file completely (at most 2 GiB of data). */
  public static NpyArray read(Path file) throws IOException {
    try (NpyInput in = NpyInput.open(file)) {
      return read(in);
    }
  }

  /**
   * Reads the {@code .npy} stream that is the whole of {@code source} completely (at most 2 GiB of data); the caller
   * keeps ownership of the source and closes it.
   */
  public static NpyArray read(ByteSource source) throws IOException {
    try (NpyInput in = NpyInput.open(source)) {
      return read(in);
    }
  }

  /** Reads the rest of an opened array completely (at most 2 GiB of data). */
  public static NpyArray read(NpyInput in) throws IOException {
    long bytes = in.remaining() * in.header().itemSize();
    if (bytes > Integer.MAX_VALUE - 8) {
      throw in.source().error(in.header().dataOffset(), "array of " + bytes + " bytes is too large to load at once;"
          + " stream it with NpyInput");
    }
    byte[] data = new byte[(int) bytes];
    int n = (int) in.remaining();
    if (n > 0) {
      in.readElements(data, n);
    }
    return new NpyArray(in.header(), data);
  }

  /** Shape (copy). */
  public long[] shape() {
    return header.shape();
  }

  /** Number of elements. */
  public int size() {
    return (int) header.count();
  }

  /** All elements as float32 in C order (cast like {@code astype(float32)}). Plain arrays only. */
  public float[] toFloats() {
    NpyDtype dt = scalarDtype();
    float[] out = new float[size()];
    NpyDecode.toFloat(data, 0, dt.size(), dt, out, 0, out.length);
    return header.fortranOrder() ? fortranToC(out) : out;
  }

  /** All elements as float64 in C order. Plain numeric arrays only. */
  public double[] toDoubles() {
    NpyDtype dt = scalarDtype();
    double[] out = new double[size()];
    NpyDecode.toDouble(data, 0, dt.size(), dt, out, 0, out.length);
    if (!header.fortranOrder()) {
      return out;
    }
    double[] c = new double[out.length];
    int[] perm = fortranPermutation();
    for (int i = 0; i < c.length; i++) {
      c[i] = out[perm[i]];
    }
    return c;
  }

  /** All elements as int64 in C order. Plain bool/integer arrays only. */
  public long[] toLongs() {
    NpyDtype dt = scalarDtype();
    long[] out = new long[size()];
    if (NpyDecode.toLong(data, 0, dt.size(), dt, out, 0, out.length) >= 0) {
      throw new ArithmeticException("uint64 value above Long.MAX_VALUE");
    }
    if (!header.fortranOrder()) {
      return out;
    }
    long[] c = new long[out.length];
    int[] perm = fortranPermutation();
    for (int i = 0; i < c.length; i++) {
      c[i] = out[perm[i]];
    }
    return c;
  }

  /** One field of a structured array as int64 values. */
  public long[] fieldAsLongs(String name) {
    NpyField f = field(name);
    long[] out = new long[size()];
    if (NpyDecode.toLong(data, f.offset(), header.itemSize(), f.dtype(), out, 0, out.length) >= 0) {
      throw new ArithmeticException("uint64 value above Long.MAX_VALUE in field " + name);
    }
    return out;
  }

  /** One field of a structured array as float64 values. */
  public double[] fieldAsDoubles(String name) {
    NpyField f = field(name);
    double[] out = new double[size()];
    NpyDecode.toDouble(data, f.offset(), header.itemSize(), f.dtype(), out, 0, out.length);
    return out;
  }

  private NpyField field(String name) {
    NpyField f = header.field(name);
    if (f == null) {
      throw new IllegalArgumentException("no field '" + name + "' in " + header.fieldNames());
    }
    return f;
  }

  private NpyDtype scalarDtype() {
    if (header.isStructured()) {
      throw new IllegalStateException("structured array: use fieldAs*()");
    }
    return header.scalar();
  }

  private float[] fortranToC(float[] f) {
    float[] c = new float[f.length];
    int[] perm = fortranPermutation();
    for (int i = 0; i < c.length; i++) {
      c[i] = f[perm[i]];
    }
    return c;
  }

  /** perm[cIndex] = fortranIndex for every element. */
  private int[] fortranPermutation() {
    long[] shape = header.shape();
    int d = shape.length;
    int n = size();
    int[] perm = new int[n];
    long[] fStride = new long[d];
    long s = 1;
    for (int k = 0; k < d; k++) {
      fStride[k] = s;
      s *= shape[k];
    }
    int[] idx = new int[d];
    for (int c = 0; c < n; c++) {
      long f = 0;
      for (int k = 0; k < d; k++) {
        f += idx[k] * fStride[k];
      }
      perm[c] = (int) f;
      for (int k = d - 1; k >= 0; k--) {
        if (++idx[k] < shape[k]) {
          break;
        }
        idx[k] = 0;
      }
    }
    return perm;
  }
}
