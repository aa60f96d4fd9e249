package org.neurospark.events.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code python3} with NumPy for tests that cross-check against NumPy itself; {@link #available()} is false
 * (and such tests are skipped) when python3 or numpy is missing. Nothing is installed.
 */
public final class PythonNumpy {
  private static Boolean available;

  private PythonNumpy() {}

  /** True when {@code python3 -c "import numpy"} succeeds. */
  public static synchronized boolean available() {
    if (available == null) {
      try {
        available = run(null, "-c", "import numpy") == 0;
      } catch (IOException e) {
        available = false;
      }
    }
    return available;
  }

  /** Runs the test resource script {@code resource} with arguments; throws with its output on failure. */
  public static void runScript(String resource, Path workDir, String... args) throws IOException {
    Path script = workDir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = PythonNumpy.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    String[] cmd = new String[args.length + 1];
    cmd[0] = script.toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    int rc = run(workDir, cmd);
    if (rc != 0) {
      throw new IOException("python3 " + resource + " failed with exit code " + rc + ": "
          + Files.readString(workDir.resolve("python.log"), StandardCharsets.UTF_8));
    }
  }

  /** Runs inline Python code; returns its exit status (output in {@code workDir/python.log}). */
  public static int runCode(Path workDir, String code) throws IOException {
    return run(workDir, "-c", code);
  }

  private static int run(Path workDir, String... args) throws IOException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "python3";
    System.arraycopy(args, 0, cmd, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (workDir != null) {
      pb.directory(workDir.toFile()).redirectOutput(workDir.resolve("python.log").toFile());
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process p = pb.start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
