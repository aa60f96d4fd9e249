package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.KlifDynamics;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;

/**
 * Fused multi-step forward/backward of KLIF ({@link KlifDynamics}) over [T, N] sequences. Saves only H (pre-ReLU);
 * F, S and V are recomputed. Backward returns ∂L/∂k. Layout and threading as {@link MultiStepKernel}.
 */
public final class KlifKernel {
  private KlifKernel() {}

  /** Forward; see {@link MultiStepKernel#forward} for the arrays. */
  public static void forward(KlifDynamics dyn, int t, int n, float[] x, float[] vInit, float[] spike, float[] hSeq,
      float[] vSeq, float[] vFinal, int threads) {
    long tn = (long) t * n;
    MultiStepKernel.checkLength("x", x, tn);
    MultiStepKernel.checkLength("spike", spike, tn);
    MultiStepKernel.checkLength("hSeq", hSeq, tn);
    MultiStepKernel.checkLength("vSeq", vSeq, tn);
    MultiStepKernel.checkLength("vFinal", vFinal, n);
    final NeuronSpec spec = dyn.spec();
    final float v0 = spec.vInitF();
    Parallel.forRange(n, threads, t, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        vFinal[i] = vInit == null ? v0 : vInit[i];
      }
      for (int step = 0; step < t; step++) {
        int base = step * n;
        for (int i = lo; i < hi; i++) {
          int idx = base + i;
          float h = spec.charge(vFinal[i], x[idx]);
          float f = dyn.scale(h);
          float s = spec.fire(f);
          spike[idx] = s;
          float v = dyn.reset(f, s);
          vFinal[i] = v;
          if (hSeq != null) {
            hSeq[idx] = h;
          }
          if (vSeq != null) {
            vSeq[idx] = v;
          }
        }
      }
      return 0.0;
    });
  }

  /** Backward; see {@link MultiStepKernel#backward}. Returns ∂L/∂k. */
  public static double backward(KlifDynamics dyn, int t, int n, float[] hSeq, float[] vInit, float[] gradSpike,
      float[] gradVSeq, float[] gradVFinal, float[] gradX, float[] gradVInit, int threads) {
    long tn = (long) t * n;
    MultiStepKernel.checkLength("hSeq", hSeq, tn);
    MultiStepKernel.checkLength("gradX", gradX, tn);
    final NeuronSpec spec = dyn.spec();
    final ChargeFunction cf = spec.charge();
    final float k = (float) dyn.k();
    final float v0 = spec.vInitF();
    return Parallel.forRange(n, threads, t, (lo, hi) -> {
      int len = hi - lo;
      float[] carry = new float[len];
      double gk = 0;
      for (int i = lo; i < hi; i++) {
        carry[i - lo] = gradVFinal == null ? 0f : gradVFinal[i];
      }
      for (int step = t - 1; step >= 0; step--) {
        int base = step * n;
        for (int i = lo; i < hi; i++) {
          int idx = base + i;
          int j = i - lo;
          float h = hSeq[idx];
          boolean active = k * h > 0f;
          float f = active ? k * h : 0f;
          float s = spec.fire(f);
          float sg = spec.fireGrad(f);
          float gV = carry[j] + (gradVSeq == null ? 0f : gradVSeq[idx]);
          float gF = gV * (float) dyn.dVdF(f, s, sg) + (gradSpike == null ? 0f : gradSpike[idx]) * sg;
          float gH = active ? gF * k : 0f;
          gk += (active ? gF * h : 0f) + gV * (float) dyn.dVdk(f, s);
          float vPrev;
          if (step > 0) {
            float fp = dyn.scale(hSeq[idx - n]);
            vPrev = dyn.reset(fp, spec.fire(fp));
          } else {
            vPrev = vInit == null ? v0 : vInit[i];
          }
          gradX[idx] = gH * cf.dHdX(vPrev);
          carry[j] = gH * cf.dHdV(vPrev);
        }
      }
      if (gradVInit != null) {
        System.arraycopy(carry, 0, gradVInit, lo, len);
      }
      return gk;
    });
  }
}
