package org.neurospark.events.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchMachineTest {
  @Test
  void reportsTheJitsInstructionSetAndVectorWidth() {
    BenchMachine m = BenchMachine.current();
    assertFalse(m.cpuModel().isBlank());
    assertTrue(m.cores() >= 1);
    String arch = System.getProperty("os.arch");
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      assertTrue(m.useAvx() >= 0 && m.useAvx() <= 3, "UseAVX " + m.useAvx());
      assertTrue(Set.of(64, 128, 256, 512).contains(m.vectorBits()), "vector bits " + m.vectorBits());
      assertTrue(!m.avx512Used() || m.cpuAvx512(), "AVX-512 used on a CPU without it: " + m.describe());
      assertTrue(m.avx512Used() || m.vectorBits() <= 256, m.describe());
    }
    String d = m.describe();
    assertTrue(d.contains(m.cpuModel()) && d.contains("preferred vector width: "), d);
  }
}
