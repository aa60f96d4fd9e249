package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.AnalogActivation;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.SnnTorchDynamics;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * The fused multi-step kernels of the neuron models beyond {@link NeuronKernels}' charge–fire–reset: KLIF, LIAF,
 * Izhikevich and snnTorch's Leaky and Synaptic, on a {@link Backend}'s tensors, so these layers run wherever their
 * input lives (no host array in the step). Conventions as {@link NeuronKernels}: float32 tensors on the providing
 * backend, time-major [T, N] sequences (T·N elements, first dimension T), [N] states; inputs may be views, outputs
 * are fresh contiguous tensors; nullable arguments are marked; kernels never record autograd. A learnable scalar
 * (KLIF's k, Leaky's β) is a one-element tensor read on the backend, never by the host, and its gradient is written
 * to a one-element tensor, reduced deterministically.
 *
 * <p>A backend provides them through its fused-kernel registry ({@link Backend#kernel}); the CPU backend's are
 * {@link CpuNeuronModelKernels}. {@link #on} finds them.
 */
public interface NeuronModelKernels {
  /**
   * The model kernels of {@code backend}: those registered under {@code NeuronModelKernels.class}, else
   * {@link CpuNeuronModelKernels} for the CPU backend, else null (these models cannot run there).
   */
  static NeuronModelKernels on(Backend backend) {
    NeuronModelKernels k = backend.kernel(NeuronModelKernels.class);
    if (k != null) {
      return k;
    }
    return backend instanceof CpuBackend ? CpuNeuronModelKernels.INSTANCE : null;
  }

  /**
   * KLIF forward: H = charge(V, X), F = ReLU(k·H), S = fire(F), V = reset(F, S) (scaled by 1/k when
   * {@code scaleReset}).
   *
   * @param spec the LIF charge, threshold, reset and surrogate
   * @param k the learnable scale, one element
   * @param x X [T, N]; {@code vInit} V[−1] [N] (nullable: V starts at {@link NeuronSpec#vInit()})
   * @param spike out: S [T, N]; {@code h} out: H [T, N] (saved for backward); {@code vSeq} out (nullable) V [T, N];
   *     {@code vFinal} out: V after the last step [N]
   */
  void klifForward(NeuronSpec spec, boolean scaleReset, Tensor k, Tensor x, Tensor vInit, Tensor spike, Tensor h,
      Tensor vSeq, Tensor vFinal);

  /**
   * KLIF backward through {@link #klifForward}: gradients of X, V[−1] (nullable out) and k (nullable out, one
   * element) from ∂L/∂S and ∂L/∂V[t] (both nullable = 0).
   */
  void klifBackward(NeuronSpec spec, boolean scaleReset, Tensor k, Tensor h, Tensor vInit, Tensor gradSpike,
      Tensor gradVSeq, Tensor gradX, Tensor gradVInit, Tensor gradK);

  /**
   * LIAF forward: the LIF recurrence of {@code spec} with output {@code y = act(H − offset)} [T, N] instead of the
   * spikes; other arguments as {@link #klifForward}.
   *
   * @param offset V_th when threshold_related, else 0
   */
  void liafForward(NeuronSpec spec, AnalogActivation act, float offset, Tensor x, Tensor vInit, Tensor y, Tensor h,
      Tensor vSeq, Tensor vFinal);

  /** LIAF backward through {@link #liafForward} from ∂L/∂y and ∂L/∂V[t] (nullable). */
  void liafBackward(NeuronSpec spec, AnalogActivation act, float offset, Tensor h, Tensor vInit, Tensor gradY,
      Tensor gradVSeq, Tensor gradX, Tensor gradVInit);

  /**
   * Izhikevich forward ({@link IzhikevichDynamics}): V with adaptation W.
   *
   * @param spec fire and reset (its charge is ignored)
   * @param wInit W[−1] [N] (nullable: W_rest)
   * @param h out: H [T, N]; {@code wPrev} out: W[t−1] [T, N] (both saved for backward); {@code wFinal} out: W after
   *     the last step [N]; the rest as {@link #klifForward}
   */
  void izhikevichForward(NeuronSpec spec, IzhikevichDynamics dyn, Tensor x, Tensor vInit, Tensor wInit,
      Tensor spike, Tensor h, Tensor wPrev, Tensor vSeq, Tensor vFinal, Tensor wFinal);

  /**
   * Izhikevich backward through {@link #izhikevichForward}: from ∂L/∂S, ∂L/∂V[t] and ∂L/∂W[T−1] (all nullable),
   * gradients of X, V[−1] and W[−1] (both nullable outputs).
   */
  void izhikevichBackward(NeuronSpec spec, IzhikevichDynamics dyn, Tensor h, Tensor wPrev, Tensor vInit,
      Tensor gradSpike, Tensor gradVSeq, Tensor gradWFinal, Tensor gradX, Tensor gradVInit, Tensor gradWInit);

  /**
   * snnTorch Leaky/Synaptic forward ({@link SnnTorchDynamics}).
   *
   * @param beta Leaky's learnable β, one element (clamped to [0, 1] by the kernel), or null for {@code d.beta()}
   * @param x X [T, N]; {@code uInit} U[−1] [N] (nullable: 0); {@code iInit} Synaptic's I[−1] [N] (nullable: 0)
   * @param spike out: S [T, N]; {@code uSeq} out: U after every step [T, N] (saved for backward);
   *     {@code iFinal} out (Synaptic; nullable): I after the last step [N]
   */
  void snnTorchForward(SnnTorchDynamics d, Tensor beta, Tensor x, Tensor uInit, Tensor iInit, Tensor spike,
      Tensor uSeq, Tensor iFinal);

  /**
   * snnTorch backward through {@link #snnTorchForward}: from ∂L/∂S, ∂L/∂U[t] and (Synaptic) ∂L/∂I[T−1] (all
   * nullable), gradients of X, U[−1], I[−1] (nullable outputs) and β (nullable; one element; Leaky: 0 when β lies
   * outside [0, 1], where the clamp has no gradient).
   */
  void snnTorchBackward(SnnTorchDynamics d, Tensor beta, Tensor uSeq, Tensor uInit, Tensor gradSpike,
      Tensor gradUSeq, Tensor gradIFinal, Tensor gradX, Tensor gradUInit, Tensor gradIInit, Tensor gradBeta);
}
