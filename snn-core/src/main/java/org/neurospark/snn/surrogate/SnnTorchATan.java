package org.neurospark.snn.surrogate;

import java.util.Map;

/**
 * snnTorch {@code surrogate.atan(alpha=2)}: forward fires only on x > 0 (strict); g'(x) = (α/2)/(1 + (π/2·αx)²),
 * g(x) = arctan(π/2·αx)/π + 1/2.
 */
public final class SnnTorchATan extends SurrogateFunction {
  private final double alpha;

  public SnnTorchATan() {
    this(2.0, true);
  }

  public SnnTorchATan(double alpha, boolean spiking) {
    super(spiking);
    this.alpha = alpha;
  }

  @Override
  public String name() {
    return "atan";
  }

  @Override
  public Map<String, Double> parameters() {
    return params("alpha", alpha);
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new SnnTorchATan(alpha, spiking);
  }

  @Override
  public double heaviside(double x) {
    return x > 0 ? 1.0 : 0.0;
  }

  @Override
  public float heavisideF(float x) {
    return x > 0f ? 1 : 0;
  }

  @Override
  public double grad(double x) {
    double z = Math.PI / 2.0 * alpha * x;
    return alpha / 2.0 / (1.0 + z * z);
  }

  @Override
  public double primitive(double x) {
    return Math.atan(Math.PI / 2.0 * alpha * x) / Math.PI + 0.5;
  }
}
