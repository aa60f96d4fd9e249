package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * Parametric LIF neurons (SpikingJelly {@code ParametricLIFNode}, Fang et al. 2021): LIF with 1/τ = sigmoid(w),
 * w one learnable scalar per layer initialised to −ln(init_tau − 1). Its gradient accumulates in
 * the tensor {@code w().tensor()} (parameter "w").
 */
public class ParametricLIFNode extends BaseNode {
  private final boolean decayInput;
  private final ScalarParameter w;

  /** Defaults: init_tau 2, decay_input true, v_threshold 1, v_reset 0, Sigmoid(alpha=4). */
  public ParametricLIFNode() {
    this(2.0, true, 1.0, 0.0, null, false, 's', false);
  }

  public ParametricLIFNode(double initTau, boolean decayInput, double vThreshold, Double vReset,
      SurrogateFunction surrogate, boolean detachReset, char stepMode, boolean storeVSeq) {
    super(vThreshold, vReset, surrogate, detachReset, stepMode, storeVSeq);
    this.decayInput = decayInput;
    this.w = addScalarParameter("w", (float) ParametricLifCharge.initialW(initTau));
  }

  /** The learnable w (1/τ = sigmoid(w)). */
  public ScalarParameter w() {
    return w;
  }

  /** Current τ = 1/sigmoid(w). */
  public double tau() {
    return 1.0 + Math.exp(-(double) w.value());
  }

  public boolean decayInput() {
    return decayInput;
  }

  @Override
  protected ChargeFunction chargeFunction() {
    return new ParametricLifCharge(w.value(), decayInput, vReset == null ? 0.0 : vReset, true);
  }

  /** The spec with w left to the kernel, which binds it from the parameter tensor (no host read of w). */
  @Override
  protected NeuronSpec kernelSpec() {
    return new NeuronSpec(new ParametricLifCharge(0.0, decayInput, vReset == null ? 0.0 : vReset, true), surrogate,
        vThreshold, vReset, detachReset);
  }

  @Override
  protected ScalarParameter thetaParameter() {
    return w;
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + ", tau=" + tau();
  }
}
