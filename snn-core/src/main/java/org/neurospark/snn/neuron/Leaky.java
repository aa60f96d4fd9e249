package org.neurospark.snn.neuron;

import java.util.Arrays;
import java.util.Set;
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
 * snnTorch's first-order leaky neuron {@code snn.Leaky(beta, threshold=1, spike_grad=atan(), reset_mechanism=
 * 'subtract')}, with snnTorch semantics (not SpikingJelly's):
 * <pre>
 *   R[t]   = Θ(U[t−1] − U_thr), strict &gt;, no gradient (the reset is delayed by one step, from the previous U)
 *   U[t]   = β·U[t−1] + X[t] − R[t]·U_thr          ('subtract')
 *   U[t]   = β·(1 − R[t])·U[t−1] + X[t]            ('zero')
 *   U[t]   = β·U[t−1] + X[t]                       ('none')
 *   S[t]   = Θ(U[t] − U_thr), strict &gt;, surrogate gradient spike_grad
 * </pre>
 * β is clamped to [0, 1] and learnable (parameter {@code beta}, gradient 0 outside [0, 1]). U starts at 0. Outputs
 * spikes (float32); {@link #mem()} / {@link #memSeq()} give U. Step modes and autograd through the state across
 * calls as {@link BaseNode}.
 */
public class Leaky extends Module implements HasAttributes {
  private final ScalarParameter beta;
  private final float threshold;
  private final SurrogateFunction spikeGrad;
  private final ResetMechanism reset;
  private Tensor mem;
  private Tensor memSeq;

  public Leaky(double beta) {
    this(beta, 1.0, null, ResetMechanism.SUBTRACT);
  }

  /** {@code spikeGrad} null = snnTorch's default {@code atan(alpha=2)}. */
  public Leaky(double beta, double threshold, SurrogateFunction spikeGrad, ResetMechanism reset) {
    this.beta = new ScalarParameter("beta", (float) beta);
    registerParameter("beta", this.beta.tensor());
    this.beta.bind(() -> ownParameters().get("beta"));
    this.threshold = (float) threshold;
    this.spikeGrad = spikeGrad == null ? new SnnTorchATan() : spikeGrad;
    this.reset = reset;
  }

  public ScalarParameter beta() {
    return beta;
  }

  /** Runs on any backend providing {@link NeuronModelKernels} (the CPU does). */
  @Override
  protected boolean runsOn(Backend backend) {
    return NeuronModelKernels.on(backend) != null;
  }

  @Override
  protected boolean convertsParameters() {
    return false;
  }

  /** Membrane potential U [N, ...], or null before the first input. */
  public Tensor mem() {
    return mem;
  }

  /** U after every step of the last multi-step call, [T, N, ...]; null in step mode 's'. */
  public Tensor memSeq() {
    return memSeq;
  }

  @Override
  public Set<String> attributeNames() {
    return Set.of("mem", "mem_seq");
  }

  @Override
  public Tensor attribute(String name) {
    switch (name) {
      case "mem":
        return mem;
      case "mem_seq":
        return memSeq;
      default:
        throw new IllegalArgumentException("Leaky has no attribute '" + name + "'; known: " + attributeNames());
    }
  }

  @Override
  protected void resetState() {
    mem = null;
    memSeq = null;
  }

  @Override
  protected void detachState() {
    if (mem != null) {
      mem = mem.detach();
    }
  }

  @Override
  protected Tensor doForward(Tensor x) {
    boolean multi = stepMode() == 'm';
    Tensor xs = multi ? x : x.unsqueeze(0);
    if (xs.dim() < 1 || xs.shape()[0] < 1 || xs.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException("Leaky: need float32 input [T >= 1, N, ...], got "
          + Arrays.toString(x.shape()) + " " + x.dtype());
    }
    int[] stepShape = Arrays.copyOfRange(xs.shape(), 1, xs.dim());
    if (mem != null && !Arrays.equals(mem.shape(), stepShape)) {
      throw new IllegalArgumentException("Leaky: input step shape " + Arrays.toString(stepShape)
          + " differs from the state's " + Arrays.toString(mem.shape()));
    }
    Tensor[] out = new LeakyFunction().apply(xs, mem, beta.tensor());
    int t = xs.shape()[0];
    mem = out[1].select(0, t - 1);
    memSeq = multi ? out[1] : null;
    return multi ? out[0] : out[0].squeeze(0);
  }

  /** The kernels' view of this layer (β is read from its tensor by the kernels). */
  private SnnTorchDynamics dynamics() {
    return new SnnTorchDynamics(false, 0f, 0f, threshold, spikeGrad, reset);
  }

  /**
   * Inputs x [T, N, ...], U[−1] (null = 0), β; outputs spikes and U after every step, [T, N, ...]; runs the
   * backend's {@link NeuronModelKernels}, saving U and U[−1] as tensors.
   */
  private final class LeakyFunction extends Function {
    @Override
    public String name() {
      return "Leaky";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Backend b = in[0].backend();
      int[] shape = in[0].shape();
      SnnTorchDynamics d = dynamics();
      Tensor spk = Tensor.zeros(b, DType.FLOAT32, shape);
      Tensor us = Tensor.zeros(b, DType.FLOAT32, shape);
      BaseNode.modelKernels("Leaky", b).snnTorchForward(d, in[2], in[0], in[1], null, spk, us, null);
      ctx.put("d", d);
      ctx.saveForBackward(us, in[1], in[2]);
      return new Tensor[] {spk, us};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
      Tensor[] saved = ctx.savedTensors();
      Tensor us = saved[0];
      Backend b = us.backend();
      int[] shape = us.shape();
      Tensor gradX = Tensor.zeros(b, DType.FLOAT32, shape);
      Tensor gradU0 = ctx.needsInputGrad(1)
          ? Tensor.zeros(b, DType.FLOAT32, Arrays.copyOfRange(shape, 1, shape.length)) : null;
      Tensor gradBeta = ctx.needsInputGrad(2) ? Tensor.zeros(b, DType.FLOAT32, 1) : null;
      BaseNode.modelKernels("Leaky", b).snnTorchBackward(ctx.get("d"), saved[2], us, saved[1], gradOut[0],
          gradOut[1], null, gradX, gradU0, null, gradBeta);
      return new Tensor[] {gradX, gradU0, gradBeta};
    }
  }
}
