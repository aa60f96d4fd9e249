package org.neurospark.snn.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

class EncodersTest {
  /** SpikingJelly's WeightedPhaseEncoder table for K = 8. */
  @Test
  void weightedPhaseTable() {
    Tensor x = Tensor.fromArray(new float[] {192f / 256, 1f / 256, 128f / 256, 255f / 256}, 4);
    float[] s = Encoders.weightedPhase(x, 8).toFloatArray(); // [8, 4]
    String[] expect = {"11000000", "00000001", "10000000", "11111111"};
    for (int i = 0; i < 4; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < 8; k++) {
        b.append((int) s[k * 4 + i]);
      }
      assertEquals(expect[i], b.toString());
    }
    assertThrows(IllegalArgumentException.class, () -> Encoders.weightedPhase(Tensor.ones(1), 8));
  }

  @Test
  void latencyLinearAndLog() {
    Tensor x = Tensor.fromArray(new float[] {1f, 0f, 0.5f}, 3);
    float[] s = Encoders.latency(x, 5, false).toFloatArray(); // t_f = round(4 (1 - x)) = 0, 4, 2
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}, s, 0f);
    float[] l = Encoders.latency(Tensor.fromArray(new float[] {1f, 0f}, 2), 4, true).toFloatArray();
    assertEquals(1f, l[0], "x = 1 fires at t = 0 with the log code");
    assertEquals(1f, l[3 * 2 + 1], "x = 0 fires last");
  }

  @Test
  void poissonSeededAndRateMatches() {
    Tensor x = Tensor.full(0.3, org.neurospark.snn.tensor.DType.FLOAT32, 10000);
    float[] a = Encoders.poisson(x, new Rng(1)).toFloatArray();
    float[] b = Encoders.poisson(x, new Rng(1)).toFloatArray();
    assertArrayEquals(a, b, 0f);
    double sum = 0;
    for (float v : a) {
      sum += v;
    }
    assertEquals(0.3, sum / a.length, 0.02);
    float[] edges = Encoders.poissonSeq(Tensor.fromArray(new float[] {0f, 1f}, 2), 50, new Rng(2)).toFloatArray();
    for (int t = 0; t < 50; t++) {
      assertEquals(0f, edges[2 * t]);
      assertEquals(1f, edges[2 * t + 1]);
    }
    assertThrows(IllegalArgumentException.class, () -> Encoders.poisson(Tensor.fromArray(new float[] {1.5f}, 1),
        new Rng(1)));
  }

  @Test
  void directRepeats() {
    Tensor d = Encoders.direct(Tensor.fromArray(new float[] {1, 2}, 1, 2), 3);
    assertArrayEquals(new int[] {3, 1, 2}, d.shape());
    assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, d.toFloatArray(), 0f);
  }

  /** Poisson spikes are drawn on the input's backend: the sealed backend gives the CPU's spikes with no transfer. */
  @Test
  void poissonDrawsOnTheInputsBackendLikeOnTheCpu() {
    float[] v = new float[3 * 50];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 11) / 10f;
    }
    org.neurospark.snn.tensor.sealed.SealedBackend sealed = new org.neurospark.snn.tensor.sealed.SealedBackend();
    Tensor xs = Tensor.fromArray(sealed, v, 3, 50);
    sealed.resetCounts();
    Tensor ds = Encoders.poissonSeq(xs, 4, new Rng(9));
    assertEquals(0, sealed.uploads() + sealed.downloads(), "drawn on the backend");
    assertSame(sealed, ds.backend());
    Tensor cs = Encoders.poissonSeq(Tensor.fromArray(v, 3, 50), 4, new Rng(9));
    assertArrayEquals(new int[] {4, 3, 50}, cs.shape());
    assertArrayEquals(cs.toFloatArray(), ds.toFloatArray(), 0f);
    // the steps are independent draws, not one draw repeated
    float[] c = cs.toFloatArray();
    int differ = 0;
    for (int i = 0; i < 150; i++) {
      differ += c[i] != c[150 + i] ? 1 : 0;
    }
    assertTrue(differ > 10, "steps differ at " + differ + " of 150 elements");
  }
}
