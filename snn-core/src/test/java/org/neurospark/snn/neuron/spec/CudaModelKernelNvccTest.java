package org.neurospark.snn.neuron.spec;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.neuron.dynamics.ResetMechanism;

/**
 * The fused model kernels of {@link CudaModelKernelEmitter} compile with nvcc for sm_80 and sm_90 (one nvcc call,
 * both architectures, the gpu module's flags: {@code -O3 -fmad=false -DNS_MIN_BLOCKS=3}) and ptxas reports no
 * register spills: KLIF with and without scale_reset (hard and soft, detach_reset), LIAF (hard/soft, both LIF
 * charges), Izhikevich (hard/soft, detach_reset), Leaky with every reset mechanism and Synaptic, across the shipped
 * surrogates. Needs no GPU; skips, saying why, without nvcc. (The gpu module checks the ptxas log of every shipped
 * kernel too.)
 */
class CudaModelKernelNvccTest {
  private static String log;
  private static Set<String> kernels;

  @BeforeAll
  static void compile(@TempDir Path dir) throws Exception {
    Path nvcc = NativeToolchain.find("nvcc");
    assumeTrue(nvcc != null, "nvcc not on the PATH: the emitted CUDA model kernels were not compiled");
    SurrogateSpec sigmoid = NeuronMath.surrogate("Sigmoid");
    SurrogateSpec atan = NeuronMath.surrogate("ATan");
    List<ModelKernelConfig> configs = new ArrayList<>();
    configs.add(ModelKernelConfig.klif(NeuronMath.LIF_DECAY_INPUT, sigmoid, false, false, false));
    configs.add(ModelKernelConfig.klif(NeuronMath.LIF_DECAY_INPUT, sigmoid, false, false, true));
    configs.add(ModelKernelConfig.klif(NeuronMath.LIF, atan, true, true, true));
    configs.add(ModelKernelConfig.klif(NeuronMath.LIF, sigmoid, true, false, true));
    configs.add(ModelKernelConfig.liaf(NeuronMath.LIF_DECAY_INPUT, sigmoid, false, false));
    configs.add(ModelKernelConfig.liaf(NeuronMath.LIF, atan, true, true));
    configs.add(ModelKernelConfig.izhikevich(sigmoid, false, false));
    configs.add(ModelKernelConfig.izhikevich(atan, true, true));
    for (ResetMechanism r : ResetMechanism.values()) {
      configs.add(ModelKernelConfig.snnTorch(false, NeuronMath.surrogate("SnnTorchATan"), r));
    }
    configs.add(ModelKernelConfig.snnTorch(true, NeuronMath.surrogate("FastSigmoid"), ResetMechanism.ZERO));
    kernels = new LinkedHashSet<>();
    for (ModelKernelConfig c : configs) {
      kernels.add(CudaModelKernelEmitter.forwardName(c));
      kernels.add(CudaModelKernelEmitter.backwardName(c));
    }
    kernels.add("ns_reduce_partials");
    Files.writeString(dir.resolve("neuron_models.cu"), CudaModelKernelEmitter.source(configs));
    log = NativeToolchain.run(dir, List.of(nvcc.toString(), "-c", "-o", "neuron_models.o", "-O3", "-fmad=false",
        "-diag-suppress", "177", "-DNS_MIN_BLOCKS=3", "-gencode", "arch=compute_80,code=sm_80", "-gencode",
        "arch=compute_90,code=sm_90", "--ptxas-options=-v", "neuron_models.cu"), 300);
  }

  @Test
  void everyModelKernelCompilesForSm80AndSm90WithoutRegisterSpills() {
    PtxasSpills.assertCompiledWithoutSpills(log, kernels);
    System.out.printf("CudaModelKernelNvccTest: %d kernels x sm_80, sm_90: 0 bytes spill stores%n", kernels.size());
  }
}
