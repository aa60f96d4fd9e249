package org.neurospark.snn.neuron.dynamics;

/** Integrate-and-fire: H = V + X. */
public final class IfCharge implements ChargeFunction {
  public static final IfCharge INSTANCE = new IfCharge();

  private IfCharge() {}

  @Override
  public float charge(float v, float x) {
    return v + x;
  }

  @Override
  public float dHdV(float v) {
    return 1f;
  }

  @Override
  public float dHdX(float v) {
    return 1f;
  }
}
