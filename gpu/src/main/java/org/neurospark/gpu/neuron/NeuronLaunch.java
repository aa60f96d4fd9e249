package org.neurospark.gpu.neuron;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.spec.CudaKernelEmitter;
import org.neurospark.snn.neuron.spec.KernelConfig;

/**
 * How one {@link NeuronSpec} runs on the emitted kernels: the kernel names and the scalar arguments that follow the
 * pointers, as {@link CudaKernelEmitter} declares them ({@code int64_t steps, int64_t n, double vThreshold,
 * double vReset, <charge parameters>, <surrogate parameters>}).
 *
 * @param config the kernel configuration (charge, surrogate, reset, detach_reset, precision)
 * @param forward the forward kernel's name ({@code ns_fwd_<tag>})
 * @param backward the backward kernel's name ({@code ns_bwd_<tag>})
 * @param vThreshold V_th
 * @param vReset V_reset, 0 for soft reset (also the initial V when no vInit is given)
 * @param chargeParams the charge parameters in the spec's order (e.g. LIF: τ, V_reset; PLIF: decay = sigmoid(w),
 *     V_reset; IF: none)
 * @param surrogateParams the surrogate parameters in the spec's order (e.g. Sigmoid: α)
 * @param learnable whether the charge has a learnable scalar θ (PLIF's w): backward then writes per-block ∂L/∂θ
 *     partials
 */
public record NeuronLaunch(KernelConfig config, String forward, String backward, double vThreshold, double vReset,
    List<Double> chargeParams, List<Double> surrogateParams, boolean learnable) {
  /** The deterministic second pass over the θ-gradient partials. */
  public static final String REDUCE = "ns_reduce_partials";
  /** PLIF's decay = sigmoid(w) computed from the w tensor on the device. */
  public static final String PLIF_DECAY = CudaKernelEmitter.PLIF_DECAY_KERNEL;
  /** Forward kernel name prefix. */
  public static final String FORWARD_PREFIX = "ns_fwd_";
  /** Backward kernel name prefix. */
  public static final String BACKWARD_PREFIX = "ns_bwd_";

  public NeuronLaunch {
    chargeParams = List.copyOf(chargeParams);
    surrogateParams = List.copyOf(surrogateParams);
  }

  /**
   * The launch of {@code spec} (θ already bound) in float32 ({@code fp32}) or float64.
   *
   * @throws IllegalArgumentException when the spec has no CUDA kernel form at all (a charge or surrogate the
   *     neuron spec does not describe, or a surrogate parameter without a value)
   */
  public static NeuronLaunch of(NeuronSpec spec, boolean fp32) {
    KernelConfig c = CudaKernelEmitter.config(spec, fp32);
    List<Double> sp = CudaKernelEmitter.surrogateParams(spec.surrogate());
    for (int i = 0; i < sp.size(); i++) {
      if (sp.get(i) == null) {
        throw new IllegalArgumentException("surrogate " + spec.surrogate() + " has no value for parameter '"
            + c.surrogate().params().get(i) + "'");
      }
    }
    return new NeuronLaunch(c, FORWARD_PREFIX + c.tag(), BACKWARD_PREFIX + c.tag(), spec.vThreshold(),
        spec.vInit(), CudaKernelEmitter.chargeParams(spec.charge()), sp, spec.charge().hasParameter());
  }

  /**
   * Checks that both kernels are among {@code shipped} (the names recorded when the jar was built).
   *
   * @param set the name of the shipped set, for the message
   * @throws UnsupportedOperationException naming the spec, its configuration and how to build it otherwise
   */
  public NeuronLaunch requireIn(Collection<String> shipped, String set, NeuronSpec spec) {
    if (!shipped.contains(forward) || !shipped.contains(backward)) {
      throw new UnsupportedOperationException("neuron kernels: no CUDA kernel for " + spec.charge().getClass()
          .getSimpleName() + " (" + spec + ", " + (config.fp32() ? "float32" : "float64") + "): configuration "
          + config.tag() + " is not in the shipped set '" + set + "' (gpu module built with -Dgpu.neurons=" + set
          + "; rebuild it with -Dgpu.neurons=" + NeuronKernelSet.ALL + ", see gpu/README.md)");
    }
    return this;
  }

  /** The scalar kernel arguments after {@code steps, n}, in declaration order. */
  public List<Double> scalars() {
    List<Double> out = new ArrayList<>();
    out.add(vThreshold);
    out.add(vReset);
    out.addAll(chargeParams);
    out.addAll(surrogateParams);
    return out;
  }
}
