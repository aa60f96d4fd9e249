/**
 * Tensors and the operations on them: {@link org.neurospark.snn.tensor.Tensor} (float32/float64 strided arrays
 * with reverse-mode autograd), {@link org.neurospark.snn.tensor.NN} (convolution, pooling, softmax, losses, batch
 * norm, dropout), {@link org.neurospark.snn.tensor.Init} and {@link org.neurospark.snn.tensor.Rng} (seeded
 * PyTorch-default initialisation), and the {@link org.neurospark.snn.tensor.Backend} contract that a compute
 * device implements (CPU: {@link org.neurospark.snn.tensor.cpu.CpuBackend}).
 *
 * <p>Conventions: row-major (C order) element strides; dims may be negative; binary ops broadcast like NumPy;
 * images {@code [N, C, H, W]}, SpikingJelly multi-step tensors {@code [T, N, *]} (flatten to {@code [T·N, *]}
 * for stateless layers).
 */
package org.neurospark.snn.tensor;
