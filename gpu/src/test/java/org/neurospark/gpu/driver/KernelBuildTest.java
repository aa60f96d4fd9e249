package org.neurospark.gpu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The build of the kernel images: the module/header lists match gpu/src/main/cuda, every image in the build output
 * was compiled from the current sources (the loader's staleness check), and ptxas reported code for sm_80 and
 * sm_90 with no spills. Image checks skip visibly where nvcc is absent (then no image is built).
 */
class KernelBuildTest {
  private static final Path SRC = Path.of(System.getProperty("gpu.cuda.src", "src/main/cuda"));
  private static final Path OUT = Path.of(System.getProperty("gpu.kernels.dir",
      "target/classes/org/neurospark/gpu/kernels"));

  private static List<String> names(String ext) throws Exception {
    try (Stream<Path> s = Files.list(SRC)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(ext)).map(n -> ext.equals(".cu")
          ? n.substring(0, n.length() - 3) : n).sorted().toList();
    }
  }

  @Test
  void moduleAndHeaderListsMatchTheSourceFolder() throws Exception {
    assertEquals(names(".cu"), KernelImages.MODULES.stream().sorted().toList(),
        "KernelImages.MODULES must list every .cu of " + SRC);
    assertEquals(names(".cuh"), KernelImages.HEADERS, "KernelImages.HEADERS: every .cuh, C-locale sorted");
  }

  @Test
  void hashCoversModuleHeadersAndFlags() throws Exception {
    byte[] cu = "a".getBytes(StandardCharsets.US_ASCII);
    byte[] h = "b".getBytes(StandardCharsets.US_ASCII);
    byte[] f = "c".getBytes(StandardCharsets.US_ASCII);
    String base = KernelImages.sourceHash(cu, List.of(h), f);
    // sha256("abc")
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", base);
    assertNotEquals(base, KernelImages.sourceHash(cu, List.of("x".getBytes(StandardCharsets.US_ASCII)), f));
  }

  private static boolean nvcc() {
    try {
      Process p = new ProcessBuilder("nvcc", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void shippedImagesAreCurrentAndSpillFree() throws Exception {
    boolean any = KernelImages.MODULES.stream().anyMatch(KernelImages::present);
    Assumptions.assumeTrue(any || nvcc(), "nvcc absent and no kernel image built: image checks skipped");
    Pattern arch = Pattern.compile("Compiling entry function '(\\w+)' for '(sm_\\d+)'");
    Pattern spill = Pattern.compile("(\\d+) bytes spill stores, (\\d+) bytes spill loads");
    for (String m : KernelImages.MODULES) {
      assertTrue(KernelImages.present(m), m + ".fatbin missing although nvcc is on the PATH");
      byte[] image = KernelImages.load(m); // throws when stale
      assertTrue(image.length > 1000, m + ".fatbin is " + image.length + " bytes");
      String recorded = Files.readString(OUT.resolve(m + ".sha256")).trim();
      List<byte[]> hs = new ArrayList<>();
      for (String h : KernelImages.HEADERS) {
        hs.add(Files.readAllBytes(SRC.resolve(h)));
      }
      assertEquals(KernelImages.sourceHash(Files.readAllBytes(SRC.resolve(m + ".cu")), hs,
          Files.readAllBytes(SRC.resolve(KernelImages.FLAGS_FILE))), recorded,
          m + ".fatbin is stale against gpu/src/main/cuda (rebuild: mvn -pl gpu process-resources)");
      String log = Files.readString(OUT.resolve(m + ".ptxas.log"));
      Matcher a = arch.matcher(log);
      List<String> archs = new ArrayList<>();
      int entries = 0;
      while (a.find()) {
        entries++;
        if (!archs.contains(a.group(2))) {
          archs.add(a.group(2));
        }
      }
      assertTrue(archs.contains("sm_80") && archs.contains("sm_90"), m + ": ptxas compiled for " + archs);
      Matcher s = spill.matcher(log);
      int reports = 0;
      while (s.find()) {
        reports++;
        assertEquals("0", s.group(1), m + ": spill stores in\n" + log);
        assertEquals("0", s.group(2), m + ": spill loads in\n" + log);
      }
      assertTrue(entries > 0 && reports >= entries, m + ": " + entries + " entries, " + reports
          + " spill reports (one per entry, plus called functions)");
    }
  }

  /**
   * The neuron kernel modules emitted from the spec ({@code neuron_kernels}, {@code neuron_models}): current against the generated source shipped next to it, every
   * kernel name the generator recorded (what CudaNeuronKernels may launch) compiled by ptxas for sm_80 and sm_90
   * with 0 spills, and present in the image's symbol table ({@code cuobjdump -symbols}, where cuobjdump exists).
   */
  @Test
  void neuronImagesAreCurrentSpillFreeAndHoldEveryRecordedKernel() throws Exception {
    for (String m : KernelImages.GENERATED) {
      checkGeneratedImage(m);
    }
  }

  private static void checkGeneratedImage(String m) throws Exception {
    Assumptions.assumeTrue(KernelImages.present(m) || nvcc(), "nvcc absent and no neuron image built: skipped");
    assertTrue(KernelImages.present(m), m + ".fatbin missing although nvcc is on the PATH");
    byte[] image = KernelImages.load(m); // throws when stale
    Path gen = OUT.resolve("gen");
    assertEquals(KernelImages.sourceHash(Files.readAllBytes(gen.resolve(m + ".cu")), List.of(),
        Files.readAllBytes(gen.resolve(KernelImages.FLAGS_FILE))), Files.readString(OUT.resolve(m + ".sha256")).trim());
    List<String> names = KernelImages.generatedKernelNames(m);
    assertTrue(names.size() > 100, "recorded kernels: " + names.size());
    String log = Files.readString(OUT.resolve(m + ".ptxas.log"));
    Pattern arch = Pattern.compile("Compiling entry function '(\\w+)' for '(sm_\\d+)'");
    Pattern spill = Pattern.compile("(\\d+) bytes spill stores, (\\d+) bytes spill loads");
    java.util.Set<String> entries = new java.util.HashSet<>();
    Matcher a = arch.matcher(log);
    while (a.find()) {
      entries.add(a.group(1) + "@" + a.group(2));
    }
    for (String n : names) {
      assertTrue(entries.contains(n + "@sm_80") && entries.contains(n + "@sm_90"), n + " not compiled for both");
    }
    Matcher s = spill.matcher(log);
    int reports = 0;
    while (s.find()) {
      reports++;
      assertEquals("0", s.group(1), m + ": spill stores");
      assertEquals("0", s.group(2), m + ": spill loads");
    }
    assertTrue(reports >= 2 * names.size(), reports + " spill reports for " + names.size() + " kernels");
    Path dump = Path.of(System.getProperty("gpu.test.work", "target/host-check"));
    Files.createDirectories(dump);
    Path fatbin = dump.resolve(m + ".fatbin");
    Files.write(fatbin, image);
    String symbols = cuobjdumpSymbols(fatbin);
    if (symbols == null) {
      System.out.println("KernelBuildTest: cuobjdump not found, symbol check of " + m + " skipped (ptxas log checked)");
      return;
    }
    for (String n : names) {
      assertTrue(Pattern.compile("\\b" + n + "\\b").matcher(symbols).find(), n + " not in the image's symbols");
    }
    System.out.printf("KernelBuildTest: %s.fatbin (%d bytes) holds all %d recorded kernels for sm_80 and sm_90%n", m,
        image.length, names.size());
  }

  /**
   * {@code cuobjdump -symbols FILE} output (cuobjdump from the PATH, else {@code $CUDA_HOME/bin},
   * {@code /usr/local/cuda/bin}), or null where no cuobjdump is installed or it cannot read the image (then the
   * ptxas log is the check).
   */
  private static String cuobjdumpSymbols(Path fatbin) throws Exception {
    List<String> candidates = new ArrayList<>(List.of("cuobjdump"));
    String home = System.getenv("CUDA_HOME");
    if (home != null) {
      candidates.add(home + "/bin/cuobjdump");
    }
    candidates.add("/usr/local/cuda/bin/cuobjdump");
    for (String c : candidates) {
      Process p;
      try {
        p = new ProcessBuilder(c, "-symbols", fatbin.toString()).redirectErrorStream(true).start();
      } catch (java.io.IOException e) {
        continue;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        System.out.println("KernelBuildTest: " + c + " -symbols failed, symbol check skipped:\n" + out);
        return null;
      }
      return out;
    }
    return null;
  }

  @Test
  void staleImageIsRefusedWithAClearMessage() {
    // the loader compares the recorded hash against the shipped sources; a missing image names nvcc
    for (String m : KernelImages.MODULES) {
      if (!KernelImages.present(m)) {
        CudaException e = org.junit.jupiter.api.Assertions.assertThrows(CudaException.class,
            () -> KernelImages.load(m));
        assertTrue(e.getMessage().contains("without nvcc"), e.getMessage());
      }
    }
    CudaException e = org.junit.jupiter.api.Assertions.assertThrows(CudaException.class,
        () -> KernelImages.load("no_such_module"));
    assertTrue(e.getMessage().contains("no_such_module.fatbin"), e.getMessage());
  }
}
