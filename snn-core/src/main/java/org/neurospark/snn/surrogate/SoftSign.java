package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code SoftSign(alpha=2.0)}: g'(x) = α / (2(1 + |αx|)²), g(x) = (softsign(αx) + 1)/2.
 */
public final class SoftSign extends AlphaSurrogate {
  /** Default shape: alpha = 2.0. */
  public SoftSign() {
    this(2.0, true);
  }

  public SoftSign(double alpha, boolean spiking) {
    super(alpha, spiking);
    if (alpha <= 0) {
      throw new IllegalArgumentException("SoftSign: alpha must be > 0, got " + alpha);
    }
  }

  @Override
  public String name() {
    return "SoftSign";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new SoftSign(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.softSignGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.softSignPrimitive(alpha, x);
  }
}
