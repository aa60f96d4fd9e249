/**
 * The fused neuron kernels of the CUDA backend, emitted from snn-core's neuron spec
 * ({@code org.neurospark.snn.neuron.spec.CudaKernelEmitter}) at build time: {@link
 * org.neurospark.gpu.neuron.NeuronKernelSet} names the configurations the jar ships, {@link
 * org.neurospark.gpu.neuron.NeuronKernelGenerator} writes their source for {@code build-kernels.sh}, and {@link
 * org.neurospark.gpu.neuron.NeuronLaunch} maps a {@code NeuronSpec} to its kernel names and argument values. The
 * launches themselves are in {@code org.neurospark.gpu.backend.CudaNeuronKernels}. The model kernels (KLIF, LIAF,
 * Izhikevich, snnTorch Leaky/Synaptic; {@code org.neurospark.snn.neuron.spec.CudaModelKernelEmitter}) ship as
 * {@link org.neurospark.gpu.neuron.NeuronModelKernelSet} says, written by the same generator, launched by
 * {@code org.neurospark.gpu.backend.CudaNeuronModelKernels}.
 */
package org.neurospark.gpu.neuron;
