package org.neurospark.snn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

class OptimizerTest {
  @TempDir
  Path dir;

  private static Map<String, Tensor> params(Tensor... ts) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int i = 0; i < ts.length; i++) {
      m.put("p" + i, ts[i].requiresGrad(true));
    }
    return m;
  }

  /** Sets grad = 2p − 1 + 0.5·t (the gradient of a shifting quadratic). */
  private static void grad(Tensor p, int t) {
    double[] v = p.toDoubleArray();
    double[] g = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      g[i] = 2 * v[i] - 1 + 0.5 * t;
    }
    p.setGrad(Tensor.fromArray(g, p.shape()));
  }

  @Test
  void sgdMomentumAndNesterovHandComputed() {
    Tensor p = Tensor.fromArray(new double[] {1.0}, 1);
    Sgd sgd = new Sgd(params(p), 0.1, 0.9);
    p.setGrad(Tensor.fromArray(new double[] {1.0}, 1));
    sgd.step();
    assertEquals(0.9, p.item(), 1e-15);
    p.setGrad(Tensor.fromArray(new double[] {0.9}, 1));
    sgd.step(); // buf = 0.9·1 + 0.9 = 1.8
    assertEquals(0.72, p.item(), 1e-15);

    Tensor q = Tensor.fromArray(new double[] {1.0}, 1);
    Sgd nest = new Sgd(params(q), 0.1, 0.9, 0, 0.5, true);
    q.setGrad(Tensor.fromArray(new double[] {1.0}, 1));
    nest.step(); // d = 1 + 0.5·1 = 1.5; buf = 1.5; d = 1.5 + 0.9·1.5 = 2.85
    assertEquals(1 - 0.285, q.item(), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> new Sgd(params(q), 0.1, 0, 0, 0, true));
  }

  @Test
  void adamMatchesPyTorchRule() {
    Tensor p = Tensor.fromArray(new double[] {0.5, -1.0}, 2);
    Adam adam = new Adam(params(p), 0.01, 0.9, 0.999, 1e-8, 0.1, false, false);
    for (int t = 1; t <= 3; t++) {
      grad(p, t);
      adam.step();
    }
    // reference: the torch.optim.Adam update written out in Python floats
    assertEquals(0.47062952707429573, p.get(0), 1e-15);
    assertEquals(-0.9704925380047306, p.get(1), 1e-15);
  }

  @Test
  void adamFirstStepIsSignStepAndAdamWDecaysWithZeroGrad() {
    Tensor p = Tensor.fromArray(new float[] {0.3f, -2f, 5f}, 3);
    Adam adam = Adam.adam(params(p), 1e-3);
    p.setGrad(Tensor.fromArray(new float[] {4f, -0.01f, 1e3f}, 3));
    adam.step();
    assertArrayEquals(new float[] {0.3f - 1e-3f, -2f + 1e-3f, 5f - 1e-3f}, p.toFloatArray(), 1e-6f);

    Tensor w = Tensor.fromArray(new double[] {2.0}, 1);
    Adam adamw = Adam.adamW(params(w), 0.1);
    w.setGrad(Tensor.fromArray(new double[] {0.0}, 1));
    adamw.step();
    assertEquals(2.0 * (1 - 0.1 * 0.01), w.item(), 1e-15);
  }

  @Test
  void float32AdamFollowsFloat64Closely() {
    Rng rng = new Rng(3);
    Tensor a = Init.randn(rng, 50);
    Tensor b = a.to(org.neurospark.snn.tensor.DType.FLOAT64);
    Adam fa = Adam.adam(params(a), 1e-2);
    Adam fb = Adam.adam(params(b), 1e-2);
    for (int t = 1; t <= 20; t++) {
      grad(b, t);
      a.setGrad(b.grad().to(org.neurospark.snn.tensor.DType.FLOAT32));
      fa.step();
      fb.step();
    }
    assertArrayEquals(b.toDoubleArray(), a.to(org.neurospark.snn.tensor.DType.FLOAT64).toDoubleArray(), 1e-5);
  }

  private void resumeEqualsUninterrupted(Function<Map<String, Tensor>, Optimizer> make) throws Exception {
    Rng rng = new Rng(7);
    Tensor init = Init.randn(rng, 4, 3);
    Tensor full = init.copy();
    Optimizer o1 = make.apply(params(full));
    for (int t = 1; t <= 6; t++) {
      grad(full, t);
      o1.setLr(0.05 / t);
      o1.step();
    }
    Tensor part = init.copy();
    Optimizer o2 = make.apply(params(part));
    for (int t = 1; t <= 3; t++) {
      grad(part, t);
      o2.setLr(0.05 / t);
      o2.step();
    }
    Path f = dir.resolve(o2.name() + ".safetensors");
    o2.stateDict().write(f);
    Tensor resumed = Tensor.fromArray(part.toFloatArray(), part.shape());
    Optimizer o3 = make.apply(params(resumed));
    o3.loadStateDict(SafeTensors.read(f));
    for (int t = 4; t <= 6; t++) {
      grad(resumed, t);
      o3.setLr(0.05 / t);
      o3.step();
    }
    assertArrayEquals(full.toFloatArray(), resumed.toFloatArray(), 0f, o1.name() + " resumed run differs");
  }

  @Test
  void stateSaveRestoreContinuesExactly() throws Exception {
    resumeEqualsUninterrupted(p -> new Sgd(p, 0.05, 0.9, 0, 1e-4, true));
    resumeEqualsUninterrupted(p -> new Adam(p, 0.05, 0.9, 0.999, 1e-8, 0, false, true));
    resumeEqualsUninterrupted(p -> Adam.adamW(p, 0.05));
  }

  @Test
  void loadRejectsOtherOptimizer() {
    Tensor p = Tensor.fromArray(new float[] {1f}, 1);
    Sgd s = new Sgd(params(p), 0.1, 0.9);
    p.setGrad(Tensor.fromArray(new float[] {1f}, 1));
    s.step();
    SafeTensors st = s.stateDict();
    assertThrows(IllegalArgumentException.class, () -> Adam.adam(params(p), 0.1).loadStateDict(st));
  }

  @Test
  void schedules() {
    LrSchedule c = LrSchedule.cosine(10, 0.001);
    assertEquals(0.1, c.lr(0.1, 0), 1e-15);
    assertEquals(0.001 + 0.099 / 2, c.lr(0.1, 5), 1e-15);
    assertEquals(0.001, c.lr(0.1, 10), 1e-15);
    LrSchedule s = LrSchedule.step(3, 0.5);
    assertEquals(0.1, s.lr(0.1, 2), 0);
    assertEquals(0.05, s.lr(0.1, 3), 0);
    assertEquals(0.025, s.lr(0.1, 6), 0);
    LrSchedule w = LrSchedule.cosine(4, 0).withLinearWarmup(2, 0.1);
    assertEquals(0.01, w.lr(0.1, 0), 1e-15);
    assertEquals(0.055, w.lr(0.1, 1), 1e-15);
    assertEquals(0.1, w.lr(0.1, 2), 1e-15);
    assertEquals(0.05, w.lr(0.1, 4), 1e-15);
    assertEquals(0.05, LrSchedule.parse("cosine", 8).lr(0.1, 4), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("bogus", 3));
  }
}
