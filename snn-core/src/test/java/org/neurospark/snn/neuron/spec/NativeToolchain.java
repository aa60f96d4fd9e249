package org.neurospark.snn.neuron.spec;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds gcc/nvcc on the PATH and runs them (test helper). */
final class NativeToolchain {
  private NativeToolchain() {}

  /** The executable on the PATH, or null. */
  static Path find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir).resolve(name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Runs a command in {@code dir}, returns its combined output; fails on a non-zero exit or a timeout. */
  static String run(Path dir, List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String log = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError("failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + log);
    }
    return log;
  }
}
