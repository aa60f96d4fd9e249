package org.neurospark.snn.surrogate;

import java.util.Map;

/** Base of the surrogates with one shape parameter {@code alpha} (SpikingJelly's {@code SurrogateFunctionBase}). */
public abstract class AlphaSurrogate extends SurrogateFunction {
  protected final double alpha;

  protected AlphaSurrogate(double alpha, boolean spiking) {
    super(spiking);
    if (!Double.isFinite(alpha)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": alpha must be finite, got " + alpha);
    }
    this.alpha = alpha;
  }

  /** The shape parameter (larger = sharper gradient around 0). */
  public double alpha() {
    return alpha;
  }

  @Override
  public Map<String, Double> parameters() {
    return params("alpha", alpha);
  }
}
