package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code ATan(alpha=2.0)}: g'(x) = α / (2(1 + (π/2·αx)²)), g(x) = arctan(π/2·αx)/π + 1/2.
 */
public final class ATan extends AlphaSurrogate {
  /** Default shape: alpha = 2.0. */
  public ATan() {
    this(2.0, true);
  }

  public ATan(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "ATan";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new ATan(alpha, spiking);
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
