package org.neurospark.snn.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fp32 fast paths (branch-free Heaviside, block surrogate derivative, SIMD Sigmoid) equal the scalar forms. */
class SurrogateFloatPathsTest {
  private static final float[] EDGES = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-9f, -1e-9f, 1f, -1f,
      Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

  @Test
  void heavisideFEqualsTheDoubleStepForEverySurrogate() {
    for (String name : Surrogates.names()) {
      SurrogateFunction sf = Surrogates.parse(name);
      for (float x : EDGES) {
        assertEquals((float) sf.heaviside(x), sf.heavisideF(x), name + " at " + x);
        if (sf.spiking()) {
          assertEquals((float) sf.forward(x), sf.forwardF(x), name + " at " + x);
        }
      }
    }
  }

  @Test
  void blockGradEqualsElementwiseBitForBit() {
    SplittableRandom r = new SplittableRandom(7);
    int len = 1000;
    float[] x = new float[len + 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 60 - 30);
    }
    System.arraycopy(EDGES, 0, x, 100, EDGES.length);
    x[200] = 1f + 21.75f; // α|x| = 87 exactly at the exp cut-off
    x[201] = 1f - 21.75f;
    for (String spec : new String[] {"Sigmoid(alpha=4)", "Sigmoid(alpha=0.37)", "Sigmoid(alpha=25)",
        "ATan(alpha=2)", "fast_sigmoid(slope=25)"}) {
      SurrogateFunction sf = Surrogates.parse(spec);
      for (int len2 : new int[] {len, 1, 7, 17, 0}) {
        float[] out = new float[len2];
        sf.gradF(x, 3, 1f, out, len2);
        for (int k = 0; k < len2; k++) {
          float want = sf.gradF(x[3 + k] - 1f);
          assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(out[k]),
              spec + " at x=" + x[3 + k] + ": " + out[k] + " vs " + want);
        }
      }
    }
  }

  @Test
  void vectorPathIsActiveUnderTheTestJvmFlags() {
    assertTrue(FastMathF.VECTOR, "surefire runs with --add-modules jdk.incubator.vector");
  }

  @Test
  void vectorExpMatchesScalarIncludingSpecials() {
    float[] x = {-100f, -87.5f, -87f, -86.9f, -1f, -0f, 0f, 0.5f, 1f, 50f, 88f, 88.1f, 100f, Float.NaN,
        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
    for (float v : x) {
      float[] in = new float[64];
      java.util.Arrays.fill(in, v);
      float[] out = new float[64];
      // Sigmoid's block path feeds −|α(x − shift)| to exp; α = 1, shift = 0 → exp(−|v|)
      new Sigmoid(1.0, true).gradF(in, 0, 0f, out, 64);
      float want = new Sigmoid(1.0, true).gradF(v);
      for (float o : out) {
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(o), "x=" + v);
      }
    }
  }
}
