package org.neurospark.gpu.backend;

import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.tensor.Tensor;

/**
 * THE integration point of the fused neuron kernels on the CUDA backend: {@link CudaBackend} registers an instance
 * under {@link NeuronKernels} ({@code backend.kernel(NeuronKernels.class)}). The kernels themselves are emitted
 * from snn-core's neuron spec (a CUDA C emitter written separately); until the emitted sources are compiled into a
 * kernel image and launched from here, both methods throw {@link UnsupportedOperationException} with the message
 * {@value #NOT_WIRED}. Wiring: compile the emitted source (build-kernels.sh or NVRTC), load it through
 * {@link CudaBackend#device()} and launch forward/backward on the storages' device addresses
 * ({@link CudaBackend#address(Tensor)}).
 */
public final class CudaNeuronKernels implements NeuronKernels {
  /** The message of the not-yet-wired kernels. */
  public static final String NOT_WIRED = "neuron kernels: emitted sources not wired yet";

  private final CudaBackend backend;

  CudaNeuronKernels(CudaBackend backend) {
    this.backend = backend;
  }

  /** The backend these kernels run on. */
  public CudaBackend backend() {
    return backend;
  }

  @Override
  public void forward(NeuronSpec spec, Tensor theta, Tensor x, Tensor vInit, Tensor spike, Tensor h, Tensor vSeq,
      Tensor vFinal) {
    throw new UnsupportedOperationException(NOT_WIRED + " (forward of " + spec + ")");
  }

  @Override
  public void backward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradSpike, Tensor gradVSeq,
      Tensor gradVFinal, Tensor gradX, Tensor gradVInit, Tensor gradTheta) {
    throw new UnsupportedOperationException(NOT_WIRED + " (backward of " + spec + ")");
  }
}
