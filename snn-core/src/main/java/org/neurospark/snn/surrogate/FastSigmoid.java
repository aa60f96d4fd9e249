package org.neurospark.snn.surrogate;

import java.util.Map;

/**
 * snnTorch {@code surrogate.fast_sigmoid(slope=25)}: forward fires only on x > 0 (strict, snnTorch convention);
 * g'(x) = 1/(1 + k|x|)², primitive g(x) = (kx/(1 + k|x|) + 1)/2 (normalised so g' matches up to the factor k/2).
 */
public final class FastSigmoid extends SurrogateFunction {
  private final double slope;

  public FastSigmoid() {
    this(25.0, true);
  }

  public FastSigmoid(double slope, boolean spiking) {
    super(spiking);
    this.slope = slope;
  }

  @Override
  public String name() {
    return "fast_sigmoid";
  }

  @Override
  public Map<String, Double> parameters() {
    return params("slope", slope);
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new FastSigmoid(slope, spiking);
  }

  @Override
  public double heaviside(double x) {
    return x > 0 ? 1.0 : 0.0;
  }

  @Override
  public float heavisideF(float x) {
    return x > 0f ? 1 : 0;
  }

  @Override
  public double grad(double x) {
    double d = 1.0 + slope * Math.abs(x);
    return 1.0 / (d * d);
  }

  @Override
  public double primitive(double x) {
    // ∫ 1/(1+k|x|)² dx = x/(1+k|x|); shifted so that g(0) = 1/2 and g(±∞) = 1/2 ± 1/k.
    return x / (1.0 + slope * Math.abs(x)) + 0.5;
  }
}
