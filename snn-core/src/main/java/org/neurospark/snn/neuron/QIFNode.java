package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.QifCharge;
import org.neurospark.snn.surrogate.SurrogateFunction;

/** Quadratic integrate-and-fire (SpikingJelly {@code QIFNode}): H = V + (X + a0·(V − V_rest)(V − V_c))/τ. */
public class QIFNode extends BaseNode {
  private final QifCharge charge;

  /** Defaults: tau 2, v_c 0.8, a0 1, v_threshold 1, v_rest 0, v_reset −0.1. */
  public QIFNode() {
    this(2.0, 0.8, 1.0, 1.0, 0.0, -0.1, null, false, 's', false);
  }

  public QIFNode(double tau, double vC, double a0, double vThreshold, double vRest, Double vReset,
      SurrogateFunction surrogate, boolean detachReset, char stepMode, boolean storeVSeq) {
    super(vThreshold, vReset, surrogate, detachReset, stepMode, storeVSeq);
    requireTau("QIFNode", tau);
    if (vReset != null && !(vThreshold > vReset && vRest >= vReset)) {
      throw new IllegalArgumentException("QIFNode: need v_threshold > v_reset and v_rest >= v_reset");
    }
    this.charge = new QifCharge(tau, vC, a0, vRest);
  }

  @Override
  protected ChargeFunction chargeFunction() {
    return charge;
  }
}
