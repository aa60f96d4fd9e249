package org.neurospark.snn.neuron.dynamics;

/** Exponential integrate-and-fire: H = V + (X − (V − V_rest) + Δ_T·exp((V − θ_rh)/Δ_T))/τ. */
public final class EifCharge implements ChargeFunction {
  private final float tau;
  private final float deltaT;
  private final float thetaRh;
  private final float vRest;

  public EifCharge(double tau, double deltaT, double thetaRh, double vRest) {
    if (!(tau > 1.0) || !(deltaT > 0)) {
      throw new IllegalArgumentException("EIF: need tau > 1 and delta_T > 0, got tau=" + tau + ", delta_T=" + deltaT);
    }
    this.tau = (float) tau;
    this.deltaT = (float) deltaT;
    this.thetaRh = (float) thetaRh;
    this.vRest = (float) vRest;
  }

  @Override
  public float charge(float v, float x) {
    return v + (x + vRest - v + deltaT * (float) Math.exp((v - thetaRh) / deltaT)) / tau;
  }

  @Override
  public float dHdV(float v) {
    return 1f + (-1f + (float) Math.exp((v - thetaRh) / deltaT)) / tau;
  }

  @Override
  public float dHdX(float v) {
    return 1f / tau;
  }
}
