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
    return SurrogateMath.snnTorchATanGrad(shape, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.snnTorchATanPrimitive(shape, x);
  }
}
