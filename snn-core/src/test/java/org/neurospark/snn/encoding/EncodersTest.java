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

  /** The host loops latency and weighted-phase encoding used to be: the reference for the backend forms. */
  private static float[] latencyReference(float[] v, int t, boolean log) {
    float[] s = new float[v.length * t];
    double alpha = Math.exp(t - 1) - 1;
    for (int i = 0; i < v.length; i++) {
      double tf = log ? (t - 1) - Math.log(alpha * v[i] + 1) : (t - 1) * (1 - (double) v[i]);
      int k = Math.max(0, Math.min(t - 1, (int) Math.rint(tf)));
      s[k * v.length + i] = 1f;
    }
    return s;
  }

  private static float[] phaseReference(float[] v, int k) {
    float[] s = new float[v.length * k];
    float[] r = v.clone();
    float w = 0.5f;
    for (int step = 0; step < k; step++) {
      for (int i = 0; i < v.length; i++) {
        float sp = r[i] >= w ? 1f : 0f;
        s[step * v.length + i] = sp;
        r[i] -= w * sp;
      }
      w /= 2;
    }
    return s;
  }

  /**
   * Latency and weighted-phase encoding run as tensor ops on the input's backend: equal to the host loops on random
   * inputs, ties at half steps and the ends, for several T and K; on the sealed backend the same spikes with no
   * transfer.
   */
  @Test
  void latencyAndPhaseRunOnTheInputsBackendAndEqualTheHostLoops() {
    java.util.Random r = new java.util.Random(3);
    float[] v = new float[600];
    for (int i = 0; i < v.length; i++) {
      v[i] = i < 40 ? i / 39f : i < 80 ? (i - 40) / 8f / 5f : r.nextFloat();
    }
    v[0] = 0f;
    v[1] = 1f;
    org.neurospark.snn.tensor.sealed.SealedBackend sealed = new org.neurospark.snn.tensor.sealed.SealedBackend();
    for (int t : new int[] {1, 2, 3, 4, 5, 8, 16}) {
      for (boolean log : new boolean[] {false, true}) {
        if (log && t < 2) {
          continue;
        }
        Tensor c = Encoders.latency(Tensor.fromArray(v, 20, 30), t, log);
        assertArrayEquals(new int[] {t, 20, 30}, c.shape());
        assertArrayEquals(latencyReference(v, t, log), c.toFloatArray(), 0f, "latency T " + t + " log " + log);
        Tensor xs = Tensor.fromArray(sealed, v, 20, 30);
        sealed.resetCounts();
        Tensor d = Encoders.latency(xs, t, log);
        assertEquals(0, sealed.uploads() + sealed.downloads(), "latency on the backend");
        assertArrayEquals(c.toFloatArray(), d.toFloatArray(), 0f);
      }
    }
    for (int k : new int[] {1, 3, 8}) {
      float[] u = new float[v.length];
      float top = (float) (1 - Math.pow(2, -k));
      for (int i = 0; i < u.length; i++) {
        u[i] = Math.min(v[i], top);
      }
      Tensor c = Encoders.weightedPhase(Tensor.fromArray(u, 600), k);
      assertArrayEquals(phaseReference(u, k), c.toFloatArray(), 0f, "phase K " + k);
      Tensor xs = Tensor.fromArray(sealed, u, 600);
      sealed.resetCounts();
      Tensor d = Encoders.weightedPhase(xs, k);
      assertEquals(0, sealed.uploads() + sealed.downloads(), "phase on the backend");
      assertArrayEquals(c.toFloatArray(), d.toFloatArray(), 0f);
    }
  }
}
