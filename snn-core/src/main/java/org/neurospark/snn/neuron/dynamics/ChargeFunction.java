package org.neurospark.snn.neuron.dynamics;

/**
 * The charge equation {@code H[t] = f(V[t−1], X[t])} of a neuron model and the partial derivatives the closed-form
 * BPTT recurrence needs. The equations are written once, as expression trees in
 * {@code org.neurospark.snn.neuron.spec.NeuronMath}; the implementations delegate to the Java generated from them
 * ({@code DynamicsMath}). The float32 overloads used by the fp32 kernels evaluate the double form and round once
 * unless the spec gives a float32 operation order (LIF/PLIF charge, PLIF ∂H/∂w). Implementations are immutable;
 * models with a learnable scalar (PLIF) produce updated copies with {@link #withParameter(double)}.
 *
 * <p>Shared by the modules, the fused multi-step kernels (fp32 and fp64), the tests and the CUDA C emitted from the
 * same spec ({@code org.neurospark.snn.neuron.spec.CudaEmitter}).
 * None of the derivatives depend on X, so backward never needs the input sequence.
 */
public interface ChargeFunction {
  /** Membrane potential after charging, H[t] = f(V[t−1], X[t]). */
  double charge(double v, double x);

  /** ∂H[t]/∂V[t−1] at V[t−1] = v. */
  double dHdV(double v);

  /** ∂H[t]/∂X[t] at V[t−1] = v. */
  double dHdX(double v);

  /** Whether the model has a learnable scalar θ (PLIF's w); then {@link #dHdTheta} is meaningful. */
  default boolean hasParameter() {
    return false;
  }

  /** ∂H[t]/∂θ at V[t−1] = v, H[t] = h (0 for models without a learnable scalar). */
  default double dHdTheta(double v, double h) {
    return 0;
  }

  /** The same model with learnable scalar θ set to {@code theta} (this for models without one). */
  default ChargeFunction withParameter(double theta) {
    return this;
  }

  /** fp32 {@link #charge(double, double)}, rounded once. */
  default float charge(float v, float x) {
    return (float) charge((double) v, (double) x);
  }

  /** fp32 {@link #dHdV(double)}. */
  default float dHdV(float v) {
    return (float) dHdV((double) v);
  }

  /** fp32 {@link #dHdX(double)}. */
  default float dHdX(float v) {
    return (float) dHdX((double) v);
  }

  /** fp32 {@link #dHdTheta(double, double)}. */
  default float dHdTheta(float v, float h) {
    return (float) dHdTheta((double) v, (double) h);
  }
}
