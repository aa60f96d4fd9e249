package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.SnnTorchDynamics;

/**
 * Fused multi-step forward/backward of snnTorch's {@code Leaky} and {@code Synaptic} ({@link SnnTorchDynamics})
 * over time-major [T, N] sequences on float32 host arrays, split over neurons as {@link MultiStepKernel}. Saves U
 * after every step (also an output); the backward needs U and U[−1] only.
 */
public final class SnnTorchKernel {
  private SnnTorchKernel() {}

  /**
   * Forward.
   *
   * @param beta the membrane decay β (Leaky: the clamped learnable value)
   * @param x X [T, N]
   * @param uInit U[−1] [N], or null for 0
   * @param iInit Synaptic's I[−1] [N], or null for 0 (ignored for Leaky)
   * @param spike out: S [T, N]
   * @param uSeq out: U after every step [T, N]
   * @param iFinal out (Synaptic; nullable): I after the last step [N]
   */
  public static void forward(SnnTorchDynamics d, float beta, int t, int n, float[] x, float[] uInit, float[] iInit,
      float[] spike, float[] uSeq, float[] iFinal, int threads) {
    long tn = (long) t * n;
    MultiStepKernel.checkLength("x", x, tn);
    MultiStepKernel.checkLength("spike", spike, tn);
    MultiStepKernel.checkLength("uSeq", uSeq, tn);
    MultiStepKernel.checkLength("uInit", uInit, n);
    MultiStepKernel.checkLength("iInit", iInit, n);
    MultiStepKernel.checkLength("iFinal", iFinal, n);
    Parallel.forRange(n, threads, t, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        float prev = uInit == null ? 0f : uInit[i];
        float cur = iInit == null ? 0f : iInit[i];
        for (int step = 0; step < t; step++) {
          int idx = step * n + i;
          float r = d.resetFlag(prev);
          float in = x[idx];
          if (d.synaptic()) {
            cur = d.current(cur, in);
            in = cur;
          }
          float u = d.membrane(beta, prev, in, r);
          uSeq[idx] = u;
          spike[idx] = d.spike(u);
          prev = u;
        }
        if (iFinal != null) {
          iFinal[i] = cur;
        }
      }
      return 0.0;
    });
  }

  /**
   * Backward through a {@link #forward} call.
   *
   * @param uSeq U saved by forward [T, N]; {@code uInit} U[−1] given to forward, or null
   * @param gradSpike ∂L/∂S [T, N] (nullable = 0); {@code gradUSeq} ∂L/∂U[t] [T, N] (nullable = 0)
   * @param gradIFinal Synaptic: ∂L/∂I[T−1] from later use of the state [N] (nullable = 0)
   * @param gradX out: ∂L/∂X [T, N]
   * @param gradUInit out (nullable): ∂L/∂U[−1] [N]; {@code gradIInit} out (Synaptic; nullable): ∂L/∂I[−1] [N]
   * @return ∂L/∂β summed in double in a fixed order (Leaky's learnable β; callers of Synaptic ignore it)
   */
  public static double backward(SnnTorchDynamics d, float beta, int t, int n, float[] uSeq, float[] uInit,
      float[] gradSpike, float[] gradUSeq, float[] gradIFinal, float[] gradX, float[] gradUInit, float[] gradIInit,
      int threads) {
    long tn = (long) t * n;
    MultiStepKernel.checkLength("uSeq", uSeq, tn);
    MultiStepKernel.checkLength("gradX", gradX, tn);
    final float alpha = d.alpha();
    return Parallel.forRange(n, threads, t, (lo, hi) -> {
      double gb = 0;
      for (int i = lo; i < hi; i++) {
        float gU = 0f;
        float gI = gradIFinal == null ? 0f : gradIFinal[i];
        for (int step = t - 1; step >= 0; step--) {
          int idx = step * n + i;
          float g = gU + (gradSpike == null ? 0f : gradSpike[idx] * d.spikeDerivative(uSeq[idx]))
              + (gradUSeq == null ? 0f : gradUSeq[idx]);
          float prev = step > 0 ? uSeq[idx - n] : (uInit == null ? 0f : uInit[i]);
          float keep = d.keep(d.resetFlag(prev));
          if (d.synaptic()) {
            float gSyn = gI + g * keep;
            gradX[idx] = gSyn;
            gI = gSyn * alpha;
          } else {
            gradX[idx] = g;
            gb += g * keep * prev;
          }
          gU = g * beta * keep;
        }
        if (gradUInit != null) {
          gradUInit[i] = gU;
        }
        if (gradIInit != null) {
          gradIInit[i] = gI;
        }
      }
      return gb;
    });
  }
}
