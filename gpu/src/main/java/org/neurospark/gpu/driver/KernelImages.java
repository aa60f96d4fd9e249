package org.neurospark.gpu.driver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The compiled kernel images shipped in this jar and the staleness check on them.
 *
 * <p>{@code gpu/build-kernels.sh} (run by Maven in process-resources) compiles each module of {@link #MODULES}
 * ({@code gpu/src/main/cuda/NAME.cu}) with nvcc into the resource {@code org/neurospark/gpu/kernels/NAME.fatbin}
 * (SASS for sm_80 and sm_90, PTX for compute_90) and writes {@code NAME.sha256}: the SHA-256 of {@code NAME.cu},
 * then every header of {@link #HEADERS} in that order, then {@code nvcc-flags.txt}. The sources themselves are
 * resources too ({@code org/neurospark/gpu/kernels/src/}); {@link #load} re-hashes them and refuses an image whose
 * recorded hash differs (a fatbin built from other sources or flags than the ones shipped next to it).
 *
 * <p>The modules of {@link #GENERATED} are written at build time by a generator (the neuron kernels and the neuron
 * model kernels, emitted from snn-core's neuron spec by {@code org.neurospark.gpu.neuron.NeuronKernelGenerator}) into the resource folder
 * {@code org/neurospark/gpu/kernels/gen/} ({@code NAME.cu}, their own {@code nvcc-flags.txt}, and {@code NAME.names}:
 * the kernel names the module holds) and compiled by the same script: their hash is SHA-256 of {@code NAME.cu} then
 * {@code gen/nvcc-flags.txt} (no shared headers).
 */
public final class KernelImages {
  /** The kernel modules (one .cu and one fatbin each). */
  public static final List<String> MODULES = List.of("nn_ops", "tensor_ops");
  /** The modules generated at build time, sources under {@code kernels/gen/}. */
  public static final List<String> GENERATED = List.of("neuron_kernels", "neuron_models");
  /** Every module of the jar: {@link #MODULES} then {@link #GENERATED}. */
  public static List<String> allModules() {
    List<String> all = new java.util.ArrayList<>(MODULES);
    all.addAll(GENERATED);
    return List.copyOf(all);
  }

  /** The headers every module may include, in hashing order (C-locale sorted file names). */
  public static final List<String> HEADERS = List.of("ns_common.cuh", "ns_math.cuh");
  /** The nvcc flags file (hashed last). */
  public static final String FLAGS_FILE = "nvcc-flags.txt";
  private static final String ROOT = "/org/neurospark/gpu/kernels/";

  private KernelImages() {}

  /** The SHA-256 (lower-case hex) of a module's sources as build-kernels.sh computes it, from the given bytes. */
  public static String sourceHash(byte[] module, List<byte[]> headers, byte[] flags) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(module);
      for (byte[] h : headers) {
        md.update(h);
      }
      md.update(flags);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The hash of a module's sources as shipped in the jar. */
  public static String shippedSourceHash(String module) {
    if (GENERATED.contains(module)) {
      return sourceHash(resource("gen/" + module + ".cu"), List.of(), resource("gen/" + FLAGS_FILE));
    }
    List<byte[]> hs = HEADERS.stream().map(h -> resource("src/" + h)).toList();
    return sourceHash(resource("src/" + module + ".cu"), hs, resource("src/" + FLAGS_FILE));
  }

  /** True when the jar holds a fatbin for {@code module} (false where nvcc was absent at build time). */
  public static boolean present(String module) {
    return KernelImages.class.getResource(ROOT + module + ".fatbin") != null;
  }

  /**
   * The fatbin of {@code module}, verified against the sources shipped next to it.
   *
   * @throws CudaException when the image is missing (built without nvcc) or stale
   */
  public static byte[] load(String module) {
    if (!present(module)) {
      throw new CudaException("kernel image " + module + ".fatbin is not in the jar: the gpu module was built "
          + "without nvcc (rebuild it where nvcc is on the PATH; see gpu/README.md)");
    }
    String recorded = new String(resource(module + ".sha256"), StandardCharsets.US_ASCII).trim();
    String actual = shippedSourceHash(module);
    if (!recorded.equals(actual)) {
      throw new CudaException("kernel image " + module + ".fatbin is stale: built from sources with SHA-256 "
          + recorded + ", the shipped sources hash to " + actual + " (rebuild the gpu module with nvcc)");
    }
    return resource(module + ".fatbin");
  }

  /**
   * The kernel names a generated module holds, as its generator recorded them ({@code gen/NAME.names}; lines
   * starting with {@code #} are comments, the first one {@code # set NAME}).
   *
   * @throws CudaException when the module's names are not in the jar
   */
  public static List<String> generatedKernelNames(String module) {
    return new String(resource("gen/" + module + ".names"), StandardCharsets.UTF_8).lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  /** The set a generated module was built from (the {@code # set NAME} line of its names file), or "unknown". */
  public static String generatedSet(String module) {
    return new String(resource("gen/" + module + ".names"), StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("# set ")).map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
  }

  private static byte[] resource(String name) {
    try (InputStream in = KernelImages.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new CudaException("resource " + ROOT + name + " missing from the gpu jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new CudaException("cannot read resource " + ROOT + name, e);
    }
  }
}
