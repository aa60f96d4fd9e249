package org.neurospark.snn.neuron.dynamics;

/**
 * Izhikevich neuron (SpikingJelly {@code IzhikevichNode} on {@code AdaptBaseNode}), adaptation current W:
 * <pre>
 *   H    = V + (X + a0·(V − V_rest)(V − V_c) − W)/τ        (charge)
 *   W'   = W + (a·(H − V_rest) − W)/τ_w                      (adaptation, uses the charged H)
 *   S    = Θ(H − V_th);  V ← reset(H, S);  W ← W' + b·S       (fire, reset)
 * </pre>
 * Pure functions written in double; float overloads round once. The partial derivatives are the ones BPTT needs.
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

  /** H from V[t−1] = v, X = x, W[t−1] = w. */
  public double charge(double v, double x, double w) {
    return v + (x + a0 * (v - vRest) * (v - vC) - w) / tau;
  }

  /** Charge at W = W_rest (the {@link ChargeFunction} view). */
  @Override
  public double charge(double v, double x) {
    return charge(v, x, wRest);
  }

  /** W after adaptation, before the spike increment. */
  public double adapt(double w, double h) {
    return w + (a * (h - vRest) - w) / tauW;
  }

  /** W after the spike increment b·S. */
  public double spikeIncrement(double wAdapted, double s) {
    return wAdapted + b * s;
  }

  @Override
  public double dHdV(double v) {
    return 1.0 + a0 * (2.0 * v - vRest - vC) / tau;
  }

  @Override
  public double dHdX(double v) {
    return 1.0 / tau;
  }

  /** ∂H/∂W[t−1]. */
  public double dHdW() {
    return -1.0 / tau;
  }

  /** ∂W'/∂W[t−1]. */
  public double dAdaptdW() {
    return 1.0 - 1.0 / tauW;
  }

  /** ∂W'/∂H. */
  public double dAdaptdH() {
    return a / tauW;
  }

  /** ∂W[t]/∂S (the spike increment b). */
  public double b() {
    return b;
  }

  // ---- float32 views ----

  public float charge(float v, float x, float w) {
    return (float) charge((double) v, (double) x, (double) w);
  }

  public float adapt(float w, float h) {
    return (float) adapt((double) w, (double) h);
  }

  public float spikeIncrement(float wAdapted, float s) {
    return (float) spikeIncrement((double) wAdapted, (double) s);
  }
}
