package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The 2×2, stride-2 max pool's vector rows (whole vectors, and a row's last partial vector that overruns into the
 * next row pair) against a plain row-major scan: values and argmax indices bit for bit, on spikes (ties everywhere),
 * NaNs, infinities and signed zeros, at even and odd sizes, with an offset input, on 1 and 2 threads (the thread
 * ranges' last rows must not overrun into another thread's planes). Runs at both vector widths (see the pom).
 */
class MaxPool2x2Test {

  private static final int[][] SIZES = {{28, 28}, {14, 14}, {8, 34}, {9, 33}, {4, 16}, {6, 64}, {3, 5}, {2, 2},
      {30, 31}, {10, 18}};

  @Test
  void vectorRowsEqualTheRowMajorScan() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int[] size : SIZES) {
      int h = size[0];
      int w = size[1];
      for (int planes : new int[] {1, 3, 8}) {
        for (int kind = 0; kind < 3; kind++) {
          int xoff = 5;
          float[] x = new float[xoff + planes * h * w + 3];
          for (int i = 0; i < x.length; i++) {
            double r = rng.nextDouble();
            x[i] = switch (kind) {
              case 0 -> r < 0.8 ? 0f : 1f; // spikes
              case 1 -> (float) (rng.nextDouble() * 2 - 1); // no ties
              default -> r < 0.4 ? (rng.nextBoolean() ? 0f : -0f) : r < 0.45 ? Float.NaN
                  : r < 0.5 ? Float.NEGATIVE_INFINITY : r < 0.55 ? Float.POSITIVE_INFINITY
                  : r < 0.8 ? 1f : (float) rng.nextDouble();
            };
          }
          int ho = h / 2;
          int wo = w / 2;
          float[] refOut = new float[planes * ho * wo];
          int[] refArg = new int[refOut.length];
          scan(x, xoff, planes, h, w, refOut, refArg);
          for (int threads : new int[] {1, 2}) {
            float[] out = new float[refOut.length];
            int[] arg = new int[refOut.length];
            CpuParallelTest.in(threads, () -> KernelsF.maxPool2x2(x, xoff, planes, h, w, out, ho, wo, arg));
            String what = h + "x" + w + " planes " + planes + " data " + kind + " threads " + threads;
            assertArrayEquals(refArg, arg, what);
            for (int i = 0; i < out.length; i++) {
              assertEquals(Float.floatToRawIntBits(refOut[i]), Float.floatToRawIntBits(out[i]), what + " at " + i);
            }
          }
        }
      }
    }
  }

  /** The reference: each window scanned row-major, the first maximum (strict '>') or the first NaN wins. */
  private static void scan(float[] x, int xoff, int planes, int h, int w, float[] out, int[] arg) {
    int ho = h / 2;
    int wo = w / 2;
    for (int q = 0; q < planes; q++) {
      for (int oh = 0; oh < ho; oh++) {
        for (int ow = 0; ow < wo; ow++) {
          int best = -1;
          for (int k = 0; k < 4; k++) {
            int i = (2 * oh + k / 2) * w + 2 * ow + k % 2;
            float v = x[xoff + q * h * w + i];
            if (best < 0 || (v != v && !Float.isNaN(x[xoff + q * h * w + best]))
                || (!Float.isNaN(x[xoff + q * h * w + best]) && v > x[xoff + q * h * w + best])) {
              best = i;
            }
          }
          out[q * ho * wo + oh * wo + ow] = x[xoff + q * h * w + best];
          arg[q * ho * wo + oh * wo + ow] = best;
        }
      }
    }
  }
}
