package org.neurospark.snn.neuron.dynamics;

/**
 * Leaky integrate-and-fire with time constant τ (in steps, > 1). decay_input: H = V + (X − (V − V_reset))/τ; else
 * H = V − (V − V_reset)/τ + X. {@code vReset} is the reset potential, 0 for soft reset (SpikingJelly uses the 0
 * forms {@code V + (X − V)/τ} and {@code V(1 − 1/τ) + X} then; this class uses the same float operations).
 */
public final class LifCharge implements ChargeFunction {
  private final float tau;
  private final boolean decayInput;
  private final float vReset;
  private final float decay;

  public LifCharge(double tau, boolean decayInput, double vReset) {
    if (!(tau > 1.0)) {
      throw new IllegalArgumentException("LIF: tau must be > 1, got " + tau);
    }
    this.tau = (float) tau;
    this.decayInput = decayInput;
    this.vReset = (float) vReset;
    this.decay = 1f / this.tau;
  }

  public float tau() {
    return tau;
  }

  public boolean decayInput() {
    return decayInput;
  }

  @Override
  public float charge(float v, float x) {
    if (decayInput) {
      return vReset == 0f ? v + (x - v) / tau : v + (x - (v - vReset)) / tau;
    }
    return vReset == 0f ? v * (1f - 1f / tau) + x : v - (v - vReset) / tau + x;
  }

  @Override
  public float dHdV(float v) {
    return 1f - decay;
  }

  @Override
  public float dHdX(float v) {
    return decayInput ? decay : 1f;
  }
}
