package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code NonzeroSignLogAbs(alpha=1.0)}: g'(x) = 1/(1/α + |x|), g(x) = sign⁺(x)·log(α|x| + 1) with sign⁺(0) = 1.
 */
public final class NonzeroSignLogAbs extends AlphaSurrogate {
  /** Default shape: alpha = 1.0. */
  public NonzeroSignLogAbs() {
    this(1.0, true);
  }

  public NonzeroSignLogAbs(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "NonzeroSignLogAbs";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new NonzeroSignLogAbs(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.nonzeroSignLogAbsGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.nonzeroSignLogAbsPrimitive(alpha, x);
  }
}
