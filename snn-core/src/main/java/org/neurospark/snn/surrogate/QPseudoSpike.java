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
    return SurrogateMath.qPseudoSpikeGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.qPseudoSpikePrimitive(alpha, x);
  }
}
