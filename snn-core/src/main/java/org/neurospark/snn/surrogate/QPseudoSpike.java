package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code QPseudoSpike(alpha=2.0)}: q-PseudoSpike, g'(x) = (1 + 2|x|/(α−1))^{−α} (α > 1 is the tail factor q).
 */
public final class QPseudoSpike extends AlphaSurrogate {
  /** Default shape: alpha = 2.0. */
  public QPseudoSpike() {
    this(2.0, true);
  }

  public QPseudoSpike(double alpha, boolean spiking) {
    super(alpha, spiking);
    if (alpha <= 1) {
      throw new IllegalArgumentException("QPseudoSpike: alpha must be > 1, got " + alpha);
    }
  }

  @Override
  public String name() {
    return "QPseudoSpike";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new QPseudoSpike(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return Math.pow(1.0 + 2.0 / (alpha - 1.0) * Math.abs(x), -alpha);
  }

  @Override
  public double primitive(double x) {
    double sign = x >= 0 ? 1.0 : -1.0;
    double nonneg = x >= 0 ? 1.0 : 0.0;
    return nonneg - sign * 0.5 * Math.pow(1.0 + 2.0 / (alpha - 1.0) * x * sign, 1.0 - alpha);
  }
}
