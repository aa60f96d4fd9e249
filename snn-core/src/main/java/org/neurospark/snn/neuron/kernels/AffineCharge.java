package org.neurospark.snn.neuron.kernels;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.surrogate.FastMathF;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * The charge equations the SIMD kernels ({@link VectorNeuronLoops}) know, as plain numbers: IF (H = V + X), LIF
 * (1/τ applied by division, as {@link LifCharge}) and PLIF (decay applied by multiplication, as
 * {@link ParametricLifCharge}), each with or without decay_input, in their float32 forms. Their ∂H/∂X and ∂H/∂V are constants.
 *
 * @param kind {@link #IF}, {@link #LIF} or {@link #PLIF}
 * @param decayInput decay_input of LIF/PLIF
 * @param k τ (LIF) or decay = sigmoid(w) (PLIF) rounded to float32; unused for IF
 * @param vReset the V_reset inside the charge equation (0 for soft reset), float32
 * @param dHdX ∂H/∂X rounded to float32, as the scalar kernels use it
 * @param dHdV ∂H/∂V rounded to float32
 */
record AffineCharge(int kind, boolean decayInput, float k, float vReset, float dHdX, float dHdV) {
  static final int IF = 0;
  static final int LIF = 1;
  static final int PLIF = 2;

  private static final ConcurrentHashMap<Class<?>, Boolean> PLAIN_HEAVISIDE = new ConcurrentHashMap<>();

  /**
   * The plan for a spec the SIMD kernels run bit-identically to the scalar ones, or null: the Vector API must be
   * present, the surrogate spiking with SpikingJelly's step ({@code heavisideF} not overridden) and the charge one
   * of the three models above.
   */
  static AffineCharge of(NeuronSpec spec) {
    if (!FastMathF.VECTOR || !spec.surrogate().spiking() || !plainHeaviside(spec.surrogate())) {
      return null;
    }
    ChargeFunction cf = spec.charge();
    int kind;
    boolean decayInput = false;
    double k = 0;
    double vr = 0;
    if (cf instanceof IfCharge) {
      kind = IF;
    } else if (cf instanceof LifCharge) {
      LifCharge l = (LifCharge) cf;
      kind = LIF;
      decayInput = l.decayInput();
      k = l.tau();
      vr = l.vReset();
    } else if (cf instanceof ParametricLifCharge) {
      ParametricLifCharge p = (ParametricLifCharge) cf;
      kind = PLIF;
      decayInput = p.decayInput();
      k = p.decay();
      vr = p.vReset();
    } else {
      return null;
    }
    return new AffineCharge(kind, decayInput, (float) k, (float) vr, cf.dHdX(0f), cf.dHdV(0f));
  }

  private static boolean plainHeaviside(SurrogateFunction sf) {
    return PLAIN_HEAVISIDE.computeIfAbsent(sf.getClass(), c -> {
      try {
        Method m = c.getMethod("heavisideF", float.class);
        return m.getDeclaringClass() == SurrogateFunction.class;
      } catch (NoSuchMethodException e) {
        return false;
      }
    });
  }
}
