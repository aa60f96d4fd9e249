package org.neurospark.snn.tensor.cpu;

/**
 * Per-thread reusable scratch arrays for kernels (GEMM packing, im2col), so that hot loops do not allocate. A
 * returned array has at least the requested length and arbitrary content; each slot must not be used twice at
 * once by one thread.
 */
final class Scratch {
  static final int GEMM_A = 0;
  static final int GEMM_B = 1;
  static final int GEMM_TILE = 2;
  static final int COL = 3;
  static final int CONV_TMP = 4;
  static final int GEMM_AT = 5;
  private static final int SLOTS = 6;

  private static final ThreadLocal<float[][]> F = ThreadLocal.withInitial(() -> new float[SLOTS][]);
  private static final ThreadLocal<double[][]> D = ThreadLocal.withInitial(() -> new double[SLOTS][]);

  private Scratch() {}

  static float[] floats(int slot, int n) {
    float[][] s = F.get();
    if (s[slot] == null || s[slot].length < n) {
      s[slot] = new float[n];
    }
    return s[slot];
  }

  static double[] doubles(int slot, int n) {
    double[][] s = D.get();
    if (s[slot] == null || s[slot].length < n) {
      s[slot] = new double[n];
    }
    return s[slot];
  }
}
