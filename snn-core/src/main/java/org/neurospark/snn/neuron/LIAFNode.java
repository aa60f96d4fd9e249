package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.kernels.MultiStepKernel;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.cpu.Cpu;

/**
 * LIAF neurons (SpikingJelly {@code LIAFNode}, Wu et al. 2021): LIF dynamics that fire and reset internally but
 * output the analog {@code act(H − V_th)} (threshold_related) or {@code act(H)} instead of spikes.
 */
public class LIAFNode extends LIFNode {
  private final LiafActivation act;
  private final boolean thresholdRelated;

  public LIAFNode(LiafActivation act, boolean thresholdRelated, double tau, boolean decayInput, double vThreshold,
      Double vReset, SurrogateFunction surrogate, boolean detachReset, char stepMode, boolean storeVSeq) {
    super(tau, decayInput, vThreshold, vReset, surrogate, detachReset, stepMode, storeVSeq);
    this.act = nonNull(act, "act");
    this.thresholdRelated = thresholdRelated;
  }

  public LiafActivation activation() {
    return act;
  }

  private float offset() {
    return thresholdRelated ? (float) vThreshold : 0f;
  }

  @Override
  protected float[] forwardKernel(Record rec, float[] x, float[] vSeqOut, float[] vFinal) {
    float[] h = rec.h != null ? rec.h : new float[x.length];
    float[] spike = new float[x.length];
    MultiStepKernel.forward(rec.spec, rec.t, rec.n, x, rec.vInit, spike, h, vSeqOut, vFinal, Cpu.threads());
    float off = offset();
    float[] y = spike; // reuse: the internal spikes are not part of the output
    for (int i = 0; i < y.length; i++) {
      y[i] = act.apply(h[i] - off);
    }
    return y;
  }

  @Override
  protected boolean supportsFloat64() {
    return false;
  }

  @Override
  protected double backwardKernel(Record rec, float[] gradOut, float[] gradVSeq, float[] gradVFinal, float[] gradX,
      float[] gradVInit) {
    // the output depends on H directly: ∂L/∂H gets gY·act'(H) on top of the recurrence (no spike-output term)
    float off = offset();
    float[] gradH = new float[gradOut.length];
    for (int i = 0; i < gradH.length; i++) {
      gradH[i] = gradOut[i] * act.derivative(rec.h[i] - off);
    }
    return MultiStepKernel.backward(rec.spec, rec.t, rec.n, rec.h, rec.vInit, null, gradVSeq, gradVFinal, gradX,
        gradVInit, Cpu.threads(), gradH);
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + ", act=" + act + ", threshold_related=" + (thresholdRelated ? "True" : "False");
  }

  /** Its own host-array kernels: CPU only. */
  @Override
  protected boolean usesBackendKernels() {
    return false;
  }
}
