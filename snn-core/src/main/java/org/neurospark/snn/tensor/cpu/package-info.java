/**
 * The CPU backend: heap storages and multi-threaded kernels on primitive arrays. Threads, the Winograd choice and
 * kernel scratch belong to a {@link org.neurospark.snn.tensor.cpu.CpuContext} that the caller opens, enters and
 * closes (outside one, kernels run single-threaded on the caller). GEMM is a packed, register-tiled kernel on the JDK
 * Vector API when the JVM runs with {@code --add-modules jdk.incubator.vector} (tests and {@code bin/neurospark}
 * do), else a cache-blocked plain-Java kernel. Convolution is im2col + GEMM per sample. Float64 kernels are
 * generated from the float32 sources at build time (snn-core/src/build/Float64Kernels.java into target/generated-sources).
 */
package org.neurospark.snn.tensor.cpu;
