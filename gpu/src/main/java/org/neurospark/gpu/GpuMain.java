package org.neurospark.gpu;

import org.neurospark.gpu.driver.DriverInfo;

/**
 * {@code neurospark gpu info}: prints what this machine offers the CUDA backend (driver version, devices, the cuBLAS
 * soname found, the kernel images in the jar) and exits with 0 when the backend can run, 1 when not, 2 on a usage
 * error.
 */
public final class GpuMain {
  private GpuMain() {}

  /** Entry point of {@code bin/neurospark gpu}. */
  public static void main(String[] args) {
    if (args.length != 1 || !args[0].equals("info")) {
      System.err.println("usage: neurospark gpu info    (driver, devices, cuBLAS and kernel images available to the "
          + "CUDA backend; exit 0 when usable)");
      System.exit(args.length == 1 && (args[0].equals("-h") || args[0].equals("--help")) ? 0 : 2);
    }
    DriverInfo.Probe p = DriverInfo.probe();
    System.out.print(DriverInfo.report(p));
    System.exit(p.usable() ? 0 : 1);
  }
}
