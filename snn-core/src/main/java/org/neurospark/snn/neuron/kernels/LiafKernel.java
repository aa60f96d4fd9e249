package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.AnalogActivation;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;

/**
 * Fused multi-step forward/backward of LIAF (SpikingJelly {@code LIAFNode}) over [T, N] sequences: the LIF
 * recurrence of {@link MultiStepKernel} (fire and reset inside), but the output is the analog
 * {@code act(H − offset)} (offset V_th when threshold_related, else 0) instead of the spikes. Saves H only.
 */
public final class LiafKernel {
  private LiafKernel() {}

  /**
   * Forward; arrays as {@link MultiStepKernel#forward}, with {@code y} [T, N] receiving the analog output and
   * {@code hSeq} required (the output is computed from it).
   */
  public static void forward(NeuronSpec spec, AnalogActivation act, float offset, int t, int n, float[] x,
      float[] vInit, float[] y, float[] hSeq, float[] vSeq, float[] vFinal, int threads) {
    if (hSeq == null) {
      throw new IllegalArgumentException("LIAF forward needs hSeq");
    }
    // the internal spikes go to y first; y is then overwritten with act(H − offset)
    MultiStepKernel.forward(spec, t, n, x, vInit, y, hSeq, vSeq, vFinal, threads);
    for (int i = 0; i < y.length; i++) {
      y[i] = act.apply(hSeq[i] - offset);
    }
  }

  /**
   * Backward: the output depends on H directly, so ∂L/∂H gets gradY·act'(H − offset) on top of the recurrence (the
   * spikes are not an output). Arrays as {@link MultiStepKernel#backward}.
   */
  public static void backward(NeuronSpec spec, AnalogActivation act, float offset, int t, int n, float[] hSeq,
      float[] vInit, float[] gradY, float[] gradVSeq, float[] gradVFinal, float[] gradX, float[] gradVInit,
      int threads) {
    float[] gradH = new float[hSeq.length];
    if (gradY != null) {
      for (int i = 0; i < gradH.length; i++) {
        gradH[i] = gradY[i] * act.derivative(hSeq[i] - offset);
      }
    }
    MultiStepKernel.backward(spec, t, n, hSeq, vInit, null, gradVSeq, gradVFinal, gradX, gradVInit, threads, gradH);
  }
}
