package org.neurospark.events.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark ran on, printed with its numbers so that results from different machines (CPU generation,
 * vector width) are never mistaken for each other: the CPU model, whether the JIT uses AVX-512 and the preferred
 * vector width in bits, and the load average.
 *
 * <p>The JIT facts come from the running HotSpot VM's flags ({@code UseAVX}, {@code MaxVectorSize}), so
 * {@code -XX:UseAVX=2} on an AVX-512 machine reports {@code avx512=false, vector bits 256}, as on an AVX2-only
 * machine. The preferred width is the widest vector the JIT emits ({@code MaxVectorSize × 8}), the width of the
 * Vector API's preferred species; where the flags cannot be read it is −1.
 *
 * @param cpuModel the {@code model name} of {@code /proc/cpuinfo}, else {@code os.arch}
 * @param cpuAvx512 true when the CPU lists {@code avx512f} in {@code /proc/cpuinfo}
 * @param useAvx the VM's {@code UseAVX} level (3 = AVX-512, 2 = AVX2, 1 = AVX, 0 = SSE only), −1 when unknown
 *     (not x86 or not HotSpot)
 * @param vectorBits the preferred vector width in bits the JIT uses, −1 when unknown
 * @param cores {@link Runtime#availableProcessors()}
 * @param loadAverage the 1, 5, 15 minute load averages of {@code /proc/loadavg}, else "n/a"
 */
public record BenchMachine(String cpuModel, boolean cpuAvx512, int useAvx, int vectorBits, int cores,
    String loadAverage) {

  /** True when the JIT emits AVX-512 instructions ({@code UseAVX} ≥ 3). */
  public boolean avx512Used() {
    return useAvx >= 3;
  }

  /** Reads the facts of this machine and JVM now. */
  public static BenchMachine current() {
    List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
    String model = System.getProperty("os.arch");
    boolean avx512 = false;
    for (String line : cpuinfo) {
      if (line.startsWith("model name") && model.equals(System.getProperty("os.arch"))) {
        model = line.substring(line.indexOf(':') + 1).strip();
      } else if (line.startsWith("flags")) {
        avx512 |= List.of(line.substring(line.indexOf(':') + 1).strip().split("\\s+")).contains("avx512f");
      }
    }
    int useAvx = vmFlag("UseAVX");
    int maxVector = vmFlag("MaxVectorSize");
    List<String> load = lines(Path.of("/proc/loadavg"));
    String la = "n/a";
    if (!load.isEmpty()) {
      String[] f = load.get(0).strip().split("\\s+");
      la = f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : la;
    }
    return new BenchMachine(model, avx512, useAvx, maxVector > 0 ? maxVector * 8 : -1,
        Runtime.getRuntime().availableProcessors(), la);
  }

  /** One line: {@code cpu: MODEL (N cores, AVX-512 in CPU: yes), JIT: AVX-512 used: no (UseAVX=2), ...}. */
  public String describe() {
    return String.format(Locale.ROOT, "cpu: %s (%d cores, AVX-512 in CPU: %s); JIT: AVX-512 used: %s (UseAVX=%s),"
        + " preferred vector width: %s bits; load average: %s", cpuModel, cores, cpuAvx512 ? "yes" : "no",
        avx512Used() ? "yes" : "no", useAvx < 0 ? "n/a" : Integer.toString(useAvx),
        vectorBits < 0 ? "n/a" : Integer.toString(vectorBits), loadAverage);
  }

  /** A HotSpot flag as an int through {@code HotSpotDiagnosticMXBean}, −1 when the VM has no such flag. */
  static int vmFlag(String name) {
    try {
      com.sun.management.HotSpotDiagnosticMXBean hs =
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return hs == null ? -1 : Integer.parseInt(hs.getVMOption(name).getValue());
    } catch (RuntimeException | LinkageError e) { // not HotSpot, flag absent on this platform, not a number
      return -1;
    }
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
