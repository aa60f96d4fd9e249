package org.neurospark.gpu.neuron;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.neurospark.snn.neuron.spec.ChargeSpec;
import org.neurospark.snn.neuron.spec.KernelConfig;
import org.neurospark.snn.neuron.spec.NeuronMath;
import org.neurospark.snn.neuron.spec.SurrogateSpec;

/**
 * The neuron-kernel configurations compiled into the gpu jar (module {@value #MODULE}). Everything a
 * {@link KernelConfig} does not fix (τ, V_th, V_reset, PLIF's decay, surrogate α, …) is a kernel argument, so one
 * configuration serves every parameter value. Two sets, chosen at build time with {@code -Dgpu.neurons=NAME}:
 * <ul>
 *   <li>{@value #CORE} (the default; 272 configurations, 545 kernels): every charge of {@link NeuronMath#CHARGES} (IF, LIF,
 *       LIF decay_input, PLIF, PLIF decay_input, QIF, EIF) × surrogates Sigmoid and ATan × hard/soft reset ×
 *       detach_reset on/off × fp32/fp64; plus, in fp32, every other surrogate of {@link NeuronMath#SURROGATES}
 *       with IF, LIF and PLIF (both decay_input forms) × hard/soft reset, detach_reset off.</li>
 *   <li>{@value #ALL}: every charge × every surrogate × hard/soft × detach_reset on/off × fp32/fp64 (1008
 *       configurations; several minutes of nvcc, not built by default).</li>
 * </ul>
 * Both hold only spiking surrogates (S the step function); the primitive-forward form ({@code spiking = false}) is
 * not shipped. A spec outside the built set fails at launch with a message naming it.
 */
public final class NeuronKernelSet {
  /** The kernel module (fatbin) name. */
  public static final String MODULE = "neuron_kernels";
  /** The default set. */
  public static final String CORE = "core";
  /** Every spiking configuration. */
  public static final String ALL = "all";
  /** The surrogates shipped for every charge, reset and precision in {@value #CORE}. */
  public static final List<String> CORE_SURROGATES = List.of("Sigmoid", "ATan");

  private NeuronKernelSet() {}

  /** The configurations of set {@code name} ({@value #CORE} or {@value #ALL}), each once, in emission order. */
  public static List<KernelConfig> configs(String name) {
    Set<KernelConfig> out = new LinkedHashSet<>();
    boolean all = ALL.equals(name);
    if (!all && !CORE.equals(name)) {
      throw new IllegalArgumentException("unknown neuron kernel set '" + name + "' (use " + CORE + " or " + ALL
          + ")");
    }
    for (boolean fp32 : new boolean[] {true, false}) {
      for (ChargeSpec c : NeuronMath.CHARGES) {
        for (SurrogateSpec s : NeuronMath.SURROGATES) {
          if (!all && !CORE_SURROGATES.contains(s.name())) {
            continue;
          }
          resets(out, c, s, fp32, true);
        }
      }
    }
    if (!all) {
      for (ChargeSpec c : List.of(NeuronMath.IF, NeuronMath.LIF, NeuronMath.LIF_DECAY_INPUT, NeuronMath.PLIF,
          NeuronMath.PLIF_DECAY_INPUT)) {
        for (SurrogateSpec s : NeuronMath.SURROGATES) {
          if (!CORE_SURROGATES.contains(s.name())) {
            resets(out, c, s, true, false);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private static void resets(Set<KernelConfig> out, ChargeSpec c, SurrogateSpec s, boolean fp32, boolean detach) {
    for (boolean soft : new boolean[] {false, true}) {
      out.add(new KernelConfig(c, s, true, soft, false, fp32));
      if (detach) {
        out.add(new KernelConfig(c, s, true, soft, true, fp32));
      }
    }
  }

  /** The kernel names of {@code configs}: {@code ns_reduce_partials}, then forward and backward of each. */
  public static List<String> kernelNames(List<KernelConfig> configs) {
    List<String> names = new ArrayList<>();
    names.add(NeuronLaunch.REDUCE);
    names.add(NeuronLaunch.PLIF_DECAY);
    for (KernelConfig c : configs) {
      names.add(NeuronLaunch.FORWARD_PREFIX + c.tag());
      names.add(NeuronLaunch.BACKWARD_PREFIX + c.tag());
    }
    return names;
  }
}
