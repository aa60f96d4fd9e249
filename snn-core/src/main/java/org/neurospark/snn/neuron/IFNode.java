package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.surrogate.SurrogateFunction;

/** Integrate-and-fire neurons (SpikingJelly {@code IFNode}): H = V + X. */
public class IFNode extends BaseNode {
  /** Defaults: v_threshold 1, v_reset 0, Sigmoid(alpha=4), no detach_reset, step mode 's'. */
  public IFNode() {
    this(1.0, 0.0, null, false, 's', false);
  }

  public IFNode(double vThreshold, Double vReset, SurrogateFunction surrogate, boolean detachReset, char stepMode,
      boolean storeVSeq) {
    super(vThreshold, vReset, surrogate, detachReset, stepMode, storeVSeq);
  }

  @Override
  protected ChargeFunction chargeFunction() {
    return IfCharge.INSTANCE;
  }
}
