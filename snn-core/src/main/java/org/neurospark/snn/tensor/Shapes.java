package org.neurospark.snn.tensor;

import java.util.Arrays;

/** Pure helper functions on shapes (int arrays, row-major, element strides). */
public final class Shapes {
  private Shapes() {}

  /** Product of the dimensions; throws on negative sizes or overflow past {@code Integer.MAX_VALUE}. */
  public static int numel(int[] shape) {
    long n = 1;
    for (int s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= s;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("tensor too large: shape " + Arrays.toString(shape));
      }
    }
    return (int) n;
  }

  /** Row-major (C order) strides of a contiguous tensor of this shape. */
  public static int[] contiguousStrides(int[] shape) {
    int[] st = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= Math.max(shape[i], 1);
    }
    return st;
  }

  /** Normalises a possibly negative dimension index against rank {@code rank}. */
  public static int dim(int d, int rank) {
    int r = d < 0 ? d + rank : d;
    if (r < 0 || r >= rank) {
      throw new IllegalArgumentException("dimension " + d + " out of range for rank " + rank);
    }
    return r;
  }

  /** NumPy/PyTorch broadcast of two shapes; throws IllegalArgumentException when incompatible. */
  public static int[] broadcast(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
      int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " are not broadcastable");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Shape after infering a single {@code -1} entry so that the element count is {@code numel}. */
  public static int[] infer(int[] shape, int numel) {
    int[] s = shape.clone();
    int neg = -1;
    long prod = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (neg >= 0) {
          throw new IllegalArgumentException("only one dimension can be -1: " + Arrays.toString(shape));
        }
        neg = i;
      } else {
        prod *= s[i];
      }
    }
    if (neg >= 0) {
      if (prod == 0 || numel % prod != 0) {
        throw new IllegalArgumentException("cannot reshape " + numel + " elements to " + Arrays.toString(shape));
      }
      s[neg] = (int) (numel / prod);
    } else if (prod != numel) {
      throw new IllegalArgumentException("cannot reshape " + numel + " elements to " + Arrays.toString(shape));
    }
    return s;
  }

  /** Readable form, e.g. {@code [8, 64, 128, 28, 28]}. */
  public static String str(int[] shape) {
    return Arrays.toString(shape);
  }
}
