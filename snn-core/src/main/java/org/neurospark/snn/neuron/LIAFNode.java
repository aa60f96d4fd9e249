package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.NeuronModelKernels;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Tensor;

/**
 * LIAF neurons (SpikingJelly {@code LIAFNode}, Wu et al. 2021): LIF dynamics that fire and reset internally but
 * output the analog {@code act(H − V_th)} (threshold_related) or {@code act(H)} instead of spikes, computed by the
 * backend's {@link NeuronModelKernels}.
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
  protected void kernelForward(NeuronSpec spec, Tensor theta, Tensor x, Tensor vInit, Tensor out, Tensor h,
      Tensor vSeq, Tensor vFinal) {
    modelKernels("LIAFNode", x.backend()).liafForward(spec, act.analog(), offset(), x, vInit, out, h, vSeq,
        vFinal);
  }

  @Override
  protected void kernelBackward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradOut,
      Tensor gradVSeq, Tensor gradX, Tensor gradVInit, Tensor gradTheta) {
    modelKernels("LIAFNode", h.backend()).liafBackward(spec, act.analog(), offset(), h, vInit, gradOut, gradVSeq,
        gradX, gradVInit);
  }

  @Override
  protected boolean kernelsRunOn(Backend backend) {
    return NeuronModelKernels.on(backend) != null;
  }

  @Override
  protected boolean supportsFloat64() {
    return false;
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + ", act=" + act + ", threshold_related=" + (thresholdRelated ? "True" : "False");
  }
}
