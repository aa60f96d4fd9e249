package org.neurospark.snn.neuron.dynamics;

/** Quadratic integrate-and-fire: H = V + (X + a0·(V − V_rest)(V − V_c))/τ. */
public final class QifCharge implements ChargeFunction {
  private final double tau;
  private final double vC;
  private final double a0;
  private final double vRest;

  public QifCharge(double tau, double vC, double a0, double vRest) {
    if (!(tau > 1.0) || !(a0 > 0)) {
      throw new IllegalArgumentException("QIF: need tau > 1 and a0 > 0, got tau=" + tau + ", a0=" + a0);
    }
    this.tau = tau;
    this.vC = vC;
    this.a0 = a0;
    this.vRest = vRest;
  }

  /** Τ, in steps. */
  public double tau() {
    return tau;
  }

  /** The critical voltage V_c. */
  public double vC() {
    return vC;
  }

  /** The sharpness a0. */
  public double a0() {
    return a0;
  }

  /** The resting potential V_rest. */
  public double vRest() {
    return vRest;
  }

  @Override
  public double charge(double v, double x) {
    return DynamicsMath.qifCharge(tau, vC, a0, vRest, v, x);
  }

  @Override
  public double dHdV(double v) {
    return DynamicsMath.qifDHdV(tau, vC, a0, vRest, v);
  }

  @Override
  public double dHdX(double v) {
    return DynamicsMath.qifDHdX(tau, vC, a0, vRest, v);
  }
}
