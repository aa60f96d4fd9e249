package org.neurospark.gpu.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * What a machine offers the CUDA backend, found without side effects on the device: whether JCuda's driver binding
 * and {@code libcuda.so.1} load, the driver version, the devices, which cuBLAS soname opens and which kernel images
 * the jar holds. {@link #probe()} never throws; {@link #report()} renders it for {@code neurospark gpu info}.
 */
public final class DriverInfo {
  private DriverInfo() {}

  /** A probe result; fields are null/empty where a step failed, with the reason in {@code problems}. */
  public record Probe(Integer driverVersion, List<String> devices, String cublasSoname, List<String> kernelImages,
      List<String> problems) {
    /** True when a device can run the backend: driver, at least one device, cuBLAS and every kernel image. */
    public boolean usable() {
      return driverVersion != null && !devices.isEmpty() && cublasSoname != null
          && kernelImages.size() == KernelImages.allModules().size();
    }
  }

  /** Loads JCuda's driver binding (its JNI library links libcuda.so.1) or throws a CudaException saying why. */
  static void requireDriver() {
    try {
      jcuda.driver.JCudaDriver.class.getName();
      int[] v = new int[1];
      jcuda.driver.JCudaDriver.cuDriverGetVersion(v);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new CudaException("the CUDA driver library libcuda.so.1 (or JCuda's driver binding) could not be "
          + "loaded: " + nativeCause(String.valueOf(e.getMessage())), e);
    }
  }

  /** The informative line of JCuda's multi-line load error (the dlopen failure), else its first line. */
  static String nativeCause(String message) {
    return message.lines().filter(l -> l.contains("cannot open shared object file") || l.contains("undefined symbol"))
        .map(l -> l.replaceFirst("^java.lang.UnsatisfiedLinkError: ", "")).findFirst()
        .orElse(message.lines().findFirst().orElse(message));
  }

  /** The driver's CUDA version as major*1000 + minor*10 (e.g. 13000), via cuDriverGetVersion. */
  public static int driverVersion() {
    requireDriver();
    int[] v = new int[1];
    CudaDevice.check(jcuda.driver.JCudaDriver.cuDriverGetVersion(v), "cuDriverGetVersion");
    return v[0];
  }

  /** Probes everything; never throws. */
  public static Probe probe() {
    List<String> problems = new ArrayList<>();
    Integer version = null;
    List<String> devices = new ArrayList<>();
    try {
      version = driverVersion();
      CudaDevice.check(jcuda.driver.JCudaDriver.cuInit(0), "cuInit");
      int[] n = new int[1];
      CudaDevice.check(jcuda.driver.JCudaDriver.cuDeviceGetCount(n), "cuDeviceGetCount");
      for (int i = 0; i < n[0]; i++) {
        jcuda.driver.CUdevice d = new jcuda.driver.CUdevice();
        CudaDevice.check(jcuda.driver.JCudaDriver.cuDeviceGet(d, i), "cuDeviceGet");
        byte[] b = new byte[256];
        jcuda.driver.JCudaDriver.cuDeviceGetName(b, b.length, d);
        int len = 0;
        while (len < b.length && b[len] != 0) {
          len++;
        }
        int[] ma = new int[1];
        int[] mi = new int[1];
        jcuda.driver.JCudaDriver.cuDeviceGetAttribute(ma,
            jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, d);
        jcuda.driver.JCudaDriver.cuDeviceGetAttribute(mi,
            jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, d);
        devices.add(i + ": " + new String(b, 0, len, java.nio.charset.StandardCharsets.US_ASCII) + " (sm_" + ma[0]
            + mi[0] + ")");
      }
      if (devices.isEmpty()) {
        problems.add("the driver reports no CUDA device");
      }
    } catch (RuntimeException | LinkageError e) {
      problems.add(e.getMessage());
    }
    String cublas = null;
    try {
      cublas = Cublas.load().soname();
    } catch (RuntimeException | LinkageError e) {
      problems.add(e.getMessage());
    }
    List<String> images = new ArrayList<>();
    for (String m : KernelImages.allModules()) {
      try {
        KernelImages.load(m);
        images.add(m);
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
    }
    return new Probe(version, devices, cublas, images, problems);
  }

  /** A human-readable report of {@link #probe()}. */
  public static String report(Probe p) {
    StringBuilder sb = new StringBuilder();
    sb.append("CUDA driver:   ").append(p.driverVersion() == null ? "not available"
        : (p.driverVersion() / 1000) + "." + (p.driverVersion() % 1000 / 10)).append('\n');
    sb.append("devices:       ").append(p.devices().isEmpty() ? "none" : String.join(", ", p.devices()))
        .append('\n');
    sb.append("cuBLAS:        ").append(p.cublasSoname() == null ? "not found (tried " + Cublas.SONAMES + ")"
        : p.cublasSoname()).append('\n');
    sb.append("kernel images: ").append(p.kernelImages()).append(" of ").append(KernelImages.allModules())
        .append('\n');
    sb.append("usable:        ").append(p.usable()).append('\n');
    for (String s : p.problems()) {
      sb.append("  - ").append(s).append('\n');
    }
    return sb.toString();
  }
}
