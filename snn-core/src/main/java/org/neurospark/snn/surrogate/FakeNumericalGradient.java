package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code FakeNumericalGradient(alpha=0.3)}: g'(x) = min((2·[x≥0] − 1)/x, α); forward is always the step (no primitive).
 */
public final class FakeNumericalGradient extends AlphaSurrogate {
  /** Default shape: alpha = 0.3. */
  public FakeNumericalGradient() {
    this(0.3, true);
  }

  public FakeNumericalGradient(double alpha, boolean spiking) {
    super(alpha, spiking);
    if (!spiking) {
      throw new IllegalArgumentException("FakeNumericalGradient has no primitive function; spiking must be true");
    }
  }

  @Override
  public String name() {
    return "FakeNumericalGradient";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new FakeNumericalGradient(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.fakeNumericalGradientGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    throw new UnsupportedOperationException("FakeNumericalGradient has no primitive function");
  }
}
