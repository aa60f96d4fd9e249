package org.neurospark.snn.neuron.spec;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds gcc/nvcc on the PATH and runs them, and the host drivers of the emitted kernels (test helper). */
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

  /**
   * Writes {@code kernels} (the emitted source) as {@code dir/kernels.h} and {@code driver} (C99 functions
   * {@code static void run<k>(FILE *in, FILE *out)} for k in [0, cases), including {@code "kernels.h"}), followed by
   * a {@code main(in, out, k)} that opens the files and calls {@code run<k>}, as {@code dir/driver.c}; then compiles it
   * into {@code dir/driver} with {@code gcc}: C99, -O0, warnings as errors, no FMA contraction
   * ({@code -ffp-contract=off}), {@code __host__}/{@code __device__} defined away.
   */
  static void compileDriver(Path gcc, Path dir, String kernels, CharSequence driver, int cases)
      throws IOException, InterruptedException {
    StringBuilder c = new StringBuilder(driver);
    c.append("int main(int argc, char **argv) {\n  (void) argc;\n")
        .append("  FILE *in = fopen(argv[1], \"rb\"), *out = fopen(argv[2], \"wb\");\n");
    c.append("  if (!in || !out) return 2;\n  switch (atoi(argv[3])) {\n");
    for (int k = 0; k < cases; k++) {
      c.append("    case ").append(k).append(": run").append(k).append("(in, out); break;\n");
    }
    c.append("    default: return 4;\n  }\n  fclose(out);\n  return 0;\n}\n");
    Files.writeString(dir.resolve("kernels.h"), kernels);
    Files.writeString(dir.resolve("driver.c"), c.toString());
    run(dir, List.of(gcc.toString(), "-O0", "-std=c99", "-Wall", "-Werror", "-Wno-unused-function",
        "-ffp-contract=off", "-D__host__=", "-D__device__=", "-o", "driver", "driver.c", "-lm"), 180);
  }

  /**
   * Runs case {@code k} of {@code dir/driver} on the bytes {@code in} holds up to its position (written to
   * {@code dir/in<k>.bin}); returns what the driver wrote ({@code dir/out<k>.bin}), in native byte order.
   */
  static ByteBuffer runDriver(Path dir, int k, ByteBuffer in) throws IOException, InterruptedException {
    Path inFile = dir.resolve("in" + k + ".bin");
    Path outFile = dir.resolve("out" + k + ".bin");
    Files.write(inFile, Arrays.copyOf(in.array(), in.position()));
    run(dir, List.of(dir.resolve("driver").toString(), inFile.toString(), outFile.toString(), Integer.toString(k)), 60);
    return ByteBuffer.wrap(Files.readAllBytes(outFile)).order(ByteOrder.nativeOrder());
  }
}
