package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code LogTailedReLU(alpha=0.0)}: g'(x) = α (x ≤ 0), 1 (0 < x ≤ 1), 1/x (x > 1); g(x) = leaky_relu(x, α) below 1, log(x) + 1 above.
 */
public final class LogTailedReLU extends AlphaSurrogate {
  /** Default shape: alpha = 0.0. */
  public LogTailedReLU() {
    this(0.0, true);
  }

  public LogTailedReLU(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "LogTailedReLU";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new LogTailedReLU(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.logTailedReLUGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.logTailedReLUPrimitive(alpha, x);
  }
}
