package org.neurospark.snn.neuron.spec;

import java.util.Objects;

/**
 * What a fused neuron kernel is specialised for (everything else, the parameter values, is a kernel argument).
 *
 * @param charge the charge equation
 * @param surrogate the surrogate function
 * @param spiking S is the step (true) or the surrogate's primitive (false)
 * @param softReset V = H − V_th·S (true) or V = (1 − S)·H + V_reset·S (false)
 * @param detachReset the S inside the reset carries no gradient
 * @param fp32 float storage and float32 math as {@code MultiStepKernel} (true), or double as
 *     {@code MultiStepKernelF64}
 */
public record KernelConfig(ChargeSpec charge, SurrogateSpec surrogate, boolean spiking, boolean softReset,
    boolean detachReset, boolean fp32) {
  public KernelConfig {
    Objects.requireNonNull(charge, "charge");
    Objects.requireNonNull(surrogate, "surrogate");
    if (!spiking && surrogate.primitive() == null) {
      throw new IllegalArgumentException(surrogate.name() + " has no primitive; spiking must be true");
    }
  }

  /** The kernels' name suffix, e.g. {@code plif_Sigmoid_s_soft_a_f32}. */
  public String tag() {
    return charge.name() + "_" + surrogate.name() + (spiking ? "_s" : "_p") + (softReset ? "_soft" : "_hard")
        + (detachReset ? "_d" : "_a") + (fp32 ? "_f32" : "_f64");
  }
}
