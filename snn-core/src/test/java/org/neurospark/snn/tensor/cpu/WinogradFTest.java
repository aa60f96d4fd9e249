package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.ConvParams;

/**
 * Winograd F(2×2, 3×3) / F(3×3, 2×2) against the im2col + GEMM kernels: forward, input and weight gradients for padding 0, 1 and 2, even
 * and odd image sizes, several channel counts; equal to float32 rounding (a different summation order).
 */
class WinogradFTest {
  private static float[] gauss(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  private static void assertClose(float[] want, float[] got, String what) {
    double scale = 0;
    for (float v : want) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < want.length; i++) {
      if (Math.abs(want[i] - got[i]) > 2e-5 * scale) {
        assertEquals(want[i], got[i], 2e-5 * scale, what + " at " + i);
      }
    }
  }

  /** On 1 and 3 threads: the weight gradient then sums the per-task partial results of 1 and 3 tasks. */
  @Test
  void forwardInputAndWeightGradientsMatchIm2colGemm() {
    for (int threads : new int[] {1, 3}) {
      CpuParallelTest.in(threads, () -> forwardInputAndWeightGradients(new Random(17), CASES));
    }
  }

  /**
   * Rows of x longer than one vector at 512 bits (23 columns: the input transform's two-vector shuffles) and rows
   * of tiles longer than one vector at 512 and 256 bits (19 and 20 tiles: its scalar split).
   */
  @Test
  void wideMapsMatchIm2colGemm() {
    // n, c, h, w, co, pad
    forwardInputAndWeightGradients(new Random(23),
        new int[][] {{2, 16, 6, 23, 16, 1}, {2, 16, 5, 37, 16, 1}, {1, 16, 6, 42, 16, 0}});
  }

  // n, c, h, w, co, pad
  private static final int[][] CASES = {{5, 32, 14, 14, 48, 1}, {3, 16, 13, 9, 16, 1}, {2, 24, 8, 11, 40, 0},
      {2, 20, 7, 7, 18, 2}, {40, 16, 6, 6, 16, 1}};

  private static void forwardInputAndWeightGradients(Random r, int[][] cases) {
    for (int[] cs : cases) {
      int n = cs[0];
      int c = cs[1];
      int h = cs[2];
      int w = cs[3];
      int co = cs[4];
      int pad = cs[5];
      ConvParams p = new ConvParams(1, 1, pad, pad, 1, 1, 1);
      assertTrue(WinogradF.applicable(c, co, 3, 3, p));
      int ho = h + 2 * pad - 2;
      int wo = w + 2 * pad - 2;
      float[] x = gauss(r, n * c * h * w);
      float[] wt = gauss(r, co * c * 9);
      String what = java.util.Arrays.toString(cs);
      float[] want = new float[n * co * ho * wo];
      KernelsF.conv2d(x, 0, n, c, h, w, wt, 0, co, 3, 3, p, want, ho, wo);
      float[] got = gauss(r, n * co * ho * wo); // overwritten
      WinogradF.conv2d(x, 0, n, c, h, w, WinogradF.weights(wt, 0, co, c, false), co, pad, pad, got, ho, wo);
      assertClose(want, got, "forward " + what);
      float[] g = gauss(r, n * co * ho * wo);
      float[] gxWant = new float[n * c * h * w];
      KernelsF.conv2dBackwardInput(g, 0, n, c, h, w, wt, 0, co, 3, 3, p, gxWant, ho, wo);
      float[] gxGot = gauss(r, n * c * h * w);
      WinogradF.conv2d(g, 0, n, co, ho, wo, WinogradF.weights(wt, 0, co, c, true), c, 2 - pad, 2 - pad, gxGot, h,
          w);
      assertClose(gxWant, gxGot, "input gradient " + what);
      float[] gwWant = new float[co * c * 9];
      KernelsF.conv2dBackwardWeight(g, 0, x, 0, n, c, h, w, co, 3, 3, p, gwWant, ho, wo);
      float[] gwGot = gauss(r, co * c * 9);
      WinogradF.conv2dWeightGrad(g, 0, x, 0, n, c, h, w, co, pad, pad, gwGot, ho, wo);
      assertClose(gwWant, gwGot, "weight gradient " + what);
    }
  }

  @Test
  void onlyThreeByThreeStrideOneUngroupedWideConvolutions() {
    ConvParams p = new ConvParams(1, 1, 1, 1, 1, 1, 1);
    assertFalse(WinogradF.applicable(8, 64, 3, 3, p), "few input channels");
    assertFalse(WinogradF.applicable(64, 64, 5, 5, p), "5×5");
    assertFalse(WinogradF.applicable(64, 64, 3, 3, new ConvParams(2, 2, 1, 1, 1, 1, 1)), "stride 2");
    assertFalse(WinogradF.applicable(64, 64, 3, 3, new ConvParams(1, 1, 1, 1, 1, 1, 2)), "groups");
    assertFalse(WinogradF.applicable(64, 64, 3, 3, new ConvParams(1, 1, 2, 2, 2, 2, 1)), "dilation");
  }
}
