package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.ResetMechanism;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.surrogate.FastSigmoid;
import org.neurospark.snn.surrogate.SnnTorchATan;
import org.neurospark.snn.tensor.Tensor;

/** snnTorch Leaky / Synaptic semantics: strict threshold, reset from the previous membrane, subtract / zero. */
class SnnTorchNeuronTest {

  @Test
  void leakySubtractResetHandComputed() {
    Leaky lif = new Leaky(0.5);
    float[] u = new float[4];
    float[] s = new float[4];
    float[] in = {1.0f, 0.6f, 0.2f, 0.0f};
    for (int t = 0; t < 4; t++) {
      s[t] = (float) lif.forward(Tensor.fromArray(new float[] {in[t]}, 1)).item();
      u[t] = (float) lif.mem().item();
    }
    // U: 1.0 (not > 1: no spike), 1.1 (spike), 0.55 + 0.2 − 1 (reset from previous U = 1.1) = −0.25, −0.125
    assertArrayEquals(new float[] {1.0f, 1.1f, -0.25f, -0.125f}, u, 1e-6f);
    assertArrayEquals(new float[] {0f, 1f, 0f, 0f}, s);
  }

  @Test
  void leakyZeroResetHandComputed() {
    Leaky lif = new Leaky(0.5, 1.0, null, ResetMechanism.ZERO);
    lif.setStepMode('m');
    float[] s = lif.forward(Tensor.fromArray(new float[] {1.5f, 0.6f, 0.2f}, 3, 1)).toFloatArray();
    // U: 1.5 (spike), 0.5·0·1.5 + 0.6 = 0.6, 0.3 + 0.2 = 0.5
    assertArrayEquals(new float[] {1.5f, 0.6f, 0.5f}, lif.memSeq().toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {1f, 0f, 0f}, s);
  }

  @Test
  void synapticHandComputed() {
    Synaptic syn = new Synaptic(0.5, 0.5);
    syn.setStepMode('m');
    float[] s = syn.forward(Tensor.fromArray(new float[] {1.0f, 0.0f, 0.0f}, 3, 1)).toFloatArray();
    // I: 1, 0.5, 0.25; U: 1 (no spike, strict), 0.5 + 0.5 = 1.0, 0.5 + 0.25 = 0.75
    assertArrayEquals(new float[] {0f, 0f, 0f}, s);
    assertArrayEquals(new float[] {0.75f}, syn.mem().toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {0.25f}, syn.syn().toFloatArray(), 1e-6f);
  }

  /**
   * Backward = finite differences of a smooth (primitive-mode) forward; the detached reset is a constant. Checked
   * for one multi-step call and for step-by-step calls (gradient through the state across calls).
   */
  @Test
  void leakyAndSynapticGradientsMatchFiniteDifferences() {
    Random r = new Random(4);
    int t = 6;
    int n = 8;
    float[] x = new float[t * n];
    float[] g = new float[t * n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 1.2 - 0.2);
      g[i] = (float) (r.nextDouble() * 2 - 1);
    }
    for (ResetMechanism rm : ResetMechanism.values()) {
      Leaky leaky = new Leaky(0.8, 1.0, new SnnTorchATan(2.0, false), rm);
      check("Leaky " + rm, () -> leaky, leaky::reset, x, g, t, n, 'm');
      check("Leaky 's' " + rm, () -> leaky, leaky::reset, x, g, t, n, 's');
      Synaptic syn = new Synaptic(0.6, 0.8, 1.0, new FastSigmoid(5.0, false), rm);
      check("Synaptic " + rm, () -> syn, syn::reset, x, g, t, n, 'm');
      check("Synaptic 's' " + rm, () -> syn, syn::reset, x, g, t, n, 's');
    }
  }

  private static void check(String what, java.util.function.Supplier<Module> m, Runnable reset, float[] x, float[] g,
      int t, int n, char mode) {
    reset.run();
    Module mod = m.get();
    mod.setStepMode(mode);
    Tensor xt = Tensor.fromArray(x, t, n).requiresGrad(true);
    run(mod, xt, mode, t).mul(Tensor.fromArray(g, t, n)).sum().backward();
    float[] gx = xt.grad().toFloatArray();
    for (int i = 0; i < x.length; i++) {
      float[] xp = x.clone();
      float[] xm = x.clone();
      xp[i] += 1e-3f;
      xm[i] -= 1e-3f;
      reset.run();
      double lp = dot(run(mod, Tensor.fromArray(xp, t, n), mode, t).toFloatArray(), g);
      reset.run();
      double lm = dot(run(mod, Tensor.fromArray(xm, t, n), mode, t).toFloatArray(), g);
      double num = (lp - lm) / ((double) xp[i] - xm[i]);
      assertEquals(num, gx[i], 3e-3 * Math.max(1, Math.abs(num)), what + " x[" + i + "]");
    }
  }

  /** One call on [T, N] in mode 'm', or T calls on [N] stacked back to [T, N] in mode 's'. */
  private static Tensor run(Module mod, Tensor x, char mode, int t) {
    if (mode == 'm') {
      return mod.forward(x);
    }
    Tensor[] steps = new Tensor[t];
    for (int i = 0; i < t; i++) {
      steps[i] = mod.forward(x.select(0, i));
    }
    return Tensor.stack(0, steps);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
