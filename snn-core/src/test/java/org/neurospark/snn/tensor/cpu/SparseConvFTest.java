package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.Tensor;

/**
 * The sparse-input convolution against the direct (im2col + GEMM) kernels: forward and weight gradient for padding
 * 0, 1 and 2, odd image sizes, more than 32 input channels (several bit-set words), output channels past the last
 * block of four vectors; binary spikes, 0/2 (dropout) and signed inputs; the same bits on 1 and 3 threads.
 */
class SparseConvFTest {
  private static final int L = FloatVector.SPECIES_PREFERRED.length();

  private static float[] gauss(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  /** density of non-zeros; kind 0: 1.0, 1: 2.0, 2: Gaussian values. */
  private static float[] sparse(Random r, int n, double density, int kind) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      if (r.nextDouble() < density) {
        a[i] = kind == 0 ? 1f : kind == 1 ? 2f : (float) r.nextGaussian();
      }
    }
    return a;
  }

  private static void assertClose(float[] want, float[] got, String what) {
    double scale = 0;
    for (float v : want) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < want.length; i++) {
      if (!(Math.abs(want[i] - got[i]) <= 2e-5 * scale)) {
        assertEquals(want[i], got[i], 2e-5 * scale, what + " at " + i);
      }
    }
  }

  // n, c, h, w, co (in vectors), pad, density, kind
  private static final double[][] CASES = {{5, 40, 14, 14, 4, 1, 0.35, 0}, {3, 16, 13, 9, 5, 1, 0.1, 1},
      {2, 70, 8, 11, 2, 0, 0.3, 2}, {2, 20, 7, 7, 9, 2, 0.5, 2}, {9, 16, 6, 6, 1, 1, 0.05, 0},
      {2, 33, 5, 23, 4, 1, 0.2, 0}};

  @Test
  void forwardAndWeightGradientMatchTheDirectKernelsOnOneAndThreeThreads() {
    Random r = new Random(31);
    for (double[] cs : CASES) {
      int n = (int) cs[0];
      int c = (int) cs[1];
      int h = (int) cs[2];
      int w = (int) cs[3];
      int co = (int) cs[4] * L;
      int pad = (int) cs[5];
      ConvParams p = new ConvParams(1, 1, pad, pad, 1, 1, 1);
      assertTrue(SparseConvF.applicable(c, co, 3, 3, p));
      int ho = h + 2 * pad - 2;
      int wo = w + 2 * pad - 2;
      float[] x = sparse(r, n * c * h * w, cs[6], (int) cs[7]);
      float[] wt = gauss(r, co * c * 9);
      float[] g = gauss(r, n * co * ho * wo);
      String what = java.util.Arrays.toString(cs);
      float[] want = new float[n * co * ho * wo];
      KernelsF.conv2d(x, 0, n, c, h, w, wt, 0, co, 3, 3, p, want, ho, wo);
      float[] gwWant = new float[co * c * 9];
      KernelsF.conv2dBackwardWeight(g, 0, x, 0, n, c, h, w, co, 3, 3, p, gwWant, ho, wo);
      float[][] outs = new float[2][];
      float[][] gws = new float[2][];
      int[] threads = {1, 3};
      for (int t = 0; t < 2; t++) {
        int k = t;
        CpuParallelTest.in(threads[t], () -> {
          float[] got = gauss(new Random(k), n * co * ho * wo); // overwritten
          SparseConvF.conv2d(x, 0, n, c, h, w, SparseConvF.weights(wt, 0, co, c), co, pad, pad, got, ho, wo);
          outs[k] = got;
          float[] gw = gauss(new Random(k), co * c * 9);
          SparseConvF.conv2dWeightGrad(g, 0, x, 0, n, c, h, w, co, pad, pad, gw, ho, wo);
          gws[k] = gw;
        });
        assertClose(want, outs[t], "forward " + what + " threads " + threads[t]);
        assertClose(gwWant, gws[t], "weight gradient " + what + " threads " + threads[t]);
      }
      assertArrayEquals(outs[0], outs[1], "forward: same bits on 1 and 3 threads " + what);
      assertArrayEquals(gws[0], gws[1], "weight gradient: same bits on 1 and 3 threads " + what);
    }
  }

  /** Offsets into larger arrays, and many images (the weight gradient's image blocks, the last one partial). */
  @Test
  void offsetsAndImageBlocks() {
    Random r = new Random(5);
    int n = 23;
    int c = 16;
    int h = 14;
    int w = 14;
    int co = 2 * L;
    ConvParams p = new ConvParams(1, 1, 1, 1, 1, 1, 1);
    float[] x = sparse(r, 7 + n * c * h * w, 0.3, 0);
    float[] wt = gauss(r, 3 + co * c * 9);
    float[] g = gauss(r, 11 + n * co * h * w);
    float[] want = new float[n * co * h * w];
    KernelsF.conv2d(x, 7, n, c, h, w, wt, 3, co, 3, 3, p, want, h, w);
    float[] got = new float[n * co * h * w];
    SparseConvF.conv2d(x, 7, n, c, h, w, SparseConvF.weights(wt, 3, co, c), co, 1, 1, got, h, w);
    assertClose(want, got, "forward");
    float[] gwWant = new float[co * c * 9];
    KernelsF.conv2dBackwardWeight(g, 11, x, 7, n, c, h, w, co, 3, 3, p, gwWant, h, w);
    float[] gw = new float[co * c * 9];
    SparseConvF.conv2dWeightGrad(g, 11, x, 7, n, c, h, w, co, 1, 1, gw, h, w);
    assertClose(gwWant, gw, "weight gradient");
  }

  @Test
  void densityEstimate() {
    Random r = new Random(3);
    float[] sparse = sparse(r, 64 * 16 * 14 * 14, 0.2, 0);
    float[] dense = sparse(r, 64 * 16 * 14 * 14, 0.8, 2);
    assertTrue(SparseConvF.sparseEnough(sparse, 0, sparse.length, 0.25));
    assertFalse(SparseConvF.sparseEnough(sparse, 0, sparse.length, 0.15));
    assertFalse(SparseConvF.sparseEnough(dense, 0, dense.length, 0.5));
    float[] small = {0, 1, 0, 0, 2, 0, 0, 0, 0, 0};
    assertTrue(SparseConvF.sparseEnough(small, 0, small.length, 0.2));
    assertFalse(SparseConvF.sparseEnough(small, 0, small.length, 0.1));
    float[] nan = {Float.NaN, Float.NaN, 0, 0};
    assertFalse(SparseConvF.sparseEnough(nan, 0, nan.length, 0.25), "NaN counts as non-zero");
  }

  /**
   * Through the backend: spikes below the density limits take the sparse paths (seen from an Inf weight / gradOut
   * element meeting zero inputs: the dense kernels give NaN there, the sparse ones skip the zeros) and give the
   * direct kernels' values elsewhere; denser spikes stay on the dense path.
   */
  @Test
  void backendDispatch() {
    Random r = new Random(9);
    int n = 4;
    int c = 32;
    int co = 4 * L;
    int hw = 100;
    ConvParams p = new ConvParams(1, 1, 1, 1, 1, 1, 1);
    for (double density : new double[] {0.08, 0.5}) {
      boolean sparsePath = density <= SparseConvF.MAX_DENSITY_FORWARD;
      float[] xs = sparse(r, n * c * hw, density, 0);
      float[] ws = gauss(r, co * c * 9);
      ws[4] = Float.POSITIVE_INFINITY; // w[0][0][1][1]: every output pixel of channel 0 meets x[., 0, same pixel]
      float[] want = new float[n * co * hw];
      KernelsF.conv2d(xs, 0, n, c, 10, 10, ws, 0, co, 3, 3, p, want, 10, 10);
      Tensor out = Tensor.zeros(n, co, 10, 10);
      CpuBackend.INSTANCE.conv2d(Tensor.fromArray(xs, n, c, 10, 10), Tensor.fromArray(ws, co, c, 3, 3), p, out);
      float[] got = out.toFloatArray();
      int nans = 0;
      for (int img = 0; img < n; img++) {
        for (int pix = 0; pix < hw; pix++) {
          int i = img * co * hw + pix; // output channel 0
          boolean zero = xs[img * c * hw + pix] == 0f;
          assertEquals(Float.isNaN(want[i]), zero, "direct kernel: 0 × Inf is NaN");
          nans += Float.isNaN(got[i]) ? 1 : 0;
          want[i] = 0;
          got[i] = 0;
        }
      }
      if (sparsePath) {
        assertEquals(0, nans, "sparse forward skips the zero inputs");
      } else {
        assertTrue(nans > 0, "dense forward multiplies the zeros");
      }
      assertClose(want, got, "backend forward, density " + density);

      ws[4] = 1f;
      float[] g = gauss(r, n * co * hw);
      g[5 * 10 + 5] = Float.POSITIVE_INFINITY; // gradOut[0, 0, 5, 5]
      float[] gwWant = new float[co * c * 9];
      KernelsF.conv2dBackwardWeight(g, 0, xs, 0, n, c, 10, 10, co, 3, 3, p, gwWant, 10, 10);
      Tensor gw = Tensor.zeros(co, c, 3, 3);
      CpuBackend.INSTANCE.conv2dBackwardWeight(Tensor.fromArray(g, n, co, 10, 10), Tensor.fromArray(xs, n, c, 10, 10),
          p, gw);
      float[] gwGot = gw.toFloatArray();
      int gwNans = 0;
      for (int i = 0; i < c * 9; i++) { // output channel 0's kernels meet the Inf
        gwNans += Float.isNaN(gwGot[i]) ? 1 : 0;
        gwWant[i] = 0;
        gwGot[i] = 0;
      }
      if (density <= SparseConvF.MAX_DENSITY_WEIGHT_GRAD) {
        assertEquals(0, gwNans, "sparse weight gradient skips the zero inputs");
      } else {
        assertTrue(gwNans > 0, "dense weight gradient multiplies the zeros");
      }
      assertClose(gwWant, gwGot, "backend weight gradient, density " + density);
    }
    assertFalse(SparseConvF.applicable(c, co + 1, 3, 3, p), "output channels not a multiple of the vector");
    assertFalse(SparseConvF.applicable(8, co, 3, 3, p), "few input channels");
    assertFalse(SparseConvF.applicable(c, co, 3, 3, new ConvParams(2, 2, 1, 1, 1, 1, 1)), "stride 2");
  }
}
