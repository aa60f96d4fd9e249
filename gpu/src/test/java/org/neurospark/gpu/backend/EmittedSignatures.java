package org.neurospark.gpu.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code __global__} kernel signatures of a generated source in the built module (test helper for
 * {@link CudaNeuronKernelsTest} and {@link CudaNeuronModelKernelsTest}).
 */
final class EmittedSignatures {
  private static final Pattern GLOBAL =
      Pattern.compile("__global__ void __launch_bounds__\\([^)]*\\) (\\w+)\\(([^)]*)\\)");

  private EmittedSignatures() {}

  /**
   * Reads {@code gen/<file>} under {@code -Dgpu.kernels.dir} (default the build's kernel folder): kernel name to
   * {parameter names joined by ",", their {@link KernelArgs#kinds()} as a launcher must pack them: {@code l} a
   * pointer or {@code int64_t}, {@code d} a double, {@code i} an {@code int32_t}, {@code ?} anything else}.
   */
  static Map<String, String[]> read(String file) throws IOException {
    Path gen = Path.of(System.getProperty("gpu.kernels.dir", "target/classes/org/neurospark/gpu/kernels"))
        .resolve("gen/" + file);
    Matcher m = GLOBAL.matcher(Files.readString(gen));
    Map<String, String[]> sigs = new HashMap<>();
    while (m.find()) {
      StringBuilder names = new StringBuilder();
      StringBuilder kinds = new StringBuilder();
      for (String p : m.group(2).split(",")) {
        String q = p.trim();
        String[] tok = q.split("\\s+");
        names.append(names.length() == 0 ? "" : ",").append(tok[tok.length - 1]);
        kinds.append(q.contains("*") || q.startsWith("int64_t ") ? 'l' : q.startsWith("double ") ? 'd'
            : q.startsWith("int32_t ") ? 'i' : '?');
      }
      sigs.put(m.group(1), new String[] {names.toString(), kinds.toString()});
    }
    return sigs;
  }
}
