package org.neurospark.snn.tensor.cpu;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Reusable scratch arrays of one thread in one {@link CpuContext} (GEMM packing, im2col, Winograd tiles), so that
 * hot loops do not allocate. Kernels reach the calling thread's set through the static {@link #floats} and
 * {@link #doubles}. A returned array has at least the requested length and arbitrary content; each slot must not be
 * used twice at once by one thread.
 *
 * <p>A set keeps at most {@code limitBytes} bytes; a request that would take it past that gets a fresh array that
 * is not kept. Outside any context the limit is 0 (every request allocates). Only its owning thread uses a set,
 * except {@link #release}, which its context calls once no kernel of the context runs.
 */
final class Scratch {
  static final int GEMM_A = 0;
  static final int GEMM_B = 1;
  static final int GEMM_TILE = 2;
  static final int COL = 3;
  static final int CONV_TMP = 4;
  static final int GEMM_AT = 5;
  static final int WINOGRAD_V = 6;
  static final int WINOGRAD_M = 7;
  static final int WINOGRAD_TILE = 8;
  static final int WINOGRAD_PLANES = 9;
  /** Sparse-operand GEMM ({@link SparseGemmF}): the non-zero values, the packed dense block, the output tile. */
  static final int SPARSE_VALUES = 10;
  static final int SPARSE_BLOCK = 11;
  static final int SPARSE_TILE = 12;
  /**
   * Sparse-input convolution ({@link SparseConvF}): outputs or gradOut in pixel-major order, and the non-zero input
   * values (of one output pixel's window in the forward pass, of a block of images in the weight gradient).
   */
  static final int SPARSE_CONV_PIXELS = 13;
  static final int SPARSE_CONV_VALUES = 14;
  private static final int SLOTS = 15;
  /** Int slots ({@link #ints}): the sparse operand's row starts, column indices and per-row cursors. */
  static final int SPARSE_ROWS = 0;
  static final int SPARSE_COLUMNS = 1;
  static final int SPARSE_CURSORS = 2;
  /**
   * Int slots of {@link SparseConvF}: per-pixel channel bit sets (forward) or non-zero positions (weight gradient),
   * and the forward's kernel-row offsets of one window or the weight gradient's list starts.
   */
  static final int SPARSE_CONV_INDEX = 3;
  static final int SPARSE_CONV_LISTS = 4;
  private static final int INT_SLOTS = 5;

  private final long limitBytes;
  /** Bytes kept by every set of the same context (for {@link CpuContext#retainedScratchBytes}); may be null. */
  private final AtomicLong contextBytes;
  private float[][] f = new float[SLOTS][];
  private double[][] d = new double[SLOTS][];
  private int[][] intArrays = new int[INT_SLOTS][];
  private long bytes;

  Scratch(long limitBytes, AtomicLong contextBytes) {
    this.limitBytes = limitBytes;
    this.contextBytes = contextBytes;
  }

  /** The calling thread's float scratch array {@code slot} of at least {@code n} elements. */
  static float[] floats(int slot, int n) {
    return Cpu.binding().scratch.floatArray(slot, n);
  }

  /** The calling thread's double scratch array {@code slot} of at least {@code n} elements. */
  static double[] doubles(int slot, int n) {
    return Cpu.binding().scratch.doubleArray(slot, n);
  }

  /** The calling thread's int scratch array {@code slot} (an int slot) of at least {@code n} elements. */
  static int[] ints(int slot, int n) {
    return Cpu.binding().scratch.intArray(slot, n);
  }

  int[] intArray(int slot, int n) {
    int[] a = intArrays[slot];
    if (a != null && a.length >= n) {
      return a;
    }
    int[] fresh = new int[n];
    if (keep(4L * n - (a == null ? 0 : 4L * a.length))) {
      intArrays[slot] = fresh;
    }
    return fresh;
  }

  float[] floatArray(int slot, int n) {
    float[] a = f[slot];
    if (a != null && a.length >= n) {
      return a;
    }
    float[] fresh = new float[n];
    if (keep(4L * n - (a == null ? 0 : 4L * a.length))) {
      f[slot] = fresh;
    }
    return fresh;
  }

  double[] doubleArray(int slot, int n) {
    double[] a = d[slot];
    if (a != null && a.length >= n) {
      return a;
    }
    double[] fresh = new double[n];
    if (keep(8L * n - (a == null ? 0 : 8L * a.length))) {
      d[slot] = fresh;
    }
    return fresh;
  }

  /** True (and counted) when {@code more} bytes still fit this set's limit. */
  private boolean keep(long more) {
    if (bytes + more > limitBytes) {
      return false;
    }
    bytes += more;
    if (contextBytes != null) {
      contextBytes.addAndGet(more);
    }
    return true;
  }

  /** Bytes this set keeps. */
  long bytes() {
    return bytes;
  }

  /** Drops every kept array. */
  void release() {
    f = new float[SLOTS][];
    d = new double[SLOTS][];
    intArrays = new int[INT_SLOTS][];
    if (contextBytes != null) {
      contextBytes.addAndGet(-bytes);
    }
    bytes = 0;
  }
}
