package org.neurospark.gpu.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurospark.gpu.driver.KernelImages;
import org.neurospark.snn.neuron.spec.ChargeSpec;
import org.neurospark.snn.neuron.spec.CudaKernelEmitter;
import org.neurospark.snn.neuron.spec.KernelConfig;
import org.neurospark.snn.neuron.spec.NeuronMath;
import org.neurospark.snn.neuron.spec.SurrogateSpec;

/**
 * The shipped neuron-kernel sets, and that what the build generated into the jar is exactly the emitter's output for
 * the recorded set (the emitter is the only source: no hand-written or stale copy).
 */
class NeuronKernelSetTest {
  private static final Path GEN = Path.of(System.getProperty("gpu.kernels.dir",
      "target/classes/org/neurospark/gpu/kernels")).resolve("gen");

  @Test
  void coreSetCoversEveryChargeResetAndPrecisionWithSigmoidAndATanAndEverySurrogateInFp32() {
    List<KernelConfig> core = NeuronKernelSet.configs(NeuronKernelSet.CORE);
    assertEquals(core.size(), new HashSet<>(core).size(), "each configuration once");
    Set<String> tags = new HashSet<>();
    core.forEach(c -> tags.add(c.tag()));
    assertEquals(core.size(), tags.size(), "tags are unique");
    for (ChargeSpec c : NeuronMath.CHARGES) {
      for (String s : NeuronKernelSet.CORE_SURROGATES) {
        for (boolean soft : new boolean[] {false, true}) {
          for (boolean detach : new boolean[] {false, true}) {
            for (boolean fp32 : new boolean[] {false, true}) {
              assertTrue(core.contains(new KernelConfig(c, NeuronMath.surrogate(s), true, soft, detach, fp32)),
                  c.name() + " " + s + " soft=" + soft + " detach=" + detach + " fp32=" + fp32);
            }
          }
        }
      }
    }
    for (SurrogateSpec s : NeuronMath.SURROGATES) {
      for (ChargeSpec c : List.of(NeuronMath.IF, NeuronMath.LIF, NeuronMath.LIF_DECAY_INPUT, NeuronMath.PLIF,
          NeuronMath.PLIF_DECAY_INPUT)) {
        for (boolean soft : new boolean[] {false, true}) {
          assertTrue(core.contains(new KernelConfig(c, s, true, soft, false, true)), c.name() + " " + s.name());
        }
      }
    }
    assertEquals(2 * 7 * 2 * 4 + 5 * 16 * 2, core.size());
  }

  @Test
  void allSetIsEverySpikingConfigurationAndContainsCore() {
    List<KernelConfig> all = NeuronKernelSet.configs(NeuronKernelSet.ALL);
    assertEquals(NeuronMath.CHARGES.size() * NeuronMath.SURROGATES.size() * 2 * 2 * 2, all.size());
    assertTrue(all.containsAll(NeuronKernelSet.configs(NeuronKernelSet.CORE)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NeuronKernelSet.configs("most"));
    assertTrue(e.getMessage().contains("'most'") && e.getMessage().contains("core"), e.getMessage());
  }

  @Test
  void kernelNamesAreTheReductionThePlifDecayThenForwardAndBackwardOfEachConfiguration() {
    List<KernelConfig> core = NeuronKernelSet.configs(NeuronKernelSet.CORE);
    List<String> names = NeuronKernelSet.kernelNames(core);
    assertEquals(2 + 2 * core.size(), names.size());
    assertEquals(NeuronLaunch.REDUCE, names.get(0));
    assertEquals(NeuronLaunch.PLIF_DECAY, names.get(1));
    assertEquals("ns_fwd_" + core.get(0).tag(), names.get(2));
    assertEquals("ns_bwd_" + core.get(0).tag(), names.get(3));
    String src = CudaKernelEmitter.source(core.subList(0, 3));
    for (String n : NeuronKernelSet.kernelNames(core.subList(0, 3))) {
      assertTrue(src.contains(" " + n + "("), n + " is declared by the emitted source");
    }
  }

  @Test
  void generatedModuleIsTheEmittersOutputForTheRecordedSet() throws Exception {
    // written by NeuronKernelGenerator in process-classes, whether or not nvcc exists
    String set = KernelImages.generatedSet(NeuronKernelSet.MODULE);
    List<KernelConfig> configs = NeuronKernelSet.configs(set);
    assertEquals(CudaKernelEmitter.source(configs), Files.readString(GEN.resolve("neuron_kernels.cu"),
        StandardCharsets.UTF_8), "gen/neuron_kernels.cu differs from CudaKernelEmitter.source (rebuild the module)");
    assertEquals(NeuronKernelGenerator.namesFile(set, configs), Files.readString(GEN.resolve("neuron_kernels.names")));
    assertEquals(NeuronKernelSet.kernelNames(configs), KernelImages.generatedKernelNames(NeuronKernelSet.MODULE));
    String flags = Files.readString(GEN.resolve(KernelImages.FLAGS_FILE));
    String base = Files.readString(Path.of(System.getProperty("gpu.cuda.src", "src/main/cuda"))
        .resolve(KernelImages.FLAGS_FILE)).trim();
    assertEquals(base + " " + NeuronKernelGenerator.EXTRA_FLAGS + "\n", flags);
  }
}
