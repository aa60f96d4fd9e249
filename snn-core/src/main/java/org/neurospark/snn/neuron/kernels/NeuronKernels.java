package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * The fused multi-step neuron kernels of a {@link Backend}, on its tensors: forward (FPTT, saving only H) and the
 * closed-form backward (BPTT) of a {@link NeuronSpec} neuron, as {@link MultiStepKernel} computes them on host
 * arrays. Sequences are time-major: every [T, N] argument is a tensor of T·N elements whose first dimension is T
 * (any further dimensions are the step shape, N elements); [N] arguments have N elements. All tensors are on the
 * backend that provides these kernels and have one floating dtype (float32, or float64 where the backend supports
 * it); outputs must be fresh contiguous tensors (offset 0), inputs may be any view. Kernels never record autograd.
 *
 * <p>The learnable scalar θ (PLIF's w) is passed as a one-element tensor {@code theta} of any floating dtype: the
 * kernel evaluates {@code spec.withCharge(spec.charge().withParameter(θ))} with θ read on the backend, so the
 * host never reads it; {@code theta} null runs {@code spec} as given. ∂L/∂θ is written to a one-element tensor,
 * reduced deterministically (for the CPU: chunk partial sums in double, added in chunk order, rounded once to
 * gradTheta's dtype).
 *
 * <p>A backend provides them through its fused-kernel registry ({@link Backend#kernel}); the CPU backend's are
 * {@link CpuNeuronKernels}. {@link #on} finds them.
 */
public interface NeuronKernels {
  /**
   * The neuron kernels of {@code backend}: those registered under {@code NeuronKernels.class}, else
   * {@link CpuNeuronKernels} for the CPU backend, else null (neurons cannot run there).
   */
  static NeuronKernels on(Backend backend) {
    NeuronKernels k = backend.kernel(NeuronKernels.class);
    if (k != null) {
      return k;
    }
    return backend instanceof CpuBackend ? CpuNeuronKernels.INSTANCE : null;
  }

  /**
   * Multi-step forward. Every element of every non-null output is written (callers may pass tensors with
   * unspecified contents, {@link org.neurospark.snn.tensor.Tensor#empty}).
   *
   * @param spec the neuron's charge/fire/reset equations (θ rebound from {@code theta} when non-null)
   * @param theta the learnable scalar, one element, or null
   * @param x input X, [T, N]
   * @param vInit V[−1], [N]; null means every neuron starts at {@link NeuronSpec#vInit()}
   * @param spike out: S, [T, N] (values 0 or 1)
   * @param h out (nullable): H, the charged potential before firing, [T, N], for backward
   * @param vSeq out (nullable): V after reset at every step, [T, N]
   * @param vFinal out: V after the last step, [N]
   */
  void forward(NeuronSpec spec, Tensor theta, Tensor x, Tensor vInit, Tensor spike, Tensor h, Tensor vSeq,
      Tensor vFinal);

  /**
   * Multi-step backward through a {@link #forward} call. Every element of {@code gradX} and of a non-null
   * {@code gradVInit} is written.
   *
   * @param spec, theta as given to forward
   * @param h H saved by forward, [T, N]
   * @param vInit V[−1] given to forward, [N], or null
   * @param gradSpike ∂L/∂S, [T, N] (nullable = 0)
   * @param gradVSeq ∂L/∂V[t], [T, N] (nullable = 0)
   * @param gradVFinal ∂L/∂V[T−1] from later use of the state, [N] (nullable = 0)
   * @param gradX out: ∂L/∂X, [T, N]
   * @param gradVInit out (nullable): ∂L/∂V[−1], [N]
   * @param gradTheta out (nullable): ∂L/∂θ, one element (0 for a spec without a learnable scalar)
   */
  void backward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradSpike, Tensor gradVSeq,
      Tensor gradVFinal, Tensor gradX, Tensor gradVInit, Tensor gradTheta);
}
