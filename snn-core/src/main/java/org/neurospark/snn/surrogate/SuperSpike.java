package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code SuperSpike(alpha=1.0)}: g'(x) = α / (|x| + 1)² (SpikingJelly defines no primitive; spiking=false is rejected).
 */
public final class SuperSpike extends AlphaSurrogate {
  /** Default shape: alpha = 1.0. */
  public SuperSpike() {
    this(1.0, true);
  }

  public SuperSpike(double alpha, boolean spiking) {
    super(alpha, spiking);
    if (!spiking) {
      throw new IllegalArgumentException("SuperSpike has no primitive function; spiking must be true");
    }
  }

  @Override
  public String name() {
    return "SuperSpike";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new SuperSpike(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.superSpikeGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    throw new UnsupportedOperationException("SuperSpike has no primitive function in SpikingJelly");
  }
}
