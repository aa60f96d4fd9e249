package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float64 kernels ({@code KernelsD}, {@code VectorGemmD}) are generated from the float32 ones at build time by
 * {@code src/build/Float64Kernels.java} into {@code target/generated-sources/float64}. This test runs the generator
 * again into a temporary folder and fails when the copy that was compiled differs (a build that skipped the
 * generator, an IDE compiling stale output) or when a hand-written copy is back under {@code src/main/java}.
 */
class KernelsGeneratedTest {
  private static final Path SOURCES = Path.of("src/main/java/org/neurospark/snn/tensor/cpu");
  private static final Path GENERATOR = Path.of("src/build/Float64Kernels.java");
  private static final Path COMPILED = Path.of("target/generated-sources/float64/org/neurospark/snn/tensor/cpu");

  @Test
  void compiledFloat64KernelsAreWhatTheGeneratorMakesOfTheFloat32Ones(@TempDir Path out)
      throws IOException, InterruptedException {
    assertTrue(Files.isRegularFile(GENERATOR), "run from the snn-core module folder: " + GENERATOR.toAbsolutePath());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), GENERATOR.toString(), SOURCES.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the generator did not finish");
    assertEquals(0, p.exitValue(), "the generator failed: " + log);
    for (String name : new String[] {"KernelsD.java", "VectorGemmD.java"}) {
      String generated = Files.readString(out.resolve("org/neurospark/snn/tensor/cpu").resolve(name));
      assertTrue(generated.length() > 1000, name + " generated almost nothing");
      String body = generated.substring(generated.indexOf('\n') + 1); // below the GENERATED header line
      assertFalse(body.matches("(?is).*\\bfloat.*"), name + " still mentions float");
      assertEquals(generated, Files.readString(COMPILED.resolve(name)), name + " was compiled from a stale copy:"
          + " rebuild with Maven (generate-sources runs " + GENERATOR + ")");
      assertFalse(Files.exists(SOURCES.resolve(name)), name + " is generated: delete the copy under " + SOURCES);
    }
  }

  @Test
  void theFloat64KernelsAreLoadedFromTheGeneratedSources() throws ClassNotFoundException {
    // the classes exist (compiled from the generated folder) and are the float64 twins
    Class<?> k = Class.forName("org.neurospark.snn.tensor.cpu.KernelsD");
    assertTrue(java.util.Arrays.stream(k.getDeclaredMethods())
        .anyMatch(m -> m.getName().equals("gemm") && m.getParameterTypes()[0] == boolean.class
            && java.util.Arrays.asList(m.getParameterTypes()).contains(double[].class)), "KernelsD.gemm(double[])");
  }
}
