package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code Rect(alpha=1.0)}: rectangular window, g'(x) = α·[|x| < 1/(2α)], g(x) = clamp(αx + 1/2, 0, 1).
 */
public final class Rect extends AlphaSurrogate {
  /** Default shape: alpha = 1.0. */
  public Rect() {
    this(1.0, true);
  }

  public Rect(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "Rect";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new Rect(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.rectGrad(alpha, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.rectPrimitive(alpha, x);
  }
}
