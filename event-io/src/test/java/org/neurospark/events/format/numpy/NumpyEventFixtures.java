package org.neurospark.events.format.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.neurospark.events.npy.NpyDtype;
import org.neurospark.events.npy.NpyHeader;
import org.neurospark.events.npy.NpzWriter;

/** Writes event .npz fixtures with chosen column dtypes (test helper). */
final class NumpyEventFixtures {
  private NumpyEventFixtures() {}

  /** Writes columns t, x, y, p with dtypes {@code dts[0..3]}. */
  static void writeNpz(Path f, boolean compressed, NpyDtype[] dts, long[] t, int[] x, int[] y, byte[] p, int n)
      throws IOException {
    double[][] cols = new double[4][n];
    long[][] lcols = new long[4][n];
    for (int i = 0; i < n; i++) {
      lcols[0][i] = t[i];
      lcols[1][i] = x[i];
      lcols[2][i] = y[i];
      lcols[3][i] = p[i];
      for (int c = 0; c < 4; c++) {
        cols[c][i] = lcols[c][i];
      }
    }
    try (NpzWriter z = new NpzWriter(f, compressed)) {
      String[] keys = {"t", "x", "y", "p"};
      for (int c = 0; c < 4; c++) {
        z.add(keys[c], NpyHeader.of(dts[c], n), encode(dts[c], lcols[c], cols[c], n));
      }
    }
  }

  /** Writes int64 t/y/p and an x column of dtype {@code xdt} with {@code x[row] = value}. */
  static void writeNpzWithX(Path f, NpyDtype xdt, long[] t, int[] x, int[] y, byte[] p, int n, int row, double value)
      throws IOException {
    long[] lx = new long[n];
    double[] dx = new double[n];
    for (int i = 0; i < n; i++) {
      lx[i] = x[i];
      dx[i] = x[i];
    }
    lx[row] = (long) value;
    dx[row] = value;
    long[] lt = t.clone();
    long[] ly = new long[n];
    long[] lp = new long[n];
    for (int i = 0; i < n; i++) {
      ly[i] = y[i];
      lp[i] = p[i];
    }
    try (NpzWriter z = new NpzWriter(f, false)) {
      z.add("t", NpyHeader.of(NpyDtype.INT64, n), encode(NpyDtype.INT64, lt, null, n));
      z.add("x", NpyHeader.of(xdt, n), encode(xdt, lx, dx, n));
      z.add("y", NpyHeader.of(NpyDtype.INT64, n), encode(NpyDtype.INT64, ly, null, n));
      z.add("p", NpyHeader.of(NpyDtype.INT64, n), encode(NpyDtype.INT64, lp, null, n));
    }
  }

  static byte[] encode(NpyDtype dt, long[] l, double[] d, int n) {
    ByteBuffer b = ByteBuffer.allocate(dt.size() * n).order(dt.order());
    for (int i = 0; i < n; i++) {
      switch (dt.kind()) {
        case FLOAT -> {
          double v = d != null ? d[i] : l[i];
          if (dt.size() == 4) {
            b.putFloat((float) v);
          } else {
            b.putDouble(v);
          }
        }
        case BOOL -> b.put((byte) (l[i] != 0 ? 1 : 0));
        default -> {
          switch (dt.size()) {
            case 1 -> b.put((byte) l[i]);
            case 2 -> b.putShort((short) l[i]);
            case 4 -> b.putInt((int) l[i]);
            default -> b.putLong(l[i]);
          }
        }
      }
    }
    return b.array();
  }
}
