package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Vector API batch-norm reductions against the scalar float64 loops (float32 and float64, odd sizes). */
class VectorOpsTest {
  /** {n, c, sp}: row lengths below, at and off the vector width, one channel, many rows. */
  private static final int[][] SHAPES = {{3, 2, 1}, {2, 3, 7}, {5, 4, 16}, {4, 3, 17}, {2, 5, 33}, {7, 3, 196},
      {3, 2, 785}, {1, 1, 2}, {40, 1, 9}};

  private static float[] randomF(SplittableRandom r, int len, double offset) {
    float[] a = new float[len];
    for (int i = 0; i < len; i++) {
      a[i] = (float) (offset + r.nextGaussian() * (0.5 + (i % 7) * 0.1));
    }
    return a;
  }

  @Test
  void batchNormStatsMatchTheScalarLoops() {
    SplittableRandom r = new SplittableRandom(1);
    for (int[] s : SHAPES) {
      int n = s[0], c = s[1], sp = s[2];
      for (double offset : new double[] {0, 3, -50}) {
        int xoff = 5;
        float[] x = randomF(r, xoff + n * c * sp, offset);
        float[] m1 = new float[c], v1 = new float[c], m2 = new float[c], v2 = new float[c];
        KernelsF.bnStats(x, xoff, n, c, sp, m1, v1, false);
        KernelsF.bnStats(x, xoff, n, c, sp, m2, v2, true);
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          xd[i] = x[i];
        }
        double[] md1 = new double[c], vd1 = new double[c], md2 = new double[c], vd2 = new double[c];
        KernelsD.bnStats(xd, xoff, n, c, sp, md1, vd1, false);
        KernelsD.bnStats(xd, xoff, n, c, sp, md2, vd2, true);
        for (int ch = 0; ch < c; ch++) {
          String what = java.util.Arrays.toString(s) + " offset " + offset + " channel " + ch;
          // float64 sums of float32 data: both orders are exact to ~1e-15, so the float32 results agree to an ulp
          assertEquals(m1[ch], m2[ch], Math.ulp(m1[ch]) + 1e-30, what);
          assertEquals(v1[ch], v2[ch], Math.ulp(v1[ch]) + 1e-30, what);
          assertEquals(md1[ch], md2[ch], 1e-12 * (1 + Math.abs(md1[ch])), what);
          assertEquals(vd1[ch], vd2[ch], 1e-12 * (1 + vd1[ch]), what);
          assertEquals(md1[ch], m2[ch], Math.ulp(m2[ch]), what);
        }
      }
    }
  }

  @Test
  void batchNormBackwardMatchesTheScalarLoops() {
    SplittableRandom r = new SplittableRandom(2);
    for (int[] s : SHAPES) {
      int n = s[0], c = s[1], sp = s[2];
      for (boolean batchStats : new boolean[] {true, false}) {
        int goff = 3, xoff = 1;
        float[] g = randomF(r, goff + n * c * sp, 0.1);
        float[] x = randomF(r, xoff + n * c * sp, 1);
        float[] mean = randomF(r, c, 1);
        float[] invstd = new float[c];
        float[] w = randomF(r, c, 1);
        for (int i = 0; i < c; i++) {
          invstd[i] = 0.5f + i;
        }
        float[][] gx = new float[2][n * c * sp];
        float[][] gw = new float[2][c];
        float[][] gb = new float[2][c];
        for (int v = 0; v < 2; v++) {
          KernelsF.bnBackward(g, goff, x, xoff, n, c, sp, mean, invstd, w, batchStats, gx[v], gw[v], gb[v], v == 1);
        }
        String what = java.util.Arrays.toString(s) + " batchStats " + batchStats;
        for (int ch = 0; ch < c; ch++) {
          assertEquals(gw[0][ch], gw[1][ch], 2 * Math.ulp(gw[0][ch]) + 1e-6 * invstd[ch], what);
          assertEquals(gb[0][ch], gb[1][ch], 2 * Math.ulp(gb[0][ch]) + 1e-6, what);
        }
        if (!batchStats) {
          assertArrayEquals(gx[0], gx[1], what); // no sums involved
        }
        for (int i = 0; i < gx[0].length; i++) {
          assertEquals(gx[0][i], gx[1][i], 1e-5 * (1 + Math.abs(gx[0][i])), what + " @" + i);
        }
        // double path: the same sums in float64
        double[] gd = new double[g.length];
        double[] xd = new double[x.length];
        for (int i = 0; i < g.length; i++) {
          gd[i] = g[i];
        }
        for (int i = 0; i < x.length; i++) {
          xd[i] = x[i];
        }
        double[] outS = KernelsD.bnGradSumsScalar(gd, goff, xd, xoff, n, c, sp, c - 1, mean[c - 1], new double[2]);
        double[] outV = new double[2];
        VectorOps.bnGradSums(gd, goff, xd, xoff, n, c, sp, c - 1, mean[c - 1], outV);
        assertEquals(outS[0], outV[0], 1e-12 * (1 + Math.abs(outS[0])), what);
        assertEquals(outS[1], outV[1], 1e-12 * (1 + Math.abs(outS[1])), what);
        assertTrue(Double.isFinite(outV[1]));
      }
    }
  }
}
