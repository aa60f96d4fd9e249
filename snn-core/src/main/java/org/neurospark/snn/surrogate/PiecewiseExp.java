package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code PiecewiseExp(alpha=1.0)}: g'(x) = (α/2)·e^{−α|x|}.
 */
public final class PiecewiseExp extends AlphaSurrogate {
  /** Default shape: alpha = 1.0. */
  public PiecewiseExp() {
    this(1.0, true);
  }

  public PiecewiseExp(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "PiecewiseExp";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new PiecewiseExp(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.piecewiseExpGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.piecewiseExpPrimitive(alpha, x);
  }
}
