package org.neurospark.snn.neuron;

import java.util.Arrays;
import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.surrogate.SnnTorchATan;
import org.neurospark.snn.surrogate.SurrogateFunction;
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

  /** Neuron kernels run on host arrays: CPU only until they move behind {@code Backend} (issue 14). */
  @Override
  protected boolean runsOn(org.neurospark.snn.tensor.Backend backend) {
    return backend instanceof org.neurospark.snn.tensor.cpu.CpuBackend;
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

  /** Inputs x [T, N, ...], U[−1], I[−1] (null = 0); outputs spikes, U after every step, I after the last step. */
  private final class SynapticFunction extends Function {
    @Override
    public String name() {
      return "Synaptic";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      int[] shape = in[0].shape();
      int t = shape[0];
      int n = in[0].numel() / t;
      int[] stepShape = Arrays.copyOfRange(shape, 1, shape.length);
      float[] x = in[0].toFloatArray();
      float[] u0 = in[1] == null ? null : in[1].toFloatArray();
      float[] spk = new float[x.length];
      float[] us = new float[x.length];
      float[] u = new float[n];
      float[] cur = new float[n];
      for (int i = 0; i < n; i++) {
        u[i] = u0 == null ? 0f : u0[i];
      }
      if (in[2] != null) {
        cur = in[2].toFloatArray();
      }
      for (int step = 0; step < t; step++) {
        int base = step * n;
        for (int i = 0; i < n; i++) {
          float prev = u[i];
          float r = prev - threshold > 0f ? 1f : 0f;
          float c = alpha * cur[i] + x[base + i];
          float v;
          switch (reset) {
            case SUBTRACT:
              v = beta * prev + c - r * threshold;
              break;
            case ZERO:
              v = (1f - r) * (beta * prev + c);
              break;
            default:
              v = beta * prev + c;
          }
          cur[i] = c;
          u[i] = v;
          us[base + i] = v;
          spk[base + i] = spikeGrad.forwardF(v - threshold);
        }
      }
      ctx.put("u0", u0);
      ctx.put("us", us);
      return new Tensor[] {Tensor.fromArray(spk, shape), Tensor.fromArray(us, shape), Tensor.fromArray(cur,
          stepShape)};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
      float[] u0 = ctx.get("u0");
      float[] us = ctx.get("us");
      int[] shape = gradOut[0].shape();
      int t = shape[0];
      int n = us.length / t;
      int[] stepShape = Arrays.copyOfRange(shape, 1, shape.length);
      float[] gradSpk = gradOut[0].toFloatArray();
      float[] gradMemSeq = gradOut[1].toFloatArray();
      float[] gM = new float[n];
      float[] gS = gradOut[2].toFloatArray();
      float[] gradX = new float[t * n];
      for (int step = t - 1; step >= 0; step--) {
        int base = step * n;
        for (int i = 0; i < n; i++) {
          int idx = base + i;
          float gMem = gM[i] + gradSpk[idx] * spikeGrad.gradF(us[idx] - threshold) + gradMemSeq[idx];
          float prev = step > 0 ? us[idx - n] : (u0 == null ? 0f : u0[i]);
          float keep = reset == ResetMechanism.ZERO && prev - threshold > 0f ? 0f : 1f;
          float gSyn = gS[i] + gMem * keep;
          gradX[idx] = gSyn;
          gM[i] = gMem * beta * keep;
          gS[i] = gSyn * alpha;
        }
      }
      return new Tensor[] {Tensor.fromArray(gradX, shape),
          ctx.needsInputGrad(1) ? Tensor.fromArray(gM, stepShape) : null,
          ctx.needsInputGrad(2) ? Tensor.fromArray(gS, stepShape) : null};
    }
  }
}
