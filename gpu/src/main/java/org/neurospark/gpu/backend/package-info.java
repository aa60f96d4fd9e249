/**
 * {@link org.neurospark.gpu.backend.CudaBackend}, the CUDA implementation of snn-core's Backend, its kernel-argument
 * packing ({@link org.neurospark.gpu.backend.TensorDesc}) and the integration point of the emitted neuron kernels
 * ({@link org.neurospark.gpu.backend.CudaNeuronKernels}, not wired yet).
 */
package org.neurospark.gpu.backend;
