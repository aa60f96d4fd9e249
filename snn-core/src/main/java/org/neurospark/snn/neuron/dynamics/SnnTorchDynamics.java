package org.neurospark.snn.neuron.dynamics;

import java.util.Objects;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * snnTorch's first- and second-order neurons ({@code snn.Leaky}, {@code snn.Synaptic}), with snnTorch semantics
 * (the reset comes from the previous step's U, thresholds are strict), as generated from {@code NeuronMath.SNNTORCH}:
 * <pre>
 *   R[t] = Θ(U[t−1] − U_thr)                          (no gradient)
 *   I[t] = α·I[t−1] + X[t]                            (Synaptic; Leaky has no I: its input is X)
 *   U[t] = β·U[t−1] + I[t] − R[t]·U_thr               ('subtract')
 *   U[t] = β·((1 − R[t])·U[t−1]) + X[t]               (Leaky 'zero')
 *   U[t] = (1 − R[t])·(β·U[t−1] + I[t])               (Synaptic 'zero')
 *   U[t] = β·U[t−1] + I[t]                            ('none')
 *   S[t] = spikeGrad.forward(U[t] − U_thr)
 * </pre>
 * β of Leaky is learnable: its kernels read it from the parameter tensor (clamped to [0, 1]) instead of
 * {@link #beta()}; α and β of Synaptic are fixed.
 *
 * @param synaptic second order (with the synaptic current I) or first order (Leaky)
 * @param alpha Synaptic's current decay α in [0, 1] (unused for Leaky)
 * @param beta the membrane decay β in [0, 1] when fixed (Synaptic)
 * @param threshold U_thr
 * @param spikeGrad the spike function and its surrogate gradient
 * @param reset the reset mechanism
 */
public record SnnTorchDynamics(boolean synaptic, float alpha, float beta, float threshold, SurrogateFunction spikeGrad,
    ResetMechanism reset) {
  public SnnTorchDynamics {
    Objects.requireNonNull(spikeGrad, "spikeGrad");
    Objects.requireNonNull(reset, "reset");
  }

  /** R = 1 if U[t−1] − U_thr &gt; 0 else 0. */
  public float resetFlag(float uPrev) {
    return DynamicsMath.snnTorchResetFlagF(threshold, uPrev);
  }

  /** Synaptic's I[t] from I[t−1] and X[t]. */
  public float current(float iPrev, float x) {
    return DynamicsMath.synapticCurrentF(alpha, iPrev, x);
  }

  /** U[t] from U[t−1], the input (Leaky: X[t]; Synaptic: I[t]) and R[t], with decay β. */
  public float membrane(float beta, float uPrev, float in, float r) {
    switch (reset) {
      case SUBTRACT:
        return DynamicsMath.snnTorchSubtractF(beta, threshold, uPrev, in, r);
      case ZERO:
        return synaptic ? DynamicsMath.synapticZeroF(beta, uPrev, in, r) : DynamicsMath.leakyZeroF(beta, uPrev, in, r);
      default:
        return DynamicsMath.snnTorchNoneF(beta, uPrev, in);
    }
  }

  /** ∂U[t]/∂(input) scale that survives the reset: 0 for a 'zero' reset that fired (R = 1), else 1. */
  public float keep(float r) {
    return reset == ResetMechanism.ZERO && r != 0f ? 0f : 1f;
  }

  /** S[t] = spikeGrad.forward(U[t] − U_thr). */
  public float spike(float u) {
    return spikeGrad.forwardF(u - threshold);
  }

  /** ∂S[t]/∂U[t]. */
  public float spikeDerivative(float u) {
    return spikeGrad.gradF(u - threshold);
  }
}
