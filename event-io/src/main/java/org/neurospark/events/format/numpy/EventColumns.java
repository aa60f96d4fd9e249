package org.neurospark.events.format.numpy;

import org.neurospark.events.EventFileException;
import org.neurospark.events.npy.NpyDecode;
import org.neurospark.events.npy.NpyDtype;

/**
 * Converts NumPy event columns ({@code t}, {@code x}, {@code y}, {@code p} of any supported integer, float or bool
 * dtype) into {@link org.neurospark.events.EventBatch} columns, validating every value:
 * <ul>
 *   <li>{@code t} (µs): integers as they are; floats must be finite and are truncated toward zero like
 *       {@code astype(np.int64)}; bool is refused;</li>
 *   <li>{@code x}, {@code y} (pixels): non-negative integers up to {@link Integer#MAX_VALUE}; floats must be finite,
 *       non-negative and integral (NaN, -1.0 or 3.5 are errors); bool is refused;</li>
 *   <li>{@code p}: 0 or 1 (bool, integer or float 0.0/1.0); anything else (e.g. -1) is an error rather than a guess.</li>
 * </ul>
 * Errors name the row (event index) and its byte offset via {@link RowError}.
 */
final class EventColumns {
  private long[] longs = new long[0];
  private double[] doubles = new double[0];

  /** Checks that {@code dt} can hold column {@code name}; returns a problem description or null. */
  static String checkDtype(String name, NpyDtype dt) {
    if (dt.kind() == NpyDtype.Kind.VOID) {
      return "column '" + name + "' has dtype " + dt.descr() + " (expected an integer, float or bool column)";
    }
    if (dt.kind() == NpyDtype.Kind.BOOL && !name.equals("p")) {
      return "column '" + name + "' has dtype bool (expected integers or floats)";
    }
    return null;
  }

  private void ensure(int n, boolean floats) {
    if (floats) {
      if (doubles.length < n) {
        doubles = new double[n];
      }
    } else if (longs.length < n) {
      longs = new long[n];
    }
  }

  /** Float column values {@code [0, n)} as doubles, in the reused scratch. */
  private double[] asDoubles(byte[] src, int off, int stride, NpyDtype dt, int n) {
    ensure(n, true);
    NpyDecode.toDouble(src, off, stride, dt, doubles, 0, n);
    return doubles;
  }

  void t(byte[] src, int off, int stride, NpyDtype dt, long[] dst, int n, long row0, RowError err)
      throws EventFileException {
    if (dt.isFloat()) {
      double[] d = asDoubles(src, off, stride, dt, n);
      for (int i = 0; i < n; i++) {
        double v = d[i];
        if (!(Math.abs(v) < 0x1p63)) {
          throw err.at(row0 + i, "timestamp t = " + v + " is not a finite int64 value");
        }
        dst[i] = (long) v;
      }
    } else {
      int bad = NpyDecode.toLong(src, off, stride, dt, dst, 0, n);
      if (bad >= 0) {
        throw err.at(row0 + bad, "timestamp t = " + Long.toUnsignedString(dst[bad]) + " exceeds int64");
      }
    }
  }

  void coordinate(String name, byte[] src, int off, int stride, NpyDtype dt, int[] dst, int n, long row0,
      RowError err) throws EventFileException {
    if (dt.isFloat()) {
      double[] d = asDoubles(src, off, stride, dt, n);
      for (int i = 0; i < n; i++) {
        double v = d[i];
        int iv = (int) v;
        if (!(v >= 0 && v <= Integer.MAX_VALUE) || iv != v) {
          throw err.at(row0 + i, "coordinate " + name + " = " + v + " is not a non-negative integer pixel index");
        }
        dst[i] = iv;
      }
    } else {
      ensure(n, false);
      long[] l = longs;
      int bad = NpyDecode.toLong(src, off, stride, dt, l, 0, n);
      for (int i = 0; i < n; i++) {
        long v = l[i];
        if (v < 0 || v > Integer.MAX_VALUE || i == bad) {
          throw err.at(row0 + i, "coordinate " + name + " = " + (i == bad ? Long.toUnsignedString(v) : v)
              + " is not a pixel index in [0, " + Integer.MAX_VALUE + "]");
        }
        dst[i] = (int) v;
      }
    }
  }

  void polarity(byte[] src, int off, int stride, NpyDtype dt, byte[] dst, int n, long row0, RowError err)
      throws EventFileException {
    if (dt.isFloat()) {
      double[] d = asDoubles(src, off, stride, dt, n);
      for (int i = 0; i < n; i++) {
        double v = d[i];
        if (v != 0.0 && v != 1.0) {
          throw err.at(row0 + i, "polarity p = " + v + " (expected 0 or 1)");
        }
        dst[i] = (byte) v;
      }
    } else {
      ensure(n, false);
      long[] l = longs;
      int bad = NpyDecode.toLong(src, off, stride, dt, l, 0, n);
      for (int i = 0; i < n; i++) {
        long v = l[i];
        if ((v & ~1L) != 0 || i == bad) {
          throw err.at(row0 + i, "polarity p = " + (i == bad ? Long.toUnsignedString(v) : v)
              + " (expected 0 or 1)");
        }
        dst[i] = (byte) v;
      }
    }
  }
}
