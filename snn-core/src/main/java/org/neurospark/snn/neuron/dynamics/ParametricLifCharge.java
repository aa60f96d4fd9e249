package org.neurospark.snn.neuron.dynamics;

/**
 * Parametric LIF (Fang et al. 2021): LIF with 1/τ = sigmoid(w), w one learnable scalar per layer. decay_input:
 * H = V + (X − (V − V_reset))·sigmoid(w); else H = V − (V − V_reset)·sigmoid(w) + X (V_reset = 0 for soft reset).
 * θ = w; ∂H/∂w = ∂H/∂decay · decay(1 − decay).
 */
public final class ParametricLifCharge implements ChargeFunction {
  private final double w;
  private final double decay;
  private final boolean decayInput;
  private final double vReset;
  private final boolean fp32;

  /**
   * @param w the learnable scalar; {@code decay = sigmoid(w)} is evaluated in float32 when {@code fp32} (as torch
   *     does for a float32 parameter), else in double
   */
  public ParametricLifCharge(double w, boolean decayInput, double vReset, boolean fp32) {
    this.w = w;
    double d = DynamicsMath.plifDecay(w);
    this.decay = fp32 ? (float) d : d;
    this.decayInput = decayInput;
    this.vReset = vReset;
    this.fp32 = fp32;
  }

  /** w = −ln(initTau − 1), so that sigmoid(w) = 1/initTau (SpikingJelly's init). */
  public static double initialW(double initTau) {
    if (!(initTau > 1.0)) {
      throw new IllegalArgumentException("PLIF: init_tau must be > 1, got " + initTau);
    }
    return DynamicsMath.plifInitialW(initTau);
  }

  public double w() {
    return w;
  }

  /** Whether decay is rounded to float32 (a float32 module), as torch evaluates sigmoid(w) for a float32 w. */
  public boolean fp32() {
    return fp32;
  }

  /** sigmoid(w) = 1/τ. */
  /** True for H = V + (X − (V − V_reset))·decay, false for H = V − (V − V_reset)·decay + X. */
  public boolean decayInput() {
    return decayInput;
  }

  /** The V_reset in the charge equation (0 for soft reset). */
  public double vReset() {
    return vReset;
  }

  public double decay() {
    return decay;
  }

  @Override
  public double charge(double v, double x) {
    return decayInput ? DynamicsMath.plifDecayInputCharge(decay, vReset, v, x)
        : DynamicsMath.plifCharge(decay, vReset, v, x);
  }

  /** fp32 charge with float32 operations in SpikingJelly's order (decay as float32). */
  @Override
  public float charge(float v, float x) {
    return decayInput ? DynamicsMath.plifDecayInputChargeF(decay, vReset, v, x)
        : DynamicsMath.plifChargeF(decay, vReset, v, x);
  }

  /** fp32 ∂H/∂w with float32 operations. */
  @Override
  public float dHdTheta(float v, float h) {
    return decayInput ? DynamicsMath.plifDecayInputDHdThetaF(decay, vReset, v, h)
        : DynamicsMath.plifDHdThetaF(decay, vReset, v, h);
  }

  @Override
  public double dHdV(double v) {
    return decayInput ? DynamicsMath.plifDecayInputDHdV(decay, vReset, v) : DynamicsMath.plifDHdV(decay, vReset, v);
  }

  @Override
  public double dHdX(double v) {
    return decayInput ? DynamicsMath.plifDecayInputDHdX(decay, vReset, v) : DynamicsMath.plifDHdX(decay, vReset, v);
  }

  @Override
  public boolean hasParameter() {
    return true;
  }

  @Override
  public double dHdTheta(double v, double h) {
    return decayInput ? DynamicsMath.plifDecayInputDHdTheta(decay, vReset, v, h)
        : DynamicsMath.plifDHdTheta(decay, vReset, v, h);
  }

  /** The same charge with w = theta (decay rounded to float32 as this one's was). */
  @Override
  public ChargeFunction withParameter(double theta) {
    return new ParametricLifCharge(theta, decayInput, vReset, fp32);
  }
}
