package org.neurospark.gpu.neuron;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.neurospark.snn.neuron.dynamics.ResetMechanism;
import org.neurospark.snn.neuron.spec.ChargeSpec;
import org.neurospark.snn.neuron.spec.CudaModelKernelEmitter;
import org.neurospark.snn.neuron.spec.ModelKernelConfig;
import org.neurospark.snn.neuron.spec.NeuronMath;
import org.neurospark.snn.neuron.spec.SurrogateSpec;

/**
 * The neuron-model kernel configurations (KLIF, LIAF, Izhikevich, snnTorch Leaky and Synaptic; emitted by
 * {@link CudaModelKernelEmitter}, float32) compiled into the gpu jar as module {@value #MODULE}. Every parameter value
 * (τ, V_th, V_reset, k, β, α, the Izhikevich constants, surrogate parameters, LIAF's activation and offset) is a
 * kernel argument. Chosen with the same {@code -Dgpu.neurons=NAME} as {@link NeuronKernelSet}:
 * <ul>
 *   <li>{@value NeuronKernelSet#CORE} (default; 80 configurations, 161 kernels): KLIF (both LIF charges ×
 *       {@link NeuronKernelSet#CORE_SURROGATES} × hard/soft reset × detach_reset on/off × scale_reset on/off), LIAF
 *       (both LIF charges × the core surrogates × hard/soft × detach_reset; any activation), Izhikevich (the core
 *       surrogates × hard/soft × detach_reset), Leaky and Synaptic ({@link #SNNTORCH_SURROGATES} × subtract / zero /
 *       none).</li>
 *   <li>{@value NeuronKernelSet#ALL}: the same with every surrogate of {@link NeuronMath#SURROGATES}.</li>
 * </ul>
 * Spiking surrogates only (S the step function), as in {@link NeuronKernelSet}.
 */
public final class NeuronModelKernelSet {
  /** The kernel module (fatbin) name. */
  public static final String MODULE = "neuron_models";
  /** The spike functions shipped for snnTorch's Leaky and Synaptic in the core set (snnTorch's and SpikingJelly's). */
  public static final List<String> SNNTORCH_SURROGATES = List.of("FastSigmoid", "SnnTorchATan", "Sigmoid", "ATan");

  private NeuronModelKernelSet() {}

  /** The configurations of set {@code name}, each once, in emission order. */
  public static List<ModelKernelConfig> configs(String name) {
    boolean all = NeuronKernelSet.ALL.equals(name);
    if (!all && !NeuronKernelSet.CORE.equals(name)) {
      throw new IllegalArgumentException("unknown neuron kernel set '" + name + "' (use " + NeuronKernelSet.CORE
          + " or " + NeuronKernelSet.ALL + ")");
    }
    Set<ModelKernelConfig> out = new LinkedHashSet<>();
    List<SurrogateSpec> spiking = new ArrayList<>();
    List<SurrogateSpec> snnTorch = new ArrayList<>();
    for (SurrogateSpec s : NeuronMath.SURROGATES) {
      if (all || NeuronKernelSet.CORE_SURROGATES.contains(s.name())) {
        spiking.add(s);
      }
      if (all || SNNTORCH_SURROGATES.contains(s.name())) {
        snnTorch.add(s);
      }
    }
    for (ChargeSpec c : List.of(NeuronMath.LIF, NeuronMath.LIF_DECAY_INPUT)) {
      for (SurrogateSpec s : spiking) {
        for (boolean soft : new boolean[] {false, true}) {
          for (boolean detach : new boolean[] {false, true}) {
            out.add(ModelKernelConfig.klif(c, s, soft, detach, false));
            out.add(ModelKernelConfig.klif(c, s, soft, detach, true));
            out.add(ModelKernelConfig.liaf(c, s, soft, detach));
          }
        }
      }
    }
    for (SurrogateSpec s : spiking) {
      for (boolean soft : new boolean[] {false, true}) {
        for (boolean detach : new boolean[] {false, true}) {
          out.add(ModelKernelConfig.izhikevich(s, soft, detach));
        }
      }
    }
    for (boolean synaptic : new boolean[] {false, true}) {
      for (SurrogateSpec s : snnTorch) {
        for (ResetMechanism r : ResetMechanism.values()) {
          out.add(ModelKernelConfig.snnTorch(synaptic, s, r));
        }
      }
    }
    return List.copyOf(out);
  }

  /** The kernel names of {@code configs}: {@code ns_reduce_partials}, then forward and backward of each. */
  public static List<String> kernelNames(List<ModelKernelConfig> configs) {
    List<String> names = new ArrayList<>();
    names.add(NeuronLaunch.REDUCE);
    for (ModelKernelConfig c : configs) {
      names.add(CudaModelKernelEmitter.forwardName(c));
      names.add(CudaModelKernelEmitter.backwardName(c));
    }
    return names;
  }
}
