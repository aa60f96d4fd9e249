package org.neurospark.snn.neuron.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code --ptxas-options=-v} log of an nvcc call that compiled for sm_80 and sm_90 (test helper for
 * {@link CudaKernelNvccTest} and {@link CudaModelKernelNvccTest}).
 */
final class PtxasSpills {
  private static final Pattern ENTRY = Pattern.compile("Compiling entry function '(\\w+)' for '(sm_\\d+)'");
  private static final Pattern SPILL = Pattern.compile("(\\d+) bytes spill stores, (\\d+) bytes spill loads");

  private PtxasSpills() {}

  /**
   * Asserts that every one of {@code kernels} was compiled for sm_80 and sm_90, that ptxas reported a spill count for
   * each, and that no kernel in {@code log} spills registers (0 bytes spill stores and loads).
   */
  static void assertCompiledWithoutSpills(String log, Set<String> kernels) {
    Set<String> seen = new LinkedHashSet<>();
    String current = null;
    int checked = 0;
    for (String line : log.split("\n")) {
      Matcher e = ENTRY.matcher(line);
      if (e.find()) {
        current = e.group(1) + "@" + e.group(2);
        seen.add(current);
        continue;
      }
      Matcher s = SPILL.matcher(line);
      if (s.find() && current != null) {
        assertEquals("0", s.group(1), current + " spills registers: " + line.trim());
        assertEquals("0", s.group(2), current + " spills registers: " + line.trim());
        checked++;
      }
    }
    for (String k : kernels) {
      for (String arch : new String[] {"sm_80", "sm_90"}) {
        assertTrue(seen.contains(k + "@" + arch), k + " was not compiled for " + arch + ":\n" + log);
      }
    }
    assertTrue(checked >= 2 * kernels.size(), "ptxas reported spill counts for every kernel: " + checked);
  }
}
