package org.neurospark.snn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.encoding.Encoders;
import org.neurospark.snn.io.StEntry;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.models.Wrapped;
import org.neurospark.snn.neuron.NeuronFactory;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * Compute-once of time-invariant layers on a T-broadcast input ({@link Encoders#direct}) against the same network
 * fed a materialised copy of the repeated input, which runs the ordinary fold over T·N.
 */
class TimeBroadcastTest {
  private static final int T = 4;
  private static final int N = 4;
  private static final int C = 8;
  private static final int[] LABELS = {3, 0, 7, 9};

  private static Tensor images(long seed, DType dtype) {
    return Init.uniform_(Tensor.zeros(dtype, N, 1, 28, 28), 0, 1, new Rng(seed));
  }

  /** Direct encoding in either dtype: Encoders.direct (float32), or the same broadcast view of a float64 x. */
  private static Tensor direct(Tensor x) {
    return x.dtype() == DType.FLOAT32 ? Encoders.direct(x, T) : x.unsqueeze(0).expand(T, N, 1, 28, 28);
  }

  /** The input repeated T times as its own contiguous array (what direct encoding returned before). */
  private static Tensor materialised(Tensor x, int t) {
    int[] shape = new int[x.dim() + 1];
    shape[0] = t;
    System.arraycopy(x.shape(), 0, shape, 1, x.dim());
    if (x.dtype() == DType.FLOAT64) {
      double[] v = x.toDoubleArray();
      double[] s = new double[v.length * t];
      for (int k = 0; k < t; k++) {
        System.arraycopy(v, 0, s, k * v.length, v.length);
      }
      return Tensor.fromArray(s, shape);
    }
    float[] v = x.toFloatArray();
    float[] s = new float[v.length * t];
    for (int k = 0; k < t; k++) {
      System.arraycopy(v, 0, s, k * v.length, v.length);
    }
    return Tensor.fromArray(s, shape);
  }

  /** What one training run recorded. */
  private static final class Run {
    final List<double[]> outputs = new ArrayList<>();
    final List<Double> losses = new ArrayList<>();
    final List<Map<String, double[]>> grads = new ArrayList<>();
    final Map<String, double[]> finalState = new LinkedHashMap<>();
    final List<Boolean> bn1OutputBroadcast = new ArrayList<>();
    double[] evalOutput;
  }

  /** csnn-fmnist (IF neurons), two Adam steps on seeded images, then one eval-mode forward. */
  private static Run train(boolean broadcast, DType dtype) {
    Module m = ModelZoo.create("csnn-fmnist", C, null, 11).to(dtype);
    Sequential body = (Sequential) ((Wrapped) m).body();
    // larger fully connected weights than PyTorch's default so that the output layer spikes within T = 4 steps
    ((Linear) body.get(9)).weight().detach().mul_(4);
    ((Linear) body.get(11)).weight().detach().mul_(4);
    Run run = new Run();
    body.get(1).addForwardHook((mod, in, out) -> run.bn1OutputBroadcast.add(Module.isTimeBroadcast(out)));
    Adam opt = Adam.adam(m.namedParameters(), 1e-2);
    for (int step = 0; step < 2; step++) {
      Tensor x = images(100 + step, dtype);
      Tensor xs = broadcast ? direct(x) : materialised(x, T);
      Tensor out = m.forward(xs);
      Tensor loss = Losses.mseRate(out, LABELS);
      opt.zeroGrad();
      loss.backward();
      run.outputs.add(out.toDoubleArray());
      run.losses.add(loss.item());
      Map<String, double[]> g = new LinkedHashMap<>();
      m.namedParameters().forEach((name, p) -> g.put(name, p.grad().toDoubleArray()));
      run.grads.add(g);
      opt.step();
      m.reset();
    }
    m.stateDict().entries().forEach((name, e) -> run.finalState.put(name, stateValues(e)));
    m.eval();
    try (GradMode.Scope s = GradMode.noGrad()) {
      Tensor x = images(200, dtype);
      run.evalOutput = m.forward(broadcast ? direct(x) : materialised(x, T)).toDoubleArray();
    }
    return run;
  }

  private static double[] stateValues(StEntry e) {
    if (e.dtype() == org.neurospark.snn.io.StDType.I64) {
      long[] l = e.toLongs();
      double[] f = new double[l.length];
      for (int i = 0; i < l.length; i++) {
        f[i] = l[i];
      }
      return f;
    }
    return e.toTensor().toDoubleArray();
  }

  /** |a − b| ≤ rel · max|b| elementwise. */
  private static void assertClose(String what, double[] a, double[] b, double rel) {
    assertEquals(b.length, a.length, what + ": length");
    double scale = 0;
    for (double v : b) {
      scale = Math.max(scale, Math.abs(v));
    }
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    assertTrue(worst <= rel * scale, what + ": max difference " + worst + " exceeds " + rel + " × " + scale);
  }

  /**
   * Float64: compute-once equals the repeated computation up to float64 rounding (1e-12 relative), which shows
   * the two are the same function and gradient. Float32: only summation order differs, in the two layers that
   * compute once (conv1's weight gradient sums over (t, n, pixel) — 12 544 products per element — in one GEMM on
   * the repeated input, but over t first in the broadcast's backward and then over (n, pixel) when computed once;
   * BN1's weight/bias gradients likewise; its statistics are summed in double). Rounding of those float32 sums,
   * with cancellation, reaches about 1e-6 of the largest element (observed 1.02e-6 for conv1's weight gradient at
   * step 2), so float32 is held to 5e-6; every later layer and the outputs match exactly.
   */
  @Test
  void csnnTrainedOnBroadcastInputMatchesMaterialisedRepeatFloat64() {
    compareTraining(DType.FLOAT64, 1e-12);
  }

  /** See {@link #csnnTrainedOnBroadcastInputMatchesMaterialisedRepeatFloat64()}. */
  @Test
  void csnnTrainedOnBroadcastInputMatchesMaterialisedRepeatFloat32() {
    compareTraining(DType.FLOAT32, 5e-6);
  }

  private static void compareTraining(DType dtype, double rel) {
    Run once = train(true, dtype);
    Run repeated = train(false, dtype);
    assertEquals(List.of(true, true, true), once.bn1OutputBroadcast, "conv1 and BN1 must compute once (train, eval)");
    assertEquals(List.of(false, false, false), repeated.bn1OutputBroadcast);
    for (int s = 0; s < 2; s++) {
      // spikes are 0/1: identical membrane trajectories give identical outputs
      assertArrayEquals(repeated.outputs.get(s), once.outputs.get(s), 0, "output of step " + s);
      assertEquals(repeated.losses.get(s), once.losses.get(s), 1e-12, "loss of step " + s);
      double spikes = 0;
      for (double v : once.outputs.get(s)) {
        spikes += v;
      }
      assertTrue(spikes > 0, "the output layer must spike for the comparison to mean something");
      Map<String, double[]> g = once.grads.get(s);
      assertEquals(repeated.grads.get(s).keySet(), g.keySet());
      for (Map.Entry<String, double[]> e : repeated.grads.get(s).entrySet()) {
        double[] ref = e.getValue();
        double norm = 0;
        for (double v : ref) {
          norm += Math.abs(v);
        }
        assertTrue(norm > 0, "gradient of " + e.getKey() + " at step " + s + " must be non-zero");
        assertClose("gradient of " + e.getKey() + " at step " + s, g.get(e.getKey()), ref, rel);
      }
    }
    assertEquals(repeated.finalState.keySet(), once.finalState.keySet());
    for (Map.Entry<String, double[]> e : repeated.finalState.entrySet()) {
      assertClose(e.getKey() + " after two steps", once.finalState.get(e.getKey()), e.getValue(), rel);
    }
    assertArrayEquals(new double[] {2}, once.finalState.get("conv_fc.1.num_batches_tracked"), 0);
    assertArrayEquals(repeated.evalOutput, once.evalOutput, 0, "eval-mode output");
  }

  @Test
  void batchNormWithRepeatsUsesTheRepeatedCountForTheUnbiasedVariance() {
    Tensor x = Init.uniform_(Tensor.zeros(DType.FLOAT64, 3, 2, 2, 2), -1, 2, new Rng(5));
    Tensor rmOnce = Tensor.zeros(DType.FLOAT64, 2);
    Tensor rvOnce = Tensor.ones(DType.FLOAT64, 2);
    Tensor rmRep = Tensor.zeros(DType.FLOAT64, 2);
    Tensor rvRep = Tensor.ones(DType.FLOAT64, 2);
    Tensor once = NN.batchNorm(x, rmOnce, rvOnce, null, null, true, 0.1, 1e-5, 4);
    Tensor rep = NN.batchNorm(materialised(x, 4).flatten(0, 1), rmRep, rvRep, null, null, true, 0.1, 1e-5);
    assertArrayEquals(rep.slice(0, 0, 3).toDoubleArray(), once.toDoubleArray(), 1e-14);
    assertArrayEquals(rmRep.toDoubleArray(), rmOnce.toDoubleArray(), 1e-15);
    assertArrayEquals(rvRep.toDoubleArray(), rvOnce.toDoubleArray(), 1e-15);
    // against the definition: n = 4 · 3 · 2 · 2 = 48 values per channel
    double[] v = x.toDoubleArray();
    for (int c = 0; c < 2; c++) {
      double s = 0;
      double sq = 0;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          s += v[(i * 2 + c) * 4 + j];
        }
      }
      double mean = s / 12;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          double d = v[(i * 2 + c) * 4 + j] - mean;
          sq += d * d;
        }
      }
      double unbiased = sq * 4 / (48 - 1);
      assertEquals(0.9 + 0.1 * unbiased, rvOnce.toDoubleArray()[c], 1e-14, "running_var channel " + c);
      assertEquals(0.1 * mean, rmOnce.toDoubleArray()[c], 1e-15, "running_mean channel " + c);
    }
    // without repeats the factor would be 12 / 11, not 48 / 47
    Tensor rv1 = Tensor.ones(DType.FLOAT64, 2);
    NN.batchNorm(x, Tensor.zeros(DType.FLOAT64, 2), rv1, null, null, true, 0.1, 1e-5);
    assertFalse(Math.abs(rv1.toDoubleArray()[0] - rvOnce.toDoubleArray()[0]) < 1e-6);
  }

  @Test
  void batchNormLayerOnBroadcastInputMatchesFoldInTrainAndEval() {
    Rng r = new Rng(8);
    Tensor step = Init.uniform_(Tensor.zeros(DType.FLOAT64, 3, 2, 4, 4), -1, 1, r).requiresGrad(true);
    Tensor stepRef = step.detach().requiresGrad(true);
    BatchNorm once = BatchNorm.bn2d(2);
    BatchNorm rep = BatchNorm.bn2d(2);
    once.to(DType.FLOAT64).setStepMode('m');
    rep.to(DType.FLOAT64).setStepMode('m');
    Tensor gy = Init.uniform_(Tensor.zeros(DType.FLOAT64, 5, 3, 2, 4, 4), -1, 1, r);
    Tensor y = once.forward(step.unsqueeze(0).expand(5, 3, 2, 4, 4));
    assertTrue(Module.isTimeBroadcast(y));
    // the repeated reference: a real [5, 3, ...] copy whose gradient sums back over T through stack
    List<Tensor> steps = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      steps.add(stepRef);
    }
    Tensor yRef = rep.forward(Tensor.stack(steps, 0));
    assertFalse(Module.isTimeBroadcast(yRef));
    assertArrayEquals(yRef.toDoubleArray(), y.toDoubleArray(), 1e-13);
    y.backward(gy);
    yRef.backward(gy);
    assertArrayEquals(stepRef.grad().toDoubleArray(), step.grad().toDoubleArray(), 1e-12, "input gradient");
    assertArrayEquals(rep.weight().grad().toDoubleArray(), once.weight().grad().toDoubleArray(), 1e-12);
    assertArrayEquals(rep.bias().grad().toDoubleArray(), once.bias().grad().toDoubleArray(), 1e-12);
    assertArrayEquals(rep.runningVar().toDoubleArray(), once.runningVar().toDoubleArray(), 1e-15);
    assertArrayEquals(rep.runningMean().toDoubleArray(), once.runningMean().toDoubleArray(), 1e-15);
    once.eval();
    rep.eval();
    Tensor ye = once.forward(step.detach().unsqueeze(0).expand(5, 3, 2, 4, 4));
    assertTrue(Module.isTimeBroadcast(ye));
    assertArrayEquals(rep.forward(Tensor.stack(steps, 0).detach()).toDoubleArray(), ye.toDoubleArray(), 1e-14);
  }

  @Test
  void statefulAndStochasticLayersSeeEveryStep() {
    Tensor x = Init.uniform_(Tensor.zeros(2, 3, 5), 0, 2, new Rng(4));
    Tensor b = Encoders.direct(x, 6);
    assertTrue(Module.isTimeBroadcast(b));
    assertArrayEquals(materialised(x, 6).toFloatArray(), b.toFloatArray(), 0f);
    Module a = NeuronFactory.create("LIFNode", Map.of("tau", 2.0));
    Module c = NeuronFactory.create("LIFNode", Map.of("tau", 2.0));
    a.setStepMode('m');
    c.setStepMode('m');
    Tensor ya = a.forward(b);
    assertFalse(Module.isTimeBroadcast(ya), "a neuron's steps differ");
    assertArrayEquals(c.forward(materialised(x, 6)).toFloatArray(), ya.toFloatArray(), 0f);
    Dropout d = Dropout.dropout(0.5, 3);
    d.setStepMode('m');
    Dropout dRef = Dropout.dropout(0.5, 3);
    dRef.setStepMode('m');
    assertArrayEquals(dRef.forward(materialised(x, 6)).toFloatArray(), d.forward(b).toFloatArray(), 0f);
  }

  @Test
  void gradientOfDirectEncodingSumsOverTime() {
    Tensor x = Init.uniform_(Tensor.zeros(2, 3), 0, 1, new Rng(6)).requiresGrad(true);
    Linear fc = new Linear(3, 4, true, new Rng(2));
    fc.setStepMode('m');
    Tensor y = fc.forward(Encoders.direct(x, 3));
    assertTrue(Module.isTimeBroadcast(y));
    Tensor w = Tensor.arange(24).reshape(3, 2, 4).to(DType.FLOAT32);
    y.mul(w).sum().backward();
    // d/dx Σ_t Σ y_t·w_t = Σ_t w_t · W
    Tensor expect = w.sum(0, false).matmul(fc.weight().detach());
    assertArrayEquals(expect.toFloatArray(), x.grad().toFloatArray(), 1e-4f);
  }

  /**
   * A layer with backward hooks folds over T·N (its hooks see per-step gradients); the layer before it still
   * computes once.
   */
  @Test
  void backwardHooksSeePerStepGradients() {
    Tensor step = Init.uniform_(Tensor.zeros(DType.FLOAT64, 2, 1, 5, 5), 0, 1, new Rng(12)).requiresGrad(true);
    Tensor stepRef = step.detach().requiresGrad(true);
    Tensor gy = Init.uniform_(Tensor.zeros(DType.FLOAT64, 3, 2, 2, 5, 5), -1, 1, new Rng(13));
    Tensor[] hookGrads = new Tensor[4];
    Sequential[] nets = new Sequential[2];
    Tensor[] outs = new Tensor[2];
    for (int k = 0; k < 2; k++) {
      Sequential net = new Sequential(new Conv2d(1, 2, 3, 1, 1, true, new Rng(14)), BatchNorm.bn2d(2));
      net.to(DType.FLOAT64).setStepMode('m');
      int slot = 2 * k;
      net.get(1).addBackwardHook((m, gIn, gOut) -> {
        hookGrads[slot] = gIn;
        hookGrads[slot + 1] = gOut;
      });
      boolean[] convOnce = new boolean[1];
      net.get(0).addForwardHook((m, in, out) -> convOnce[0] = Module.isTimeBroadcast(out));
      Tensor in = k == 0 ? step.unsqueeze(0).expand(3, 2, 1, 5, 5) : Tensor.stack(0, stepRef, stepRef, stepRef);
      outs[k] = net.forward(in);
      assertEquals(k == 0, convOnce[0], "conv computes once on the broadcast input only");
      assertFalse(Module.isTimeBroadcast(outs[k]), "BatchNorm with a backward hook folds");
      outs[k].backward(gy);
      nets[k] = net;
    }
    assertArrayEquals(outs[1].toDoubleArray(), outs[0].toDoubleArray(), 1e-13);
    assertArrayEquals(hookGrads[3].toDoubleArray(), hookGrads[1].toDoubleArray(), 1e-13, "grad output");
    assertArrayEquals(new int[] {3, 2, 2, 5, 5}, hookGrads[0].shape());
    assertArrayEquals(hookGrads[2].toDoubleArray(), hookGrads[0].toDoubleArray(), 1e-12, "grad input per step");
    assertArrayEquals(stepRef.grad().toDoubleArray(), step.grad().toDoubleArray(), 1e-12, "input gradient");
    for (String name : nets[1].namedParameters().keySet()) {
      assertArrayEquals(nets[1].namedParameters().get(name).grad().toDoubleArray(),
          nets[0].namedParameters().get(name).grad().toDoubleArray(), 1e-12, name);
    }
  }

  @Test
  void gradientOfALargeBroadcastIsTheSumOverTime() {
    java.util.Random r = new java.util.Random(9);
    int t = 4;
    int n = 64 * 128;
    float[] xv = new float[n];
    float[] wv = new float[t * n];
    for (int i = 0; i < wv.length; i++) {
      wv[i] = (float) r.nextGaussian();
    }
    Tensor x = Tensor.fromArray(xv, 64, 128).requiresGrad(true);
    Tensor w = Tensor.fromArray(wv, t, 64, 128);
    x.unsqueeze(0).expand(t, 64, 128).mul(w).sum().backward();
    float[] g = x.grad().toFloatArray();
    for (int i = 0; i < n; i++) {
      // the backend's sum over leading dims: float64 accumulation in time order, rounded once
      float want = (float) ((((double) wv[i] + wv[n + i]) + wv[2 * n + i]) + wv[3 * n + i]);
      org.junit.jupiter.api.Assertions.assertEquals(want, g[i], 0f, "element " + i);
    }
  }
}
