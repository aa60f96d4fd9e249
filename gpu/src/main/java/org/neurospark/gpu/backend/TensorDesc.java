package org.neurospark.gpu.backend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.neurospark.snn.tensor.Tensor;

/**
 * The by-value kernel argument {@code TDesc} of {@code ns_common.cuh}: rank (≤ 8), shape and strides in elements and
 * the element offset, packed little-endian into 144 bytes exactly as the C struct lays them out (int rank, int pad,
 * long long shape[8], long long stride[8], long long offset).
 */
public final class TensorDesc {
  /** Largest rank a kernel accepts. */
  public static final int MAX_DIMS = 8;
  /** sizeof(TDesc). */
  public static final int BYTES = 8 + 8 * MAX_DIMS * 2 + 8;

  private TensorDesc() {}

  /** The descriptor of a view given by shape, strides (elements) and offset (elements). */
  public static byte[] of(int[] shape, long[] strides, long offset) {
    if (shape.length > MAX_DIMS) {
      throw new IllegalArgumentException("CUDA kernels take tensors of rank <= " + MAX_DIMS + ", got rank "
          + shape.length);
    }
    ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(shape.length).putInt(0);
    for (int d = 0; d < MAX_DIMS; d++) {
      b.putLong(d < shape.length ? shape[d] : 1);
    }
    for (int d = 0; d < MAX_DIMS; d++) {
      b.putLong(d < shape.length ? strides[d] : 0);
    }
    b.putLong(offset);
    return b.array();
  }

  /** The descriptor of a tensor view as it is. */
  public static byte[] of(Tensor t) {
    return of(t.shape(), widen(t.strides()), t.offset());
  }

  /**
   * The descriptor of {@code t} with its dimensions reordered: {@code order[k]} is the dimension of t that becomes
   * dimension k (a permuted view of the same elements).
   */
  public static byte[] permuted(Tensor t, int[] order) {
    int[] s = new int[order.length];
    long[] st = new long[order.length];
    for (int k = 0; k < order.length; k++) {
      s[k] = t.shape()[order[k]];
      st[k] = t.strides()[order[k]];
    }
    return of(s, st, t.offset());
  }

  static long[] widen(int[] a) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i];
    }
    return r;
  }
}
