package org.neurospark.snn.tensor.cpu;

import java.util.Arrays;
import org.neurospark.snn.tensor.DType;

/**
 * CPU kernels for integer dtypes and index operations: strided copies/fills of INT32/INT64 storages, copies that
 * convert between any two dtypes, and gather/scatter/one-hot. Single-threaded: these run on index-sized data
 * (labels, argmax), not on activations.
 */
final class IndexKernels {
  private IndexKernels() {}

  /** Storage offsets of every element of a view, in row-major order of {@code shape}. */
  static int[] offsets(int[] shape, int[] strides, int off) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    int[] out = new int[n];
    if (n == 0) {
      return out;
    }
    int r = shape.length;
    int[] idx = new int[r];
    int p = off;
    for (int k = 0; k < n; k++) {
      out[k] = p;
      for (int d = r - 1; d >= 0; d--) {
        idx[d]++;
        p += strides[d];
        if (idx[d] < shape[d]) {
          break;
        }
        p -= strides[d] * shape[d];
        idx[d] = 0;
      }
    }
    return out;
  }

  /** Strided copy between storages of the same integer dtype; l has operands (src, dst). */
  static void copySame(CpuStorage s, int soff, CpuStorage d, int doff, StridedLoop l) {
    int as = l.innerStride(0);
    int os = l.innerStride(1);
    int n = l.inner;
    StridedLoop.Cursor c = l.cursor(0, soff, doff);
    boolean i32 = s.dtype() == DType.INT32;
    for (int r = 0; r < l.rows; r++) {
      int pa = c.off[0];
      int po = c.off[1];
      if (as == 1 && os == 1) {
        if (i32) {
          System.arraycopy(s.ints(), pa, d.ints(), po, n);
        } else {
          System.arraycopy(s.longs(), pa, d.longs(), po, n);
        }
      } else if (i32) {
        int[] a = s.ints();
        int[] o = d.ints();
        for (int i = 0; i < n; i++) {
          o[po + i * os] = a[pa + i * as];
        }
      } else {
        long[] a = s.longs();
        long[] o = d.longs();
        for (int i = 0; i < n; i++) {
          o[po + i * os] = a[pa + i * as];
        }
      }
      c.next();
    }
  }

  /**
   * Strided copy converting between any two dtypes (at least one an integer type); l has operands (src, dst).
   * Floating to integer truncates toward zero like a Java cast; integer to floating rounds to nearest.
   */
  static void copyConvert(CpuStorage s, int soff, CpuStorage d, int doff, StridedLoop l) {
    int as = l.innerStride(0);
    int os = l.innerStride(1);
    int n = l.inner;
    StridedLoop.Cursor c = l.cursor(0, soff, doff);
    boolean srcInt = !s.dtype().isFloatingPoint();
    for (int r = 0; r < l.rows; r++) {
      for (int i = 0; i < n; i++) {
        int pa = c.off[0] + i * as;
        int po = c.off[1] + i * os;
        switch (d.dtype()) {
          case FLOAT32:
            d.floats()[po] = srcInt ? (float) s.getLong(pa) : (float) s.getDouble(pa);
            break;
          case FLOAT64:
            d.doubles()[po] = srcInt ? (double) s.getLong(pa) : s.getDouble(pa);
            break;
          case INT32:
            d.ints()[po] = srcInt ? (int) s.getLong(pa) : (int) s.getDouble(pa);
            break;
          default:
            d.longs()[po] = srcInt ? s.getLong(pa) : (long) s.getDouble(pa);
            break;
        }
      }
      c.next();
    }
  }

  /** Sets every element of an integer view to {@code v} (truncated toward zero). */
  static void fill(CpuStorage o, int off, StridedLoop l, double v) {
    int is = l.innerStride(0);
    int n = l.inner;
    StridedLoop.Cursor c = l.cursor(0, off);
    for (int r = 0; r < l.rows; r++) {
      int p = c.off[0];
      if (o.dtype() == DType.INT32) {
        int x = (int) v;
        for (int i = 0; i < n; i++) {
          o.ints()[p + i * is] = x;
        }
      } else {
        long x = (long) v;
        for (int i = 0; i < n; i++) {
          o.longs()[p + i * is] = x;
        }
      }
      c.next();
    }
  }

  /** The index value at storage offset p of an INT32/INT64 storage, checked against [0, size). */
  static int index(CpuStorage idx, int p, int size, String what, int k) {
    long v = idx.getLong(p);
    if (v < 0 || v >= size) {
      throw new IllegalArgumentException(what + " " + v + " at element " + k + " outside [0, " + size + ")");
    }
    return (int) v;
  }

  /** dst[dOff[k]] = src[sOff[k]] (or +=) for every k, same dtype. */
  static void move(CpuStorage src, int[] sOff, CpuStorage dst, int[] dOff, boolean add) {
    int n = sOff.length;
    switch (dst.dtype()) {
      case FLOAT32: {
        float[] a = src.floats();
        float[] o = dst.floats();
        for (int k = 0; k < n; k++) {
          o[dOff[k]] = add ? o[dOff[k]] + a[sOff[k]] : a[sOff[k]];
        }
        break;
      }
      case FLOAT64: {
        double[] a = src.doubles();
        double[] o = dst.doubles();
        for (int k = 0; k < n; k++) {
          o[dOff[k]] = add ? o[dOff[k]] + a[sOff[k]] : a[sOff[k]];
        }
        break;
      }
      case INT32: {
        int[] a = src.ints();
        int[] o = dst.ints();
        for (int k = 0; k < n; k++) {
          o[dOff[k]] = add ? o[dOff[k]] + a[sOff[k]] : a[sOff[k]];
        }
        break;
      }
      default: {
        long[] a = src.longs();
        long[] o = dst.longs();
        for (int k = 0; k < n; k++) {
          o[dOff[k]] = add ? o[dOff[k]] + a[sOff[k]] : a[sOff[k]];
        }
        break;
      }
    }
  }

  /** Sets element p of a storage of any dtype to 1 (0 elsewhere is the caller's fill). */
  static void setOne(CpuStorage o, int p) {
    switch (o.dtype()) {
      case FLOAT32: o.floats()[p] = 1f; break;
      case FLOAT64: o.doubles()[p] = 1.0; break;
      case INT32: o.ints()[p] = 1; break;
      default: o.longs()[p] = 1L; break;
    }
  }

  /** Clears a whole storage. */
  static void clear(CpuStorage o) {
    switch (o.dtype()) {
      case FLOAT32: Arrays.fill(o.floats(), 0f); break;
      case FLOAT64: Arrays.fill(o.doubles(), 0.0); break;
      case INT32: Arrays.fill(o.ints(), 0); break;
      default: Arrays.fill(o.longs(), 0L); break;
    }
  }
}
