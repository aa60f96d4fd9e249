package org.neurospark.spark.train;

import java.util.Locale;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.neurospark.gpu.backend.CudaBackend;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.sealed.SealedBackend;

/**
 * Where one training task's replica computes, chosen by {@code spark train --backend} and the resources Spark
 * assigned the task:
 * <ul>
 *   <li>{@code auto} (the default): the CUDA backend on the task's first GPU address when Spark assigned it a GPU
 *       ({@code spark.task.resource.gpu.amount}) and the backend starts; the CPU otherwise. A GPU that cannot be used
 *       (no driver, no cuBLAS, kernels missing) falls back to the CPU and says why in {@link #description()}, which
 *       lands in the run's summary ({@code devices}).</li>
 *   <li>{@code cuda}: the CUDA backend, on the task's first GPU address (device 0 when Spark assigned none); the task
 *       fails, naming what is missing, when it cannot start.</li>
 *   <li>{@code cpu}: the CPU backend.</li>
 *   <li>{@code sealed}: snn-core's validation backend, whose memory the host reads only through downloads (the CPU's
 *       kernels behind a seal): proves the distributed training path crosses a device boundary correctly.</li>
 * </ul>
 * Close it when the task ends (releases the device).
 */
final class TrainDevice implements AutoCloseable {
  /** The accepted {@code --backend} values. */
  static final java.util.List<String> MODES = java.util.List.of("auto", "cuda", "cpu", "sealed");

  private final Backend backend;
  private final String description;
  private final AutoCloseable resource;

  private TrainDevice(Backend backend, String description, AutoCloseable resource) {
    this.backend = backend;
    this.description = description;
    this.resource = resource;
  }

  /** Checks a {@code --backend} value; returns it lower-cased. */
  static String checkMode(String mode) {
    String m = mode.trim().toLowerCase(Locale.ROOT);
    if (!MODES.contains(m)) {
      throw new IllegalArgumentException("--backend must be one of " + String.join(", ", MODES) + ", got '" + mode
          + "'");
    }
    return m;
  }

  /** The GPU addresses Spark assigned the task (empty when none). */
  static String[] gpus(Map<String, ResourceInformation> resources) {
    ResourceInformation gpu = resources == null ? null : resources.get("gpu");
    return gpu == null ? new String[0] : gpu.addresses();
  }

  /**
   * Opens the device of one task.
   *
   * @param mode a {@code --backend} value
   * @param resources the task's resources ({@code TaskContext.resourcesJMap()}), or null
   */
  static TrainDevice open(String mode, Map<String, ResourceInformation> resources) {
    return open(mode, gpus(resources), CudaBackend::open);
  }

  /** How a CUDA backend is opened on a device ordinal (tests pass one that fails). */
  @FunctionalInterface
  interface CudaOpener {
    CudaBackend open(int ordinal);
  }

  static TrainDevice open(String mode, String[] gpus, CudaOpener cuda) {
    String m = checkMode(mode);
    switch (m) {
      case "cpu":
        return new TrainDevice(CpuBackend.INSTANCE, "cpu", null);
      case "sealed":
        return new TrainDevice(new SealedBackend(), "sealed", null);
      case "cuda": {
        String addr = gpus.length > 0 ? gpus[0] : "0";
        int ordinal = ordinal(addr);
        CudaBackend b;
        try {
          b = cuda.open(ordinal);
        } catch (RuntimeException | LinkageError e) {
          throw new IllegalStateException("--backend cuda: the CUDA backend cannot start on GPU " + addr + ": "
              + reason(e), e);
        }
        return new TrainDevice(b, "cuda:" + addr, b);
      }
      default: {
        if (gpus.length == 0) {
          return new TrainDevice(CpuBackend.INSTANCE, "cpu", null);
        }
        String addr = gpus[0];
        try {
          CudaBackend b = cuda.open(ordinal(addr));
          return new TrainDevice(b, "cuda:" + addr, b);
        } catch (RuntimeException | LinkageError e) {
          return new TrainDevice(CpuBackend.INSTANCE, "cpu (gpu:" + String.join(",", gpus)
              + " assigned, CUDA unavailable: " + reason(e) + ")", null);
        }
      }
    }
  }

  private static int ordinal(String addr) {
    try {
      return Integer.parseInt(addr.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("GPU address '" + addr + "' is not a device ordinal (Spark's GPU discovery"
          + " script must print CUDA device indices)");
    }
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
  }

  /** The backend the replica trains on. */
  Backend backend() {
    return backend;
  }

  /** What the task reports as its device: "cpu", "sealed", "cuda:ADDR", or the CPU with why a GPU was not used. */
  String description() {
    return description;
  }

  @Override
  public void close() {
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + description + ": " + e.getMessage(), e);
      }
    }
  }
}
