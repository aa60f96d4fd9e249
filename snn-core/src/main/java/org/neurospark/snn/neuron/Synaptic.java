package org.neurospark.snn.neuron;

import java.util.ArrayDeque;
import java.util.Deque;
import org.neurospark.snn.neuron.kernels.Parallel;
import org.neurospark.snn.surrogate.SnnTorchATan;
import org.neurospark.snn.surrogate.SurrogateFunction;

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
 * α, β clamped to [0, 1] (fixed). I and U start at 0. Outputs spikes; {@link #mem()}, {@link #syn()} give the state.
 */
public class Synaptic extends MemoryModule {
  private final float alpha;
  private final float beta;
  private final float threshold;
  private final SurrogateFunction spikeGrad;
  private final ResetMechanism reset;
  private float[] mem;
  private float[] syn;
  private final Deque<float[][]> tape = new ArrayDeque<>();
  private final Deque<int[]> tapeDims = new ArrayDeque<>();
  private float[] pendingGradMem;
  private float[] pendingGradSyn;

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

  /** Membrane potential U [N] (copy), or null before the first input. */
  public float[] mem() {
    return mem == null ? null : mem.clone();
  }

  /** Synaptic current I [N] (copy), or null before the first input. */
  public float[] syn() {
    return syn == null ? null : syn.clone();
  }

  @Override
  public void reset() {
    mem = null;
    syn = null;
    detach();
  }

  @Override
  public void detach() {
    tape.clear();
    tapeDims.clear();
    pendingGradMem = null;
    pendingGradSyn = null;
  }

  @Override
  protected float[] doForward(float[] x, int[] shape) {
    int t = stepMode() == 'm' ? shape[0] : 1;
    int n = x.length / t;
    if (mem != null && mem.length != n) {
      throw new IllegalArgumentException("Synaptic: input has " + n + " neurons per step, state has " + mem.length);
    }
    float[] u0 = mem;
    float[] spk = new float[x.length];
    float[] us = new float[x.length];
    float[] u = new float[n];
    float[] cur = new float[n];
    for (int i = 0; i < n; i++) {
      u[i] = u0 == null ? 0f : u0[i];
      cur[i] = syn == null ? 0f : syn[i];
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
    mem = u;
    syn = cur;
    if (isTraining()) {
      tape.push(new float[][] {u0, us});
      tapeDims.push(new int[] {t, n});
    }
    return spk;
  }

  @Override
  protected float[] doBackward(float[] gradSpk) {
    float[][] rec = tape.poll();
    int[] dims = tapeDims.poll();
    if (rec == null) {
      throw new IllegalStateException("Synaptic: no forward call to back-propagate");
    }
    int t = dims[0];
    int n = dims[1];
    float[] u0 = rec[0];
    float[] us = rec[1];
    float[] gM = new float[n];
    float[] gS = new float[n];
    if (pendingGradMem != null) {
      System.arraycopy(pendingGradMem, 0, gM, 0, n);
      System.arraycopy(pendingGradSyn, 0, gS, 0, n);
    }
    float[] gradX = new float[t * n];
    for (int step = t - 1; step >= 0; step--) {
      int base = step * n;
      for (int i = 0; i < n; i++) {
        int idx = base + i;
        float gMem = gM[i] + gradSpk[idx] * spikeGrad.gradF(us[idx] - threshold);
        float prev = step > 0 ? us[idx - n] : (u0 == null ? 0f : u0[i]);
        float keep = reset == ResetMechanism.ZERO && prev - threshold > 0f ? 0f : 1f;
        float gSyn = gS[i] + gMem * keep;
        gradX[idx] = gSyn;
        gM[i] = gMem * beta * keep;
        gS[i] = gSyn * alpha;
      }
    }
    if (tape.isEmpty()) {
      pendingGradMem = null;
      pendingGradSyn = null;
    } else {
      pendingGradMem = gM;
      pendingGradSyn = gS;
    }
    return gradX;
  }
}
