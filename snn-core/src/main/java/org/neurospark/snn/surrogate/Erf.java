package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code Erf(alpha=2.0)}: g'(x) = (α/√π)·e^{−α²x²}, g(x) = erfc(−αx)/2.
 */
public final class Erf extends AlphaSurrogate {
  /** Default shape: alpha = 2.0. */
  public Erf() {
    this(2.0, true);
  }

  public Erf(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "Erf";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new Erf(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.erfGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.erfPrimitive(alpha, x);
  }
}
