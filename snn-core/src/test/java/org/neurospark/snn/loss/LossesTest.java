package org.neurospark.snn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Tensor;

class LossesTest {
  @Test
  void mseOnFiringRateAgainstOneHot() {
    // T=2, N=1, C=3: rates (0.5, 1, 0); label 1 → ((0.5)^2 + 0 + 0) / 3
    Tensor out = Tensor.fromArray(new float[] {1, 1, 0, 0, 1, 0}, 2, 1, 3).requiresGrad(true);
    Tensor l = Losses.mseRate(out, new int[] {1});
    assertEquals(0.25 / 3, l.item(), 1e-7);
    l.backward();
    // d/d out[t] = 2 (rate − onehot) / (N·C) / T
    assertArrayEquals(new float[] {1f / 6, 0, 0, 1f / 6, 0, 0}, out.grad().toFloatArray(), 1e-7f);
    assertEquals(0.1, Losses.mseRate(Tensor.zeros(4, 3, 10), new int[] {1, 4, 9}).item(), 1e-7);
  }

  @Test
  void tetIsMeanOfPerStepCrossEntropy() {
    Tensor out = Tensor.fromArray(new float[] {1, 2, 0.5f, -1, 3, 0, 2, 2}, 2, 2, 2);
    int[] lab = {0, 1};
    double a = NN.crossEntropy(out.select(0, 0), lab).item();
    double b = NN.crossEntropy(out.select(0, 1), lab).item();
    assertEquals((a + b) / 2, Losses.tet(out, lab).item(), 1e-6);
  }

  @Test
  void predictSumsOverTimeFirstMaxWins() {
    Tensor out = Tensor.fromArray(new float[] {0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1}, 2, 2, 3);
    assertArrayEquals(new int[] {1, 0}, Losses.predict(out), "sums (0, 2, 1) and a tie (1, 0, 1)");
    assertEquals(1, Losses.correct(out, new int[] {1, 2}));
  }
}
