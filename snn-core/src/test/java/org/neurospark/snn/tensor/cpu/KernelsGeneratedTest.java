package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float64 kernels ({@code KernelsD}, {@code VectorGemmD}) are generated from the float32 ones by
 * {@code gen-kernels-d.sh} and checked in. This test runs the script into a temporary folder and fails when a
 * checked-in copy differs, so an edit of {@code KernelsF}/{@code VectorGemmF} without regenerating cannot land.
 */
class KernelsGeneratedTest {
  private static final Path SOURCES = Path.of("src/main/java/org/neurospark/snn/tensor/cpu");

  @Test
  void checkedInFloat64KernelsAreWhatTheScriptGeneratesFromTheFloat32Ones(@TempDir Path out)
      throws IOException, InterruptedException {
    Path script = SOURCES.resolve("gen-kernels-d.sh");
    assertTrue(Files.isRegularFile(script), "run from the snn-core module folder: " + script.toAbsolutePath());
    Process p = new ProcessBuilder("bash", script.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gen-kernels-d.sh did not finish");
    assertEquals(0, p.exitValue(), "gen-kernels-d.sh failed: " + log);
    for (String name : new String[] {"KernelsD.java", "VectorGemmD.java"}) {
      String generated = Files.readString(out.resolve(name));
      String checkedIn = Files.readString(SOURCES.resolve(name));
      assertTrue(generated.length() > 1000, name + " generated almost nothing");
      assertEquals(generated, checkedIn, name + " has drifted from its float32 source: run " + script
          + " (with no argument it rewrites the checked-in copies)");
    }
  }
}
