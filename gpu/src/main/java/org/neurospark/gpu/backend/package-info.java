/**
 * {@link org.neurospark.gpu.backend.CudaBackend}, the CUDA implementation of snn-core's Backend, its kernel-argument
 * packing ({@link org.neurospark.gpu.backend.TensorDesc}) and the launchers of the kernels emitted from the neuron
 * spec ({@link org.neurospark.gpu.backend.CudaNeuronKernels}, {@link
 * org.neurospark.gpu.backend.CudaNeuronModelKernels}), registered in the backend's fused-kernel registry.
 */
package org.neurospark.gpu.backend;
