package org.neurospark.snn.neuron;

import java.util.Arrays;
import java.util.Set;
import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.neuron.kernels.Parallel;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.surrogate.SnnTorchATan;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.Cpu;

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
    this.threshold = (float) threshold;
    this.spikeGrad = spikeGrad == null ? new SnnTorchATan() : spikeGrad;
    this.reset = reset;
  }

  public ScalarParameter beta() {
    return beta;
  }

  /** Neuron kernels run on host arrays: CPU only until they move behind {@code Backend} (issue 14). */
  @Override
  protected boolean runsOn(org.neurospark.snn.tensor.Backend backend) {
    return backend instanceof org.neurospark.snn.tensor.cpu.CpuBackend;
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

  private float clampedBeta() {
    return Math.min(1f, Math.max(0f, beta.value()));
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

  /** Inputs x [T, N, ...], U[−1] (null = 0), β; outputs spikes and U after every step, [T, N, ...]. */
  private final class LeakyFunction extends Function {
    @Override
    public String name() {
      return "Leaky";
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      int[] shape = in[0].shape();
      int t = shape[0];
      int n = in[0].numel() / t;
      float[] x = in[0].toFloatArray();
      float[] u0 = in[1] == null ? null : in[1].toFloatArray();
      final float b = clampedBeta();
      final float thr = threshold;
      float[] spk = new float[x.length];
      float[] us = new float[x.length];
      Parallel.forRange(n, Cpu.threads(), t, (lo, hi) -> {
        for (int i = lo; i < hi; i++) {
          float prev = u0 == null ? 0f : u0[i];
          for (int step = 0; step < t; step++) {
            int idx = step * n + i;
            float r = prev - thr > 0f ? 1f : 0f;
            float u;
            switch (reset) {
              case SUBTRACT:
                u = b * prev + x[idx] - r * thr;
                break;
              case ZERO:
                u = b * ((1f - r) * prev) + x[idx];
                break;
              default:
                u = b * prev + x[idx];
            }
            us[idx] = u;
            spk[idx] = spikeGrad.forwardF(u - thr);
            prev = u;
          }
        }
        return 0.0;
      });
      ctx.put("u0", u0);
      ctx.put("us", us);
      ctx.put("b", b);
      ctx.put("betaInside", beta.value() >= 0f && beta.value() <= 1f);
      return new Tensor[] {Tensor.fromArray(spk, shape), Tensor.fromArray(us, shape)};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
      final float[] u0 = ctx.get("u0");
      final float[] us = ctx.get("us");
      final float b = ctx.<Float>get("b");
      final float thr = threshold;
      int[] shape = gradOut[0].shape();
      final int t = shape[0];
      final int n = us.length / t;
      final float[] gSpk = gradOut[0].toFloatArray();
      final float[] gMem = gradOut[1].toFloatArray();
      float[] gradX = new float[us.length];
      float[] gradU0 = new float[n];
      double gBeta = Parallel.forRange(n, Cpu.threads(), t, (lo, hi) -> {
        double gb = 0;
        for (int i = lo; i < hi; i++) {
          float carry = 0f;
          for (int step = t - 1; step >= 0; step--) {
            int idx = step * n + i;
            float g = carry + gSpk[idx] * spikeGrad.gradF(us[idx] - thr) + gMem[idx];
            gradX[idx] = g;
            float prev = step > 0 ? us[idx - n] : (u0 == null ? 0f : u0[i]);
            float keep = reset == ResetMechanism.ZERO && prev - thr > 0f ? 0f : 1f;
            gb += g * keep * prev;
            carry = g * b * keep;
          }
          gradU0[i] = carry;
        }
        return gb;
      });
      boolean inside = ctx.<Boolean>get("betaInside");
      Tensor gradBeta = ctx.needsInputGrad(2) ? Tensor.fromArray(new float[] {inside ? (float) gBeta : 0f}, 1)
          : null;
      return new Tensor[] {Tensor.fromArray(gradX, shape),
          ctx.needsInputGrad(1) ? Tensor.fromArray(gradU0, Arrays.copyOfRange(shape, 1, shape.length)) : null,
          gradBeta};
    }
  }
}
