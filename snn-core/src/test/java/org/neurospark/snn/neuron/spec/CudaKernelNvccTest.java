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

/**
 * The fused kernels of {@link CudaKernelEmitter} compile with nvcc for sm_80 and sm_90 (one nvcc call, both
 * architectures) and ptxas reports no register spills for any of them: IF, LIF and PLIF (both decay_input forms)
 * with hard/soft reset, detach_reset, every surrogate of snn-core with PLIF, the primitive-forward
 * form, and fp64 LIF. Needs no GPU; skips, saying why, without nvcc.
 */
class CudaKernelNvccTest {
  private static String log;
  private static Set<String> kernels;

  @BeforeAll
  static void compile(@TempDir Path dir) throws Exception {
    Path nvcc = NativeToolchain.find("nvcc");
    assumeTrue(nvcc != null, "nvcc not on the PATH: the emitted CUDA kernels were not compiled");
    List<KernelConfig> configs = new ArrayList<>();
    SurrogateSpec sigmoid = NeuronMath.surrogate("Sigmoid");
    for (ChargeSpec c : List.of(NeuronMath.IF, NeuronMath.LIF, NeuronMath.LIF_DECAY_INPUT, NeuronMath.PLIF,
        NeuronMath.PLIF_DECAY_INPUT)) {
      for (boolean soft : new boolean[] {false, true}) {
        configs.add(new KernelConfig(c, sigmoid, true, soft, false, true));
      }
    }
    configs.add(new KernelConfig(NeuronMath.LIF, sigmoid, true, false, true, true));
    configs.add(new KernelConfig(NeuronMath.PLIF, sigmoid, true, true, true, true));
    for (SurrogateSpec s : NeuronMath.SURROGATES) {
      configs.add(new KernelConfig(NeuronMath.PLIF, s, true, false, false, true));
    }
    configs.add(new KernelConfig(NeuronMath.LIF, sigmoid, false, true, false, true));
    configs.add(new KernelConfig(NeuronMath.LIF, sigmoid, true, false, false, false));
    configs.add(new KernelConfig(NeuronMath.PLIF_DECAY_INPUT, NeuronMath.surrogate("ATan"), true, true, false, false));
    kernels = new LinkedHashSet<>();
    for (KernelConfig c : configs) {
      kernels.add("ns_fwd_" + c.tag());
      kernels.add("ns_bwd_" + c.tag());
    }
    kernels.add("ns_reduce_partials");
    Files.writeString(dir.resolve("neuron_kernels.cu"), CudaKernelEmitter.source(configs));
    log = NativeToolchain.run(dir, List.of(nvcc.toString(), "-c", "-o", "neuron_kernels.o", "-diag-suppress", "177",
        "-gencode", "arch=compute_80,code=sm_80", "-gencode", "arch=compute_90,code=sm_90",
        "--ptxas-options=-v", "neuron_kernels.cu"), 300);
  }

  @Test
  void everyKernelCompilesForSm80AndSm90WithoutRegisterSpills() {
    PtxasSpills.assertCompiledWithoutSpills(log, kernels);
    System.out.printf("CudaKernelNvccTest: %d kernels x sm_80, sm_90: 0 bytes spill stores%n", kernels.size());
  }
}
