package org.neurospark.gpu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurospark.gpu.backend.CudaBackend;

/** Probing never throws; where something is missing the backend refuses to open and says what. */
class DriverInfoTest {
  @Test
  void probeReportsEveryPart() {
    DriverInfo.Probe p = DriverInfo.probe();
    String report = DriverInfo.report(p);
    assertTrue(report.contains("CUDA driver:") && report.contains("cuBLAS:") && report.contains("kernel images:"),
        report);
    if (!p.usable()) {
      assertFalse(p.problems().isEmpty(), "an unusable machine names its problems:\n" + report);
      CudaException e = assertThrows(CudaException.class, () -> CudaBackend.open(0).close());
      assertFalse(e.getMessage().isBlank());
    }
  }

  @Test
  void missingCublasNamesTheSonamesTried() {
    boolean loads;
    try {
      Cublas.load();
      loads = true;
    } catch (CudaException e) {
      loads = false;
      assertTrue(e.getMessage().contains("libcublas.so.13") && e.getMessage().contains("libcublas.so.12"),
          e.getMessage());
    }
    assertEquals(loads, DriverInfo.probe().cublasSoname() != null);
  }
}
