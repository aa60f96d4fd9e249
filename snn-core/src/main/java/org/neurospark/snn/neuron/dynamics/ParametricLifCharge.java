package org.neurospark.snn.neuron.dynamics;

/**
 * Parametric LIF (Fang et al. 2021): LIF with 1/τ = sigmoid(w), w one learnable scalar per layer. decay_input:
 * H = V + (X − (V − V_reset))·sigmoid(w); else H = V − (V − V_reset)·sigmoid(w) + X (V_reset = 0 for soft reset).
 * θ = w; ∂H/∂w = ∂H/∂decay · decay(1 − decay).
 */
public final class ParametricLifCharge implements ChargeFunction {
  private final float w;
  private final float decay;
  private final boolean decayInput;
  private final float vReset;

  public ParametricLifCharge(float w, boolean decayInput, double vReset) {
    this.w = w;
    this.decay = (float) (1.0 / (1.0 + Math.exp(-(double) w)));
    this.decayInput = decayInput;
    this.vReset = (float) vReset;
  }

  /** w = −ln(initTau − 1), so that sigmoid(w) = 1/initTau (SpikingJelly's init). */
  public static float initialW(double initTau) {
    if (!(initTau > 1.0)) {
      throw new IllegalArgumentException("PLIF: init_tau must be > 1, got " + initTau);
    }
    return (float) -Math.log(initTau - 1.0);
  }

  public float w() {
    return w;
  }

  /** sigmoid(w) = 1/τ. */
  public float decay() {
    return decay;
  }

  @Override
  public float charge(float v, float x) {
    if (decayInput) {
      return vReset == 0f ? v + (x - v) * decay : v + (x - (v - vReset)) * decay;
    }
    return vReset == 0f ? v * (1f - decay) + x : v - (v - vReset) * decay + x;
  }

  @Override
  public float dHdV(float v) {
    return 1f - decay;
  }

  @Override
  public float dHdX(float v) {
    return decayInput ? decay : 1f;
  }

  @Override
  public boolean hasParameter() {
    return true;
  }

  @Override
  public float dHdTheta(float v, float h) {
    // ∂H/∂decay: decay_input → X − (V − V_reset) = (H − V)/decay; else −(V − V_reset).
    float dDecay = decayInput ? (h - v) / decay : vReset - v;
    return dDecay * decay * (1f - decay);
  }

  @Override
  public ChargeFunction withParameter(float theta) {
    return new ParametricLifCharge(theta, decayInput, vReset);
  }
}
