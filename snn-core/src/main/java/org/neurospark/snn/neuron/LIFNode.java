package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * Leaky integrate-and-fire neurons (SpikingJelly {@code LIFNode}), membrane time constant τ in steps (> 1).
 * decay_input: H = V + (X − (V − V_reset))/τ; otherwise H = V − (V − V_reset)/τ + X.
 */
public class LIFNode extends BaseNode {
  private final double tau;
  private final boolean decayInput;
  private final LifCharge charge;

  /** Defaults: tau 2, decay_input true, v_threshold 1, v_reset 0, Sigmoid(alpha=4). */
  public LIFNode() {
    this(2.0, true, 1.0, 0.0, null, false, 's', false);
  }

  public LIFNode(double tau, boolean decayInput, double vThreshold, Double vReset, SurrogateFunction surrogate,
      boolean detachReset, char stepMode, boolean storeVSeq) {
    super(vThreshold, vReset, surrogate, detachReset, stepMode, storeVSeq);
    this.tau = requireTau("LIFNode", tau);
    this.decayInput = decayInput;
    this.charge = new LifCharge(tau, decayInput, vReset == null ? 0.0 : vReset);
  }

  public double tau() {
    return tau;
  }

  public boolean decayInput() {
    return decayInput;
  }

  @Override
  protected ChargeFunction chargeFunction() {
    return charge;
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + ", tau=" + tau;
  }
}
