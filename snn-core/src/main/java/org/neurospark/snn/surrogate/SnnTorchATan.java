package org.neurospark.snn.surrogate;

/**
 * snnTorch {@code surrogate.atan(alpha=2)}: forward fires only on x > 0 (strict); g'(x) = (α/2)/(1 + (π/2·αx)²),
 * g(x) = arctan(π/2·αx)/π + 1/2.
 */
public final class SnnTorchATan extends SnnTorchSurrogate {

  public SnnTorchATan() {
    this(2.0, true);
  }

  public SnnTorchATan(double alpha, boolean spiking) {
    super("alpha", alpha, spiking);
  }

  @Override
  public String name() {
    return "atan";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new SnnTorchATan(shape, spiking);
  }

  @Override
  public double grad(double x) {
    double z = Math.PI / 2.0 * shape * x;
    return shape / 2.0 / (1.0 + z * z);
  }

  @Override
  public double primitive(double x) {
    return Math.atan(Math.PI / 2.0 * shape * x) / Math.PI + 0.5;
  }
}
