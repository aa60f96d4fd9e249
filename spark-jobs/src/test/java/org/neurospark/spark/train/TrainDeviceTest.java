package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.neurospark.gpu.backend.CudaBackend;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.sealed.SealedBackend;

/** How a training task picks its backend from {@code --backend} and the GPUs Spark assigned it. */
class TrainDeviceTest {
  private static final TrainDevice.CudaOpener NO_DRIVER = ordinal -> {
    throw new IllegalStateException("no CUDA driver (libcuda.so.1 not found) for device " + ordinal);
  };

  @Test
  void theGpusOfATaskAreTheAddressesSparkAssignedIt() {
    assertArrayEquals(new String[] {"0"}, TrainDevice.gpus(Map.of("gpu", new ResourceInformation("gpu",
        new String[] {"0"}))));
    assertArrayEquals(new String[] {"1", "3"}, TrainDevice.gpus(Map.of("gpu", new ResourceInformation("gpu",
        new String[] {"1", "3"}))));
    assertArrayEquals(new String[0], TrainDevice.gpus(Map.of()));
    assertArrayEquals(new String[0], TrainDevice.gpus(Map.of("fpga", new ResourceInformation("fpga",
        new String[] {"0"}))));
    assertArrayEquals(new String[0], TrainDevice.gpus(null));
  }

  @Test
  void autoTrainsOnTheCpuWithoutAGpuAndCpuAndSealedAreWhatTheySay() {
    try (TrainDevice d = TrainDevice.open("auto", new String[0], NO_DRIVER)) {
      assertSame(CpuBackend.INSTANCE, d.backend());
      assertEquals("cpu", d.description());
    }
    try (TrainDevice d = TrainDevice.open("CPU", new String[] {"0"}, NO_DRIVER)) {
      assertSame(CpuBackend.INSTANCE, d.backend());
      assertEquals("cpu", d.description());
    }
    try (TrainDevice d = TrainDevice.open("sealed", new String[] {"0"}, NO_DRIVER)) {
      assertInstanceOf(SealedBackend.class, d.backend());
      assertEquals("sealed", d.description());
    }
  }

  @Test
  void autoFallsBackToTheCpuSayingWhyWhenTheAssignedGpuCannotBeUsed() {
    try (TrainDevice d = TrainDevice.open("auto", new String[] {"1", "3"}, NO_DRIVER)) {
      assertSame(CpuBackend.INSTANCE, d.backend());
      assertEquals("cpu (gpu:1,3 assigned, CUDA unavailable: IllegalStateException: no CUDA driver (libcuda.so.1 "
          + "not found) for device 1)", d.description());
    }
  }

  @Test
  void cudaFailsNamingTheGpuAndTheReason() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TrainDevice.open("cuda", new String[] {"2"}, NO_DRIVER));
    assertTrue(e.getMessage().startsWith("--backend cuda: the CUDA backend cannot start on GPU 2: ")
        && e.getMessage().contains("libcuda.so.1"), e.getMessage());
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> TrainDevice.open("cuda", new String[0], NO_DRIVER));
    assertTrue(none.getMessage().contains("on GPU 0"), none.getMessage());
    IllegalArgumentException addr = assertThrows(IllegalArgumentException.class,
        () -> TrainDevice.open("cuda", new String[] {"GPU-5e1c"}, NO_DRIVER));
    assertTrue(addr.getMessage().contains("'GPU-5e1c' is not a device ordinal"), addr.getMessage());
  }

  @Test
  void unknownModesAreRefusedNamingTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainDevice.checkMode("tpu"));
    assertEquals("--backend must be one of auto, cuda, cpu, sealed, got 'tpu'", e.getMessage());
    IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
        () -> TrainOptions.defaults("t", "r", "plif-nmnist", 2, 1).withBackend("gpu"));
    assertTrue(o.getMessage().contains("--backend must be one of"), o.getMessage());
  }

  /**
   * With the real CUDA backend: on a machine with a usable GPU {@code auto} trains on it; elsewhere (CI, this
   * project's build machines) it falls back to the CPU and names the missing piece.
   */
  @Test
  void theRealCudaBackendIsUsedOrItsAbsenceExplained() {
    Map<String, ResourceInformation> res = Map.of("gpu", new ResourceInformation("gpu", new String[] {"0"}));
    try (TrainDevice d = TrainDevice.open("auto", res)) {
      if (d.backend() instanceof CudaBackend) {
        assertEquals("cuda:0", d.description());
      } else {
        assertSame(CpuBackend.INSTANCE, d.backend());
        assertTrue(d.description().startsWith("cpu (gpu:0 assigned, CUDA unavailable: "), d.description());
      }
    }
    try (TrainDevice d = TrainDevice.open("auto", Map.of())) {
      assertEquals("cpu", d.description());
    }
  }
}
