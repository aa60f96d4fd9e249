package org.neurospark.snn.neuron.dynamics;

/** Integrate-and-fire: H = V + X. */
public final class IfCharge implements ChargeFunction {
  public static final IfCharge INSTANCE = new IfCharge();

  private IfCharge() {}

  @Override
  public double charge(double v, double x) {
    return DynamicsMath.ifCharge(v, x);
  }

  @Override
  public double dHdV(double v) {
    return DynamicsMath.ifDHdV(v);
  }

  @Override
  public double dHdX(double v) {
    return DynamicsMath.ifDHdX(v);
  }
}
