/**
 * The CUDA backend of snn-core's {@link org.neurospark.snn.tensor.Backend}.
 *
 * <p><b>Library loading (CUDA 12 and 13 machines).</b> The driver API comes from JCuda ({@code org.jcuda:jcuda}
 * 12.6.0): its JNI library links only {@code libcuda.so.1}, which every driver generation provides, and is used for
 * the primary context, the stream, memory, events, {@code cuModuleLoadDataEx} and {@code cuLaunchKernel}. JCuda's
 * own cuBLAS/NVRTC bindings link CUDA-12-versioned symbols and are not used; cuBLAS is bound through JNA
 * ({@link org.neurospark.gpu.driver.Cublas}) by soname, {@code libcublas.so.13} then {@code libcublas.so.12}, with an
 * error naming both when neither opens. No NVRTC: kernels are compiled ahead of time.
 *
 * <p><b>Kernels.</b> {@code gpu/src/main/cuda/*.cu} are compiled by nvcc during the Maven build
 * ({@code gpu/build-kernels.sh}, process-resources) into fatbins holding SASS for sm_80 and sm_90 and PTX for
 * compute_90, with {@code -fmad=false}. SASS needs no JIT, so an A100/H100 runs them under a CUDA 12 or 13 driver as
 * far as the cubin format allows (not verified on a CUDA 12 driver); the PTX (ISA 9.0 from nvcc 13) serves newer
 * GPUs on CUDA 13 drivers only. Each fatbin carries the SHA-256 of its sources and flags; the sources travel in the
 * jar and {@link org.neurospark.gpu.driver.KernelImages} refuses a stale image. Without nvcc the module builds and
 * its host tests pass, and {@link org.neurospark.gpu.backend.CudaBackend#open} refuses to start, naming the missing
 * image.
 *
 * <p>Packages: {@code driver} (JCuda device, cuBLAS, kernel images, pinned buffers, probing), {@code memory} (the
 * caching allocator, pure logic over {@link org.neurospark.gpu.memory.RawDeviceMemory}), {@code random} (Philox
 * reference and dropout stream), {@code backend} ({@link org.neurospark.gpu.backend.CudaBackend}). See
 * {@code gpu/README.md}.
 */
package org.neurospark.gpu;
