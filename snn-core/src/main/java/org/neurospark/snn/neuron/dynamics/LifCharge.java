package org.neurospark.snn.neuron.dynamics;

/**
 * Leaky integrate-and-fire with time constant τ (in steps, > 1). decay_input: H = V + (X − (V − V_reset))/τ; else
 * H = V − (V − V_reset)/τ + X. {@code vReset} is the reset potential, 0 for soft reset.
 */
public final class LifCharge implements ChargeFunction {
  private final double tau;
  private final boolean decayInput;
  private final double vReset;

  public LifCharge(double tau, boolean decayInput, double vReset) {
    if (!(tau > 1.0)) {
      throw new IllegalArgumentException("LIF: tau must be > 1, got " + tau);
    }
    this.tau = tau;
    this.decayInput = decayInput;
    this.vReset = vReset;
  }

  public double tau() {
    return tau;
  }

  /** The V_reset in the charge equation (0 for soft reset). */
  public double vReset() {
    return vReset;
  }

  public boolean decayInput() {
    return decayInput;
  }

  @Override
  public double charge(double v, double x) {
    return decayInput ? DynamicsMath.lifDecayInputCharge(tau, vReset, v, x) : DynamicsMath.lifCharge(tau, vReset, v, x);
  }

  /**
   * fp32 charge with float32 operations in SpikingJelly's order (as the float32 tensor ops compute it):
   * {@code v + (x − (v − V_reset)) / τ} or {@code v − (v − V_reset) / τ + x}.
   */
  @Override
  public float charge(float v, float x) {
    return decayInput ? DynamicsMath.lifDecayInputChargeF(tau, vReset, v, x)
        : DynamicsMath.lifChargeF(tau, vReset, v, x);
  }

  @Override
  public double dHdV(double v) {
    return decayInput ? DynamicsMath.lifDecayInputDHdV(tau, vReset, v) : DynamicsMath.lifDHdV(tau, vReset, v);
  }

  @Override
  public double dHdX(double v) {
    return decayInput ? DynamicsMath.lifDecayInputDHdX(tau, vReset, v) : DynamicsMath.lifDHdX(tau, vReset, v);
  }
}
