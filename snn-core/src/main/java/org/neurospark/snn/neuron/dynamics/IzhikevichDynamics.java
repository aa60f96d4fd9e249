package org.neurospark.snn.neuron.dynamics;

/**
 * Izhikevich neuron (SpikingJelly {@code IzhikevichNode} on {@code AdaptBaseNode}), adaptation current W:
 * <pre>
 *   H    = V + (X + a0·(V − V_rest)(V − V_c) − W)/τ        (charge)
 *   W'   = W + (a·(H − V_rest) − W)/τ_w                      (adaptation, uses the charged H)
 *   S    = Θ(H − V_th);  V ← reset(H, S);  W ← W' + b·S       (fire, reset)
 * </pre>
 * The equations are the generated ones of {@code NeuronMath.IZHIKEVICH} (double; float overloads round once), with
 * the partial derivatives BPTT needs.
 */
public final class IzhikevichDynamics implements ChargeFunction {
  private final double tau;
  private final double vC;
  private final double a0;
  private final double vRest;
  private final double wRest;
  private final double tauW;
  private final double a;
  private final double b;

  public IzhikevichDynamics(double tau, double vC, double a0, double vRest, double wRest, double tauW, double a,
      double b) {
    if (!(tau > 1.0) || !(tauW > 1.0) || !(a0 > 0)) {
      throw new IllegalArgumentException("Izhikevich: need tau > 1, tau_w > 1, a0 > 0; got tau=" + tau + ", tau_w="
          + tauW + ", a0=" + a0);
    }
    this.tau = tau;
    this.vC = vC;
    this.a0 = a0;
    this.vRest = vRest;
    this.wRest = wRest;
    this.tauW = tauW;
    this.a = a;
    this.b = b;
  }

  /** Initial / reset value of W. */
  public double wRest() {
    return wRest;
  }

  /** The membrane time constant τ (steps). */
  public double tau() {
    return tau;
  }

  /** The critical potential V_c of the quadratic term. */
  public double vC() {
    return vC;
  }

  /** The quadratic coefficient a0. */
  public double a0() {
    return a0;
  }

  /** The resting potential V_rest. */
  public double vRest() {
    return vRest;
  }

  /** The adaptation time constant τ_w (steps). */
  public double tauW() {
    return tauW;
  }

  /** The subthreshold adaptation coupling a. */
  public double a() {
    return a;
  }

  /** H from V[t−1] = v, X = x, W[t−1] = w. */
  public double charge(double v, double x, double w) {
    return DynamicsMath.izhikevichCharge(tau, vC, a0, vRest, v, x, w);
  }

  /** Charge at W = W_rest (the {@link ChargeFunction} view). */
  @Override
  public double charge(double v, double x) {
    return charge(v, x, wRest);
  }

  /** W after adaptation, before the spike increment. */
  public double adapt(double w, double h) {
    return DynamicsMath.izhikevichAdapt(a, vRest, tauW, w, h);
  }

  /** W after the spike increment b·S. */
  public double spikeIncrement(double wAdapted, double s) {
    return DynamicsMath.izhikevichSpikeIncrement(b, wAdapted, s);
  }

  @Override
  public double dHdV(double v) {
    return DynamicsMath.izhikevichDHdV(tau, vC, a0, vRest, v);
  }

  @Override
  public double dHdX(double v) {
    return DynamicsMath.izhikevichDHdX(tau);
  }

  /** ∂H/∂W[t−1]. */
  public double dHdW() {
    return DynamicsMath.izhikevichDHdW(tau);
  }

  /** ∂W'/∂W[t−1]. */
  public double dAdaptdW() {
    return DynamicsMath.izhikevichDAdaptDW(tauW);
  }

  /** ∂W'/∂H. */
  public double dAdaptdH() {
    return DynamicsMath.izhikevichDAdaptDH(a, tauW);
  }

  /** ∂W[t]/∂S (the spike increment b). */
  public double b() {
    return b;
  }

  // ---- float32 views ----

  public float charge(float v, float x, float w) {
    return DynamicsMath.izhikevichChargeF(tau, vC, a0, vRest, v, x, w);
  }

  public float adapt(float w, float h) {
    return DynamicsMath.izhikevichAdaptF(a, vRest, tauW, w, h);
  }

  public float spikeIncrement(float wAdapted, float s) {
    return DynamicsMath.izhikevichSpikeIncrementF(b, wAdapted, s);
  }
}
