/**
 * The native side of the CUDA backend: {@link org.neurospark.gpu.driver.CudaDevice} (JCuda driver API, libcuda.so.1
 * only), {@link org.neurospark.gpu.driver.Cublas} (JNA, libcublas.so.13|12), {@link
 * org.neurospark.gpu.driver.KernelImages} (fatbins built by nvcc at build time, refused when stale against the
 * shipped sources), {@link org.neurospark.gpu.driver.PinnedHostBuffer} and {@link
 * org.neurospark.gpu.driver.DriverInfo} (a side-effect-free probe for {@code neurospark gpu info}).
 */
package org.neurospark.gpu.driver;
