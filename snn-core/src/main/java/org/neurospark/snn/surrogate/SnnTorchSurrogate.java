package org.neurospark.snn.surrogate;

import java.util.Map;

/**
 * Base of snnTorch's surrogates: one shape parameter and snnTorch's strict threshold, so the forward fires only on
 * x &gt; 0 (SpikingJelly's fire on x ≥ 0). Subclasses give the gradient and primitive.
 */
abstract class SnnTorchSurrogate extends SurrogateFunction {
  private final String parameterName;
  /** The shape parameter (snnTorch's {@code slope} or {@code alpha}). */
  protected final double shape;

  SnnTorchSurrogate(String parameterName, double shape, boolean spiking) {
    super(spiking);
    this.parameterName = parameterName;
    this.shape = shape;
  }

  @Override
  public final Map<String, Double> parameters() {
    return params(parameterName, shape);
  }

  @Override
  public final double heaviside(double x) {
    return SurrogateMath.stepStrict(x);
  }

  @Override
  public final float heavisideF(float x) {
    return SurrogateMath.stepStrictF(x);
  }
}
