package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;

/**
 * Fused multi-step forward/backward of the Izhikevich neuron ({@link IzhikevichDynamics}) over [T, N] sequences.
 * Forward saves H[t] and W[t−1] (the adaptation state each step starts from); backward carries ∂L/∂V and ∂L/∂W
 * backwards in time. Layout and threading as {@link MultiStepKernel}.
 */
public final class IzhikevichKernel {
  private IzhikevichKernel() {}

  /**
   * @param spec fire/reset (its charge function is ignored)
   * @param vInit V[−1] [N] or null (= spec.vInit()); {@code wInit} W[−1] [N] or null (= W_rest)
   * @param hSeq out, nullable: H [T, N]; {@code wPrevSeq} out, nullable: W[t−1] [T, N]
   */
  public static void forward(NeuronSpec spec, IzhikevichDynamics dyn, int t, int n, float[] x, float[] vInit,
      float[] wInit, float[] spike, float[] hSeq, float[] wPrevSeq, float[] vSeq, float[] vFinal, float[] wFinal,
      int threads) {
    long tn = (long) t * n;
    MultiStepKernel.checkLength("x", x, tn);
    MultiStepKernel.checkLength("spike", spike, tn);
    MultiStepKernel.checkLength("hSeq", hSeq, tn);
    MultiStepKernel.checkLength("wPrevSeq", wPrevSeq, tn);
    MultiStepKernel.checkLength("vSeq", vSeq, tn);
    MultiStepKernel.checkLength("vFinal", vFinal, n);
    MultiStepKernel.checkLength("wFinal", wFinal, n);
    final float v0 = spec.vInitF();
    final float w0 = (float) dyn.wRest();
    Parallel.forRange(n, threads, t, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        vFinal[i] = vInit == null ? v0 : vInit[i];
        wFinal[i] = wInit == null ? w0 : wInit[i];
      }
      for (int step = 0; step < t; step++) {
        int base = step * n;
        for (int i = lo; i < hi; i++) {
          int idx = base + i;
          float w = wFinal[i];
          float h = dyn.charge(vFinal[i], x[idx], w);
          float wa = dyn.adapt(w, h);
          float s = spec.fire(h);
          spike[idx] = s;
          float v = spec.reset(h, s);
          vFinal[i] = v;
          wFinal[i] = dyn.spikeIncrement(wa, s);
          if (hSeq != null) {
            hSeq[idx] = h;
          }
          if (wPrevSeq != null) {
            wPrevSeq[idx] = w;
          }
          if (vSeq != null) {
            vSeq[idx] = v;
          }
        }
      }
      return 0.0;
    });
  }

  /**
   * Backward through a {@link #forward} call. {@code gradVFinal}/{@code gradWFinal} (nullable) are the gradients of
   * the final state; {@code gradVInit}/{@code gradWInit} (nullable) receive those of the initial state.
   */
  public static void backward(NeuronSpec spec, IzhikevichDynamics dyn, int t, int n, float[] hSeq, float[] wPrevSeq,
      float[] vInit, float[] gradSpike, float[] gradVSeq, float[] gradVFinal, float[] gradWFinal, float[] gradX,
      float[] gradVInit, float[] gradWInit, int threads) {
    long tn = (long) t * n;
    MultiStepKernel.checkLength("hSeq", hSeq, tn);
    MultiStepKernel.checkLength("wPrevSeq", wPrevSeq, tn);
    MultiStepKernel.checkLength("gradX", gradX, tn);
    final float v0 = spec.vInitF();
    final float dhdx = dyn.dHdX(0f);
    final float dhdw = (float) dyn.dHdW();
    final float dadw = (float) dyn.dAdaptdW();
    final float dadh = (float) dyn.dAdaptdH();
    final float b = (float) dyn.b();
    Parallel.forRange(n, threads, t, (lo, hi) -> {
      int len = hi - lo;
      float[] gv = new float[len];
      float[] gw = new float[len];
      for (int i = lo; i < hi; i++) {
        gv[i - lo] = gradVFinal == null ? 0f : gradVFinal[i];
        gw[i - lo] = gradWFinal == null ? 0f : gradWFinal[i];
      }
      for (int step = t - 1; step >= 0; step--) {
        int base = step * n;
        for (int i = lo; i < hi; i++) {
          int idx = base + i;
          int j = i - lo;
          float h = hSeq[idx];
          float s = spec.fire(h);
          float sg = spec.fireGrad(h);
          float gV = gv[j] + (gradVSeq == null ? 0f : gradVSeq[idx]);
          float gW = gw[j];
          float gS = (gradSpike == null ? 0f : gradSpike[idx]) + gW * b;
          float gH = gV * spec.dVdH(h, s, sg) + gS * sg + gW * dadh;
          float vPrev;
          if (step > 0) {
            float hp = hSeq[idx - n];
            vPrev = spec.reset(hp, spec.fire(hp));
          } else {
            vPrev = vInit == null ? v0 : vInit[i];
          }
          gradX[idx] = gH * dhdx;
          gv[j] = gH * dyn.dHdV(vPrev);
          gw[j] = gW * dadw + gH * dhdw;
        }
      }
      if (gradVInit != null) {
        System.arraycopy(gv, 0, gradVInit, lo, len);
      }
      if (gradWInit != null) {
        System.arraycopy(gw, 0, gradWInit, lo, len);
      }
      return 0.0;
    });
  }
}
