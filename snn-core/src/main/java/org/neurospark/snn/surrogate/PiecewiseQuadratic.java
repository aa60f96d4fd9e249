package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code PiecewiseQuadratic(alpha=1.0)}: g'(x) = 0 for |x| > 1/α, else −α²|x| + α (triangle).
 */
public final class PiecewiseQuadratic extends AlphaSurrogate {
  /** Default shape: alpha = 1.0. */
  public PiecewiseQuadratic() {
    this(1.0, true);
  }

  public PiecewiseQuadratic(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "PiecewiseQuadratic";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new PiecewiseQuadratic(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.piecewiseQuadraticGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.piecewiseQuadraticPrimitive(alpha, x);
  }
}
