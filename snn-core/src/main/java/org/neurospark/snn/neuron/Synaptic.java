package org.neurospark.snn.neuron;

import java.util.Arrays;
import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.neuron.dynamics.ResetMechanism;
import org.neurospark.snn.neuron.dynamics.SnnTorchDynamics;
import org.neurospark.snn.neuron.kernels.NeuronModelKernels;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.surrogate.SnnTorchATan;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * snnTorch's second-order neuron {@code snn.Synaptic(alpha, beta, threshold=1, spike_grad=atan(),
 * reset_mechanism='subtract')}, with snnTorch semantics:
 * <pre>
 *   R[t]     = Θ(U[t−1] − U_thr), strict &gt;, no gradient
 *   I[t]     = α·I[t−1] + X[t]
 *   U[t]     = β·U[t−1] + I[t] − R[t]·U_thr        ('subtract')
 *   U[t]     = (1 − R[t])·(β·U[t−1] + I[t])        ('zero'; the synaptic current is not reset)
 *   U[t]     = β·U[t−1] + I[t]                     ('none')
 *   S[t]     = Θ(U[t] − U_thr), strict &gt;, surrogate gradient
 * </pre>
 * α, β clamped to [0, 1] (fixed). I and U start at 0. Outputs spikes (float32); {@link #mem()}, {@link #syn()} give
 * the state, carried in the autograd graph across calls until {@link #reset()} / {@link #detach()}.
 */
public class Synaptic extends Module {

  /** Runs on any backend providing {@link NeuronModelKernels} (the CPU does). */
  @Override
  protected boolean runsOn(Backend backend) {
    return NeuronModelKernels.on(backend) != null;
  }

  private final float alpha;
  private final float beta;
  private final float threshold;
  private final SurrogateFunction spikeGrad;
  private final ResetMechanism reset;
  private Tensor mem;
  private Tensor syn;

  public Synaptic(double alpha, double beta) {
    this(alpha, beta, 1.0, null, ResetMechanism.SUBTRACT);
  }

  /** {@code spikeGrad} null = snnTorch's default {@code atan(alpha=2)}. */
  public Synaptic(double alpha, double beta, double threshold, SurrogateFunction spikeGrad, ResetMechanism reset) {
    this.alpha = (float) Math.min(1.0, Math.max(0.0, alpha));
    this.beta = (float) Math.min(1.0, Math.max(0.0, beta));
    this.threshold = (float) threshold;
    this.spikeGrad = spikeGrad == null ? new SnnTorchATan() : spikeGrad;
    this.reset = reset;
  }

  /** Membrane potential U [N, ...], or null before the first input. */
  public Tensor mem() {
    return mem;
  }

  /** Synaptic current I [N, ...], or null before the first input. */
  public Tensor syn() {
    return syn;
  }

  @Override
  protected void resetState() {
    mem = null;
    syn = null;
  }

  @Override
  protected void detachState() {
    if (mem != null) {
      mem = mem.detach();
      syn = syn.detach();
    }
  }

  @Override
  protected Tensor doForward(Tensor x) {
    boolean multi = stepMode() == 'm';
    Tensor xs = multi ? x : x.unsqueeze(0);
    if (xs.dim() < 1 || xs.shape()[0] < 1 || xs.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException("Synaptic: need float32 input [T >= 1, N, ...], got "
          + Arrays.toString(x.shape()) + " " + x.dtype());
    }
    int[] stepShape = Arrays.copyOfRange(xs.shape(), 1, xs.dim());
    if (mem != null && !Arrays.equals(mem.shape(), stepShape)) {
      throw new IllegalArgumentException("Synaptic: input step shape " + Arrays.toString(stepShape)
          + " differs from the state's " + Arrays.toString(mem.shape()));
    }
    Tensor[] out = new SynapticFunction().apply(xs, mem, syn);
    mem = out[1].select(0, xs.shape()[0] - 1);
    syn = out[2];
    return multi ? out[0] : out[0].squeeze(0);
  }

  /**
   * Inputs x [T, N, ...], U[−1], I[−1] (null = 0); outputs spikes, U after every step, I after the last step; runs
   * the backend's {@link NeuronModelKernels}, saving U and U[−1] as tensors.
   */
  private final class SynapticFunction extends Function {
    @Override
    public String name() {
      return "Synaptic";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Backend b = in[0].backend();
      int[] shape = in[0].shape();
      int[] stepShape = Arrays.copyOfRange(shape, 1, shape.length);
      SnnTorchDynamics d = new SnnTorchDynamics(true, alpha, beta, threshold, spikeGrad, reset);
      Tensor spk = Tensor.zeros(b, DType.FLOAT32, shape);
      Tensor us = Tensor.zeros(b, DType.FLOAT32, shape);
      Tensor cur = Tensor.zeros(b, DType.FLOAT32, stepShape);
      BaseNode.modelKernels("Synaptic", b).snnTorchForward(d, null, in[0], in[1], in[2], spk, us, cur);
      ctx.put("d", d);
      ctx.saveForBackward(us, in[1]);
      return new Tensor[] {spk, us, cur};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
      Tensor[] saved = ctx.savedTensors();
      Tensor us = saved[0];
      Backend b = us.backend();
      int[] shape = us.shape();
      int[] stepShape = Arrays.copyOfRange(shape, 1, shape.length);
      Tensor gradX = Tensor.zeros(b, DType.FLOAT32, shape);
      Tensor gradU0 = ctx.needsInputGrad(1) ? Tensor.zeros(b, DType.FLOAT32, stepShape) : null;
      Tensor gradI0 = ctx.needsInputGrad(2) ? Tensor.zeros(b, DType.FLOAT32, stepShape) : null;
      BaseNode.modelKernels("Synaptic", b).snnTorchBackward(ctx.get("d"), null, us, saved[1], gradOut[0],
          gradOut[1], gradOut[2], gradX, gradU0, gradI0, null);
      return new Tensor[] {gradX, gradU0, gradI0};
    }
  }
}
