package org.neurospark.snn.neuron;

import java.util.ArrayDeque;
import java.util.Deque;
import org.neurospark.snn.neuron.kernels.Parallel;
import org.neurospark.snn.surrogate.SnnTorchATan;
import org.neurospark.snn.surrogate.SurrogateFunction;

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
 * β is clamped to [0, 1] and learnable ({@code parameters().get("beta")}, gradient 0 outside [0, 1]). U starts at
 * 0. Outputs spikes; {@link #mem()} / {@link #memSeq()} give U. Step modes as {@link BaseNode}.
 */
public class Leaky extends MemoryModule implements HasAttributes {
  private final ScalarParameter beta;
  private final float threshold;
  private final SurrogateFunction spikeGrad;
  private final ResetMechanism reset;
  private int threads = Parallel.defaultThreads();
  private float[] mem;
  private float[] memSeq;
  private final Deque<float[][]> tape = new ArrayDeque<>();
  private final Deque<int[]> tapeDims = new ArrayDeque<>();
  private float[] pendingGradMem;

  public Leaky(double beta) {
    this(beta, 1.0, null, ResetMechanism.SUBTRACT);
  }

  /** {@code spikeGrad} null = snnTorch's default {@code atan(alpha=2)}. */
  public Leaky(double beta, double threshold, SurrogateFunction spikeGrad, ResetMechanism reset) {
    this.beta = new ScalarParameter("beta", (float) beta);
    this.threshold = (float) threshold;
    this.spikeGrad = spikeGrad == null ? new SnnTorchATan() : spikeGrad;
    this.reset = reset;
  }

  public ScalarParameter beta() {
    return beta;
  }

  public void setThreads(int threads) {
    this.threads = threads;
  }

  /** Membrane potential U [N] (copy), or null before the first input. */
  public float[] mem() {
    return mem == null ? null : mem.clone();
  }

  /** U after every step of the last multi-step call, [T, N]. */
  public float[] memSeq() {
    return memSeq;
  }

  @Override
  public java.util.Set<String> attributeNames() {
    return java.util.Set.of("mem", "mem_seq");
  }

  @Override
  public float[] attribute(String name) {
    switch (name) {
      case "mem":
        return mem();
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
  public void reset() {
    mem = null;
    memSeq = null;
    tape.clear();
    tapeDims.clear();
    pendingGradMem = null;
  }

  @Override
  public void detach() {
    tape.clear();
    tapeDims.clear();
    pendingGradMem = null;
  }

  @Override
  protected float[] doForward(float[] x, int[] shape) {
    int t = stepMode() == 'm' ? shape[0] : 1;
    int n = x.length / t;
    if (mem != null && mem.length != n) {
      throw new IllegalArgumentException("Leaky: input has " + n + " neurons per step, state has " + mem.length);
    }
    final float b = clampedBeta();
    final float thr = threshold;
    final float[] u0 = mem;
    float[] spk = new float[x.length];
    float[] us = new float[x.length];
    float[] uEnd = new float[n];
    Parallel.forRange(n, threads, t, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        uEnd[i] = u0 == null ? 0f : u0[i];
      }
      for (int step = 0; step < t; step++) {
        int base = step * n;
        for (int i = lo; i < hi; i++) {
          float prev = uEnd[i];
          float r = prev - thr > 0f ? 1f : 0f;
          float u;
          switch (reset) {
            case SUBTRACT:
              u = b * prev + x[base + i] - r * thr;
              break;
            case ZERO:
              u = b * ((1f - r) * prev) + x[base + i];
              break;
            default:
              u = b * prev + x[base + i];
          }
          uEnd[i] = u;
          us[base + i] = u;
          spk[base + i] = spikeGrad.forwardF(u - thr);
        }
      }
      return 0.0;
    });
    mem = uEnd;
    memSeq = stepMode() == 'm' ? us : null;
    if (isTraining()) {
      tape.push(new float[][] {u0, us});
      tapeDims.push(new int[] {t, n});
    }
    return spk;
  }

  @Override
  protected float[] doBackward(float[] gradOutput) {
    return backward(gradOutput, null);
  }

  /** Backward with gradients of both the spikes and U [T, N] (nullable); returns ∂L/∂X, accumulates ∂L/∂β. */
  public float[] backward(float[] gradSpk, float[] gradMemSeq) {
    float[][] rec = tape.poll();
    int[] dims = tapeDims.poll();
    if (rec == null) {
      throw new IllegalStateException("Leaky: no forward call to back-propagate");
    }
    final int t = dims[0];
    final int n = dims[1];
    final float[] u0 = rec[0];
    final float[] us = rec[1];
    final float b = clampedBeta();
    final boolean betaInside = beta.value() >= 0f && beta.value() <= 1f;
    final float thr = threshold;
    final float[] gIn = pendingGradMem;
    float[] gradX = new float[t * n];
    float[] gradU0 = tape.isEmpty() ? null : new float[n];
    double gBeta = Parallel.forRange(n, threads, t, (lo, hi) -> {
      double gb = 0;
      float[] carry = new float[hi - lo];
      for (int i = lo; i < hi; i++) {
        carry[i - lo] = gIn == null ? 0f : gIn[i];
      }
      for (int step = t - 1; step >= 0; step--) {
        int base = step * n;
        for (int i = lo; i < hi; i++) {
          int idx = base + i;
          float u = us[idx];
          float g = carry[i - lo] + (gradSpk == null ? 0f : gradSpk[idx] * spikeGrad.gradF(u - thr))
              + (gradMemSeq == null ? 0f : gradMemSeq[idx]);
          gradX[idx] = g;
          float prev = step > 0 ? us[idx - n] : (u0 == null ? 0f : u0[i]);
          float keep = reset == ResetMechanism.ZERO && prev - thr > 0f ? 0f : 1f;
          gb += g * keep * prev;
          carry[i - lo] = g * b * keep;
        }
      }
      if (gradU0 != null) {
        System.arraycopy(carry, 0, gradU0, lo, hi - lo);
      }
      return gb;
    });
    if (betaInside) {
      beta.accumulateGrad(gBeta);
    }
    pendingGradMem = gradU0;
    return gradX;
  }
}
