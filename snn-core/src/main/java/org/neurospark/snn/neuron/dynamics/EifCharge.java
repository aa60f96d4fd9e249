package org.neurospark.snn.neuron.dynamics;

/** Exponential integrate-and-fire: H = V + (X − (V − V_rest) + Δ_T·exp((V − θ_rh)/Δ_T))/τ. */
public final class EifCharge implements ChargeFunction {
  private final double tau;
  private final double deltaT;
  private final double thetaRh;
  private final double vRest;

  public EifCharge(double tau, double deltaT, double thetaRh, double vRest) {
    if (!(tau > 1.0) || !(deltaT > 0)) {
      throw new IllegalArgumentException("EIF: need tau > 1 and delta_T > 0, got tau=" + tau + ", delta_T=" + deltaT);
    }
    this.tau = tau;
    this.deltaT = deltaT;
    this.thetaRh = thetaRh;
    this.vRest = vRest;
  }

  /** Τ, in steps. */
  public double tau() {
    return tau;
  }

  /** The sharpness Δ_T. */
  public double deltaT() {
    return deltaT;
  }

  /** The rheobase threshold θ_rh. */
  public double thetaRh() {
    return thetaRh;
  }

  /** The resting potential V_rest. */
  public double vRest() {
    return vRest;
  }

  @Override
  public double charge(double v, double x) {
    return DynamicsMath.eifCharge(tau, deltaT, thetaRh, vRest, v, x);
  }

  @Override
  public double dHdV(double v) {
    return DynamicsMath.eifDHdV(tau, deltaT, thetaRh, vRest, v);
  }

  @Override
  public double dHdX(double v) {
    return DynamicsMath.eifDHdX(tau, deltaT, thetaRh, vRest, v);
  }
}
