package org.neurospark.snn.surrogate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A surrogate spiking function (SpikingJelly {@code activation_based.surrogate}): the forward pass is the Heaviside
 * step {@code Θ(x) = 1 if x >= 0 else 0} (SpikingJelly ties fire; snnTorch variants fire only on {@code x > 0}), the
 * backward pass uses the derivative {@link #grad(double)} of a smooth primitive {@link #primitive(double)}. With
 * {@code spiking = false} the forward pass returns the primitive instead (backward unchanged).
 *
 * <p>Implementations are immutable and thread-safe; all methods are pure functions of {@code x} (x is the membrane
 * potential minus the threshold, dimensionless). snn-core's surrogates are specified once, as expression trees in
 * {@code org.neurospark.snn.neuron.spec.NeuronMath#SURROGATES}, and delegate to the Java generated from them
 * ({@code SurrogateMath}); the SIMD block forms ({@code VectorMathF}) are hand-written twins, tested bit for bit
 * against the generated scalar code.
 */
public abstract class SurrogateFunction {
  private final boolean spiking;

  protected SurrogateFunction(boolean spiking) {
    this.spiking = spiking;
  }

  /** Whether {@link #forward(double)} is the Heaviside step (true) or the primitive (false). */
  public final boolean spiking() {
    return spiking;
  }

  /** The SpikingJelly class name, e.g. {@code Sigmoid}. */
  public abstract String name();

  /** Constructor parameters in SpikingJelly's order and names (without {@code spiking}). */
  public abstract Map<String, Double> parameters();

  /** A copy of this function with another {@code spiking} mode. */
  public abstract SurrogateFunction withSpiking(boolean spiking);

  /** Surrogate derivative g'(x) used in the backward pass. */
  public abstract double grad(double x);

  /**
   * The primitive g(x) whose derivative is {@link #grad(double)}; forward output when {@code spiking = false}.
   *
   * @throws UnsupportedOperationException for functions without a primitive (FakeNumericalGradient, SuperSpike in
   *     SpikingJelly)
   */
  public abstract double primitive(double x);

  /** The step function of the forward pass: SpikingJelly's {@code x >= 0} (snnTorch variants override: x > 0). */
  public double heaviside(double x) {
    return SurrogateMath.step(x);
  }

  /** Forward output: {@link #heaviside} when spiking, else {@link #primitive}. */
  public final double forward(double x) {
    return spiking ? heaviside(x) : primitive(x);
  }

  /** Single-precision surrogate derivative used by the fp32 kernels (computed in double, rounded once). */
  public float gradF(float x) {
    return (float) grad(x);
  }

  /**
   * Single-precision {@link #heaviside}: equal to {@code (float) heaviside(x)} for every float x (NaN gives 0).
   * Written as an int select so the JIT emits a conditional move, not a data-dependent branch (spikes are
   * unpredictable; a mispredicted branch per neuron-step dominated the fp32 kernels). Subclasses that override
   * {@link #heaviside} must override this too.
   */
  public float heavisideF(float x) {
    return SurrogateMath.stepF(x);
  }

  /**
   * Block form of {@link #gradF(float)} for the fp32 kernels: {@code out[k] = gradF(x[offset + k] − shift)} for k in
   * [0, length) (shift = V_th: the float32 difference H − V_th, as {@code NeuronSpec.fireGrad(float)}). One tight
   * pass over a block, which subclasses may vectorise; results must equal the elementwise form exactly.
   */
  public void gradF(float[] x, int offset, float shift, float[] out, int length) {
    for (int k = 0; k < length; k++) {
      out[k] = gradF(x[offset + k] - shift);
    }
  }

  /** Single-precision forward output (equal to {@code (float) forward(x)}). */
  public float forwardF(float x) {
    return spiking ? heavisideF(x) : (float) primitive(x);
  }

  /** Elementwise backward: {@code gradX[i] = gradY[i] * g'(x[i])}. */
  public void backward(float[] x, float[] gradY, float[] gradX, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      gradX[i] = gradY[i] * gradF(x[i]);
    }
  }

  /** SpikingJelly-style repr, e.g. {@code Sigmoid(alpha=4.0, spiking=True)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name()).append('(');
    for (Map.Entry<String, Double> e : parameters().entrySet()) {
      sb.append(e.getKey()).append('=').append(e.getValue()).append(", ");
    }
    return sb.append("spiking=").append(spiking ? "True" : "False").append(')').toString();
  }

  protected static Map<String, Double> params(Object... nameValue) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
    }
    return m;
  }

  protected static double sigmoid(double z) {
    return SurrogateMath.sigmoidPrimitive(1.0, z);
  }
}
