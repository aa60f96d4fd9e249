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
import org.neurospark.snn.neuron.dynamics.ResetMechanism;
import org.neurospark.snn.neuron.spec.CudaModelKernelEmitter;
import org.neurospark.snn.neuron.spec.ModelKernelConfig;
import org.neurospark.snn.neuron.spec.NeuronMath;
import org.neurospark.snn.neuron.spec.NeuronModel;

/**
 * {@link NeuronModelKernelSet}: what the core and all sets hold, the recorded kernel names, and that the generated
 * {@code gen/neuron_models.cu} in the build output is the emitter's output for the recorded set (the stale check of
 * the generated source; the image's hash against it is KernelBuildTest's).
 */
class NeuronModelKernelSetTest {
  private static final Path GEN = Path.of(System.getProperty("gpu.kernels.dir",
      "target/classes/org/neurospark/gpu/kernels")).resolve("gen");

  @Test
  void coreSetCoversEveryModelVariantWithTheCoreSurrogates() {
    List<ModelKernelConfig> core = NeuronModelKernelSet.configs(NeuronKernelSet.CORE);
    Set<String> tags = new HashSet<>();
    core.forEach(c -> tags.add(c.tag()));
    assertEquals(core.size(), tags.size(), "each configuration once, tags unique");
    for (String s : NeuronKernelSet.CORE_SURROGATES) {
      for (boolean soft : new boolean[] {false, true}) {
        for (boolean detach : new boolean[] {false, true}) {
          for (var c : List.of(NeuronMath.LIF, NeuronMath.LIF_DECAY_INPUT)) {
            for (boolean sr : new boolean[] {false, true}) {
              assertTrue(core.contains(ModelKernelConfig.klif(c, NeuronMath.surrogate(s), soft, detach, sr)));
            }
            assertTrue(core.contains(ModelKernelConfig.liaf(c, NeuronMath.surrogate(s), soft, detach)));
          }
          assertTrue(core.contains(ModelKernelConfig.izhikevich(NeuronMath.surrogate(s), soft, detach)));
        }
      }
    }
    for (String s : NeuronModelKernelSet.SNNTORCH_SURROGATES) {
      for (ResetMechanism r : ResetMechanism.values()) {
        for (boolean syn : new boolean[] {false, true}) {
          assertTrue(core.contains(ModelKernelConfig.snnTorch(syn, NeuronMath.surrogate(s), r)), s + " " + r);
        }
      }
    }
    assertEquals(32 + 16 + 8 + 24, core.size());
    assertEquals(1, core.stream().filter(c -> c.model() == NeuronModel.KLIF && c.scaleReset() && c.softReset()
        && c.detachReset() && c.charge() == NeuronMath.LIF && c.surrogate().name().equals("ATan")).count());
  }

  @Test
  void allSetHoldsEverySurrogateAndContainsCore() {
    List<ModelKernelConfig> all = NeuronModelKernelSet.configs(NeuronKernelSet.ALL);
    int s = NeuronMath.SURROGATES.size();
    assertEquals(s * (32 + 16 + 8) / 2 + s * 6, all.size());
    assertTrue(all.containsAll(NeuronModelKernelSet.configs(NeuronKernelSet.CORE)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuronModelKernelSet.configs("most"));
    assertTrue(e.getMessage().contains("'most'"), e.getMessage());
  }

  @Test
  void generatedModuleIsTheEmittersOutputForTheRecordedSet() throws Exception {
    String set = KernelImages.generatedSet(NeuronModelKernelSet.MODULE);
    assertEquals(KernelImages.generatedSet(NeuronKernelSet.MODULE), set, "both modules from one -Dgpu.neurons");
    List<ModelKernelConfig> configs = NeuronModelKernelSet.configs(set);
    assertEquals(CudaModelKernelEmitter.source(configs), Files.readString(GEN.resolve("neuron_models.cu"),
        StandardCharsets.UTF_8), "gen/neuron_models.cu differs from CudaModelKernelEmitter.source (rebuild)");
    List<String> names = NeuronModelKernelSet.kernelNames(configs);
    assertEquals(names, KernelImages.generatedKernelNames(NeuronModelKernelSet.MODULE));
    assertEquals(NeuronLaunch.REDUCE, names.get(0));
    assertEquals(1 + 2 * configs.size(), names.size());
  }
}
