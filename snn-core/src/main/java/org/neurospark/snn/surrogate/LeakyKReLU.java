package org.neurospark.snn.surrogate;

import java.util.Map;

/** SpikingJelly {@code LeakyKReLU(spiking=True, leak=0, k=1)}: g'(x) = k (x ≥ 0), leak (x < 0); g(x) = g'(x)·x. */
public final class LeakyKReLU extends SurrogateFunction {
  private final double leak;
  private final double k;

  public LeakyKReLU() {
    this(true, 0.0, 1.0);
  }

  public LeakyKReLU(boolean spiking, double leak, double k) {
    super(spiking);
    this.leak = leak;
    this.k = k;
  }

  @Override
  public String name() {
    return "LeakyKReLU";
  }

  @Override
  public Map<String, Double> parameters() {
    return params("leak", leak, "k", k);
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new LeakyKReLU(spiking, leak, k);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.leakyKReLUGrad(leak, k, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.leakyKReLUPrimitive(leak, k, x);
  }
}
