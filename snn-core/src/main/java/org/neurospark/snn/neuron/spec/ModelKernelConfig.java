package org.neurospark.snn.neuron.spec;

import java.util.Locale;
import java.util.Objects;
import org.neurospark.snn.neuron.dynamics.ResetMechanism;

/**
 * What a fused neuron-model kernel ({@link CudaModelKernelEmitter}) is specialised for; every parameter value (τ,
 * V_th, k, β, α, the Izhikevich constants, the surrogate's α, LIAF's activation and offset) is a kernel argument.
 * All model kernels are float32, with a spiking surrogate (S the step function).
 *
 * @param model the neuron model
 * @param charge KLIF and LIAF: their LIF charge ({@link NeuronMath#LIF} or {@link NeuronMath#LIF_DECAY_INPUT});
 *     null for the other models
 * @param surrogate the surrogate function (the spike function of snnTorch's models)
 * @param softReset KLIF, LIAF, Izhikevich: V = H − V_th·S (true) or V = (1 − S)·H + V_reset·S; false for snnTorch
 * @param detachReset KLIF, LIAF, Izhikevich: the S inside the reset carries no gradient; false for snnTorch
 * @param scaleReset KLIF: the reset divides F by k (scale_reset); false for the other models
 * @param reset snnTorch's reset mechanism; null for the other models
 */
public record ModelKernelConfig(NeuronModel model, ChargeSpec charge, SurrogateSpec surrogate, boolean softReset,
    boolean detachReset, boolean scaleReset, ResetMechanism reset) {
  public ModelKernelConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(surrogate, "surrogate");
    boolean lif = model == NeuronModel.KLIF || model == NeuronModel.LIAF;
    if (lif != (charge == NeuronMath.LIF || charge == NeuronMath.LIF_DECAY_INPUT)) {
      throw new IllegalArgumentException(model + ": charge must be " + (lif ? "LIF or LIF decay_input" : "null")
          + ", got " + (charge == null ? "null" : charge.name()));
    }
    if (scaleReset && model != NeuronModel.KLIF) {
      throw new IllegalArgumentException("scale_reset is KLIF's, not " + model + "'s");
    }
    if (model.snnTorch() != (reset != null)) {
      throw new IllegalArgumentException(model + ": reset mechanism must be " + (model.snnTorch() ? "given" : "null"));
    }
    if (model.snnTorch() && (softReset || detachReset)) {
      throw new IllegalArgumentException(model + " has no soft reset or detach_reset");
    }
  }

  /** A KLIF configuration. */
  public static ModelKernelConfig klif(ChargeSpec charge, SurrogateSpec s, boolean soft, boolean detach,
      boolean scaleReset) {
    return new ModelKernelConfig(NeuronModel.KLIF, charge, s, soft, detach, scaleReset, null);
  }

  /** A LIAF configuration (any activation: it is a kernel argument). */
  public static ModelKernelConfig liaf(ChargeSpec charge, SurrogateSpec s, boolean soft, boolean detach) {
    return new ModelKernelConfig(NeuronModel.LIAF, charge, s, soft, detach, false, null);
  }

  /** An Izhikevich configuration. */
  public static ModelKernelConfig izhikevich(SurrogateSpec s, boolean soft, boolean detach) {
    return new ModelKernelConfig(NeuronModel.IZHIKEVICH, null, s, soft, detach, false, null);
  }

  /** An snnTorch Leaky ({@code synaptic} false) or Synaptic configuration. */
  public static ModelKernelConfig snnTorch(boolean synaptic, SurrogateSpec s, ResetMechanism reset) {
    return new ModelKernelConfig(synaptic ? NeuronModel.SYNAPTIC : NeuronModel.LEAKY, null, s, false, false, false,
        Objects.requireNonNull(reset, "reset"));
  }

  /**
   * The kernels' name suffix, e.g. {@code klif_lifDecayInput_Sigmoid_hard_a_nr_f32},
   * {@code izhikevich_ATan_soft_d_f32}, {@code leaky_SnnTorchATan_subtract_f32}.
   */
  public String tag() {
    StringBuilder sb = new StringBuilder(model.prefix());
    if (charge != null) {
      sb.append('_').append(charge.name());
    }
    sb.append('_').append(surrogate.name());
    if (model.snnTorch()) {
      sb.append('_').append(reset.name().toLowerCase(Locale.ROOT));
    } else {
      sb.append(softReset ? "_soft" : "_hard").append(detachReset ? "_d" : "_a");
    }
    if (model == NeuronModel.KLIF) {
      sb.append(scaleReset ? "_sr" : "_nr");
    }
    return sb.append("_f32").toString();
  }
}
