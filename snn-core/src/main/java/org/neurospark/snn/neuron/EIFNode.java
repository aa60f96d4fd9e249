package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.EifCharge;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * Exponential integrate-and-fire (SpikingJelly {@code EIFNode}):
 * H = V + (X − (V − V_rest) + Δ_T·exp((V − θ_rh)/Δ_T))/τ.
 */
public class EIFNode extends BaseNode {
  private final EifCharge charge;

  /** Defaults: tau 2, delta_T 1, theta_rh 0.8, v_threshold 1, v_rest 0, v_reset −0.1. */
  public EIFNode() {
    this(2.0, 1.0, 0.8, 1.0, 0.0, -0.1, null, false, 's', false);
  }

  public EIFNode(double tau, double deltaT, double thetaRh, double vThreshold, double vRest, Double vReset,
      SurrogateFunction surrogate, boolean detachReset, char stepMode, boolean storeVSeq) {
    super(vThreshold, vReset, surrogate, detachReset, stepMode, storeVSeq);
    requireTau("EIFNode", tau);
    this.charge = new EifCharge(tau, deltaT, thetaRh, vRest);
  }

  @Override
  protected ChargeFunction chargeFunction() {
    return charge;
  }
}
