package org.neurospark.snn.surrogate;

import java.util.Map;

/**
 * SpikingJelly {@code PiecewiseLeakyReLU(w=1, c=0.01)}: g'(x) = 1/(2w) for |x| < w, else c (the value SpikingJelly's
 * code and golden tensors use); g(x) = cx + cw (x < −w), x/(2w) + 1/2 (|x| ≤ w), cx − cw + 1 (x > w).
 */
public final class PiecewiseLeakyReLU extends SurrogateFunction {
  private final double w;
  private final double c;

  public PiecewiseLeakyReLU() {
    this(1.0, 0.01, true);
  }

  public PiecewiseLeakyReLU(double w, double c, boolean spiking) {
    super(spiking);
    if (!(w > 0)) {
      throw new IllegalArgumentException("PiecewiseLeakyReLU: w must be > 0, got " + w);
    }
    this.w = w;
    this.c = c;
  }

  @Override
  public String name() {
    return "PiecewiseLeakyReLU";
  }

  @Override
  public Map<String, Double> parameters() {
    return params("w", w, "c", c);
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new PiecewiseLeakyReLU(w, c, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.piecewiseLeakyReLUGrad(w, c, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.piecewiseLeakyReLUPrimitive(w, c, x);
  }
}
