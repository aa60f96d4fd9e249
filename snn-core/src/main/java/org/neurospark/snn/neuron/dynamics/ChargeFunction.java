package org.neurospark.snn.neuron.dynamics;

/**
 * The charge equation {@code H[t] = f(V[t−1], X[t])} of a neuron model and the partial derivatives the closed-form
 * BPTT recurrence needs. Pure functions on float32 (the kernels' precision); implementations are immutable, except
 * that models with a learnable scalar (PLIF) expose it through {@link #withParameter(float)}.
 *
 * <p>Written once and shared by the single-step modules, the fused multi-step kernels, the tests and (later) GPU
 * code generation. None of the derivatives depend on X, so backward never needs the input sequence.
 */
public interface ChargeFunction {
  /** Membrane potential after charging, H[t] = f(V[t−1], X[t]). */
  float charge(float v, float x);

  /** ∂H[t]/∂V[t−1] at V[t−1] = v. */
  float dHdV(float v);

  /** ∂H[t]/∂X[t] at V[t−1] = v. */
  float dHdX(float v);

  /** Whether the model has a learnable scalar θ (PLIF's w); then {@link #dHdTheta} is meaningful. */
  default boolean hasParameter() {
    return false;
  }

  /** ∂H[t]/∂θ at V[t−1] = v, H[t] = h (0 for models without a learnable scalar). */
  default float dHdTheta(float v, float h) {
    return 0f;
  }

  /** The same model with learnable scalar θ set to {@code theta} (this for models without one). */
  default ChargeFunction withParameter(float theta) {
    return this;
  }
}
