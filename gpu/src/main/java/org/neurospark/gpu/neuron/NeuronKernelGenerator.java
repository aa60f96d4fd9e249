package org.neurospark.gpu.neuron;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.neurospark.snn.neuron.spec.CudaKernelEmitter;
import org.neurospark.snn.neuron.spec.CudaModelKernelEmitter;
import org.neurospark.snn.neuron.spec.KernelConfig;
import org.neurospark.snn.neuron.spec.ModelKernelConfig;

/**
 * Build-time generator of the neuron kernel module (run by Maven in {@code process-classes}, before
 * {@code build-kernels.sh} compiles it). Usage: {@code NeuronKernelGenerator OUT_DIR BASE_FLAGS_FILE [SET]} writes
 * into {@code OUT_DIR}:
 * <ul>
 *   <li>{@code neuron_kernels.cu}: {@link CudaKernelEmitter#source} of {@link NeuronKernelSet#configs}{@code (SET)}
 *       (default {@value NeuronKernelSet#CORE}); the emitter is the only source of these kernels;</li>
 *   <li>{@code nvcc-flags.txt}: the flags of {@code BASE_FLAGS_FILE} (gpu/src/main/cuda/nvcc-flags.txt) plus
 *       {@value #EXTRA_FLAGS} on one line;</li>
 *   <li>{@code neuron_kernels.names}: the set's name on the first line ({@code # set NAME}), then every kernel name
 *       of the module, one per line (what {@link NeuronLaunch} may launch);</li>
 *   <li>{@code neuron_models.cu} and {@code neuron_models.names}: the same for the neuron models (KLIF, LIAF,
 *       Izhikevich, Leaky, Synaptic): {@link CudaModelKernelEmitter#source} of
 *       {@link NeuronModelKernelSet#configs}{@code (SET)}, compiled with the same flags.</li>
 * </ul>
 * Files whose content is unchanged are not rewritten. {@code OUT_DIR} is a resource folder of the jar
 * ({@code org/neurospark/gpu/kernels/gen/}), so the loader re-hashes exactly what nvcc compiled.
 */
public final class NeuronKernelGenerator {
  /**
   * Added to the module's nvcc flags: the emitted __host__ __device__ helpers leave unused statics (warning 177);
   * {@code NS_MIN_BLOCKS=3} (fp32 launch bounds of 3 resident 256-thread blocks, i.e. at most 80 registers instead
   * of 64: with {@code -fmad=false} six fp32 sm_90 backward kernels of the core set — IF/LIF with
   * SquarewaveFourierSeries, SnnTorchATan, Rect — spilled 8–16 bytes under the 64-register cap; kernels that need
   * fewer registers are unchanged, e.g. LIF/Sigmoid forward 48, backward 51); fatbin compression (~17 KB per
   * configuration compressed, ~90 KB uncompressed); two nvcc threads (the architectures compile in parallel).
   */
  public static final String EXTRA_FLAGS = "-diag-suppress 177 -DNS_MIN_BLOCKS=3 -Xfatbin=-compress-all --threads 2";

  private NeuronKernelGenerator() {}

  /** Writes the module's source, flags and kernel names; see the class comment. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      throw new IllegalArgumentException("usage: NeuronKernelGenerator OUT_DIR BASE_FLAGS_FILE [core|all]");
    }
    Path out = Path.of(args[0]);
    String set = args.length == 3 ? args[2] : NeuronKernelSet.CORE;
    List<KernelConfig> configs = NeuronKernelSet.configs(set);
    Files.createDirectories(out);
    String base = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).replace("\n", " ").trim();
    write(out.resolve(NeuronKernelSet.MODULE + ".cu"), CudaKernelEmitter.source(configs));
    write(out.resolve("nvcc-flags.txt"), base + " " + EXTRA_FLAGS + "\n");
    write(out.resolve(NeuronKernelSet.MODULE + ".names"), namesFile(set, configs));
    List<ModelKernelConfig> models = NeuronModelKernelSet.configs(set);
    write(out.resolve(NeuronModelKernelSet.MODULE + ".cu"), CudaModelKernelEmitter.source(models));
    write(out.resolve(NeuronModelKernelSet.MODULE + ".names"),
        names(set, NeuronModelKernelSet.kernelNames(models)));
    System.out.println("NeuronKernelGenerator: set " + set + ", " + configs.size() + " configurations, "
        + (2 * configs.size() + 1) + " kernels; models: " + models.size() + " configurations, "
        + (2 * models.size() + 1) + " kernels -> " + out);
  }

  /** The content of {@code neuron_kernels.names} for a set. */
  public static String namesFile(String set, List<KernelConfig> configs) {
    return names(set, NeuronKernelSet.kernelNames(configs));
  }

  /** A names file: {@code # set NAME}, then one kernel name per line. */
  static String names(String set, List<String> kernels) {
    StringBuilder sb = new StringBuilder("# set ").append(set).append('\n');
    for (String n : kernels) {
      sb.append(n).append('\n');
    }
    return sb.toString();
  }

  private static void write(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    Files.write(file, bytes);
  }
}
