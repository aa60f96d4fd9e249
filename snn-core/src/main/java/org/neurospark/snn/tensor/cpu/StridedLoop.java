package org.neurospark.snn.tensor.cpu;

/**
 * Iteration plan over a shape for several operands with their own strides: adjacent dimensions that are
 * contiguous for every operand are merged; the last merged dimension is the inner loop ({@link #inner}), the rest
 * are enumerated as rows. Pure index arithmetic, no allocation per element.
 */
final class StridedLoop {
  final int[] shape;
  final int[][] strides;
  final int inner;
  final int rows;

  StridedLoop(int[] shape0, int[]... strides0) {
    int r = shape0.length;
    int ops = strides0.length;
    int[] sh = new int[Math.max(r, 1)];
    int[][] st = new int[ops][Math.max(r, 1)];
    int n = 0;
    for (int d = 0; d < r; d++) {
      if (shape0[d] == 1) {
        continue;
      }
      if (n > 0) {
        boolean merge = true;
        for (int k = 0; k < ops && merge; k++) {
          merge = st[k][n - 1] == strides0[k][d] * shape0[d];
        }
        if (merge) {
          sh[n - 1] *= shape0[d];
          for (int k = 0; k < ops; k++) {
            st[k][n - 1] = strides0[k][d];
          }
          continue;
        }
      }
      sh[n] = shape0[d];
      for (int k = 0; k < ops; k++) {
        st[k][n] = strides0[k][d];
      }
      n++;
    }
    if (n == 0) {
      sh[0] = 1;
      for (int k = 0; k < ops; k++) {
        st[k][0] = 1;
      }
      n = 1;
    }
    for (int d : shape0) {
      if (d == 0) {
        sh[0] = 0;
      }
    }
    this.shape = java.util.Arrays.copyOf(sh, n);
    this.strides = new int[ops][];
    for (int k = 0; k < ops; k++) {
      strides[k] = java.util.Arrays.copyOf(st[k], n);
    }
    this.inner = shape[n - 1];
    long rr = 1;
    for (int d = 0; d < n - 1; d++) {
      rr *= shape[d];
    }
    this.rows = shape[0] == 0 ? 0 : (int) rr;
  }

  /** Inner-loop stride of operand k. */
  int innerStride(int k) {
    return strides[k][shape.length - 1];
  }

  /** A cursor positioned at row {@code row}, with base offsets per operand. */
  Cursor cursor(int row, int... base) {
    return new Cursor(row, base);
  }

  final class Cursor {
    final int[] idx = new int[shape.length];
    final int[] off;

    Cursor(int row, int[] base) {
      off = base.clone();
      int rem = row;
      for (int d = shape.length - 2; d >= 0; d--) {
        idx[d] = rem % shape[d];
        rem /= shape[d];
        for (int k = 0; k < off.length; k++) {
          off[k] += idx[d] * strides[k][d];
        }
      }
    }

    /** Advances to the next row. */
    void next() {
      for (int d = shape.length - 2; d >= 0; d--) {
        idx[d]++;
        for (int k = 0; k < off.length; k++) {
          off[k] += strides[k][d];
        }
        if (idx[d] < shape[d]) {
          return;
        }
        for (int k = 0; k < off.length; k++) {
          off[k] -= strides[k][d] * shape[d];
        }
        idx[d] = 0;
      }
    }
  }
}
