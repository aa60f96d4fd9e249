package org.neurospark.snn.neuron.dynamics;

/** Quadratic integrate-and-fire: H = V + (X + a0·(V − V_rest)(V − V_c))/τ. */
public final class QifCharge implements ChargeFunction {
  private final float tau;
  private final float vC;
  private final float a0;
  private final float vRest;

  public QifCharge(double tau, double vC, double a0, double vRest) {
    if (!(tau > 1.0) || !(a0 > 0)) {
      throw new IllegalArgumentException("QIF: need tau > 1 and a0 > 0, got tau=" + tau + ", a0=" + a0);
    }
    this.tau = (float) tau;
    this.vC = (float) vC;
    this.a0 = (float) a0;
    this.vRest = (float) vRest;
  }

  @Override
  public float charge(float v, float x) {
    return v + (x + a0 * (v - vRest) * (v - vC)) / tau;
  }

  @Override
  public float dHdV(float v) {
    return 1f + a0 * (2f * v - vRest - vC) / tau;
  }

  @Override
  public float dHdX(float v) {
    return 1f / tau;
  }
}
