package org.neurospark.snn.encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Philox;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * Input encoders of SpikingJelly's {@code activation_based.encoding} (plus direct encoding), on float32 tensors.
 * Multi-step outputs are {@code [T, *x.shape]}, spikes in {0, 1}.
 */
public final class Encoders {
  private Encoders() {}

  private static float[] unitValues(String who, Tensor x, double hi) {
    float[] v = x.to(DType.FLOAT32).toFloatArray();
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] >= 0 && v[i] <= hi)) {
        throw new IllegalArgumentException(who + " needs inputs in [0, " + hi + "]; element " + i + " is " + v[i]);
      }
    }
    return v;
  }

  private static int[] withT(int t, int[] shape) {
    int[] s = new int[shape.length + 1];
    s[0] = t;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }

  /**
   * {@code PoissonEncoder}: one step {@code spike = (rand ≤ x)} with x in [0, 1], drawn on x's backend from the
   * counter-based {@link Philox} stream of a key taken from {@code rng} (a fresh stream per call), so the same seed
   * gives the same spikes on every backend and the host never reads x on a device. On the CPU x outside [0, 1] is
   * refused; on a device it follows SpikingJelly (above 1 always spikes, below 0 never).
   */
  public static Tensor poisson(Tensor x, Rng rng) {
    return bernoulli("PoissonEncoder", x.to(DType.FLOAT32), rng.nextLong());
  }

  /** T independent Poisson steps stacked: {@code [T, *x.shape]} (one Philox stream, step k at offset k·numel). */
  public static Tensor poissonSeq(Tensor x, int t, Rng rng) {
    Tensor x32 = x.to(DType.FLOAT32);
    int[] shape = withT(t, x32.shape());
    Tensor probs = x32.unsqueeze(0).expand(shape);
    return bernoulli("PoissonEncoder", probs, rng.nextLong());
  }

  private static Tensor bernoulli(String who, Tensor probs, long key) {
    if (probs.backend() instanceof CpuBackend) {
      unitValues(who, probs, 1);
    }
    Tensor out = Tensor.zeros(probs.backend(), DType.FLOAT32, probs.shape());
    probs.backend().bernoulli(key, 0, probs, out);
    return out;
  }

  /**
   * {@code LatencyEncoder(T, enc_function)}: each x in [0, 1] fires once at {@code t_f = round((T−1)(1−x))}
   * (linear) or {@code round((T−1) − ln(αx + 1))}, {@code α = e^(T−1) − 1} (log); larger x fires earlier.
   * Rounding is half-to-even like torch.round. Computed in float64 on x's backend (no host round trip); on the CPU
   * x outside [0, 1] is refused, on a device t_f is clamped to [0, T − 1].
   */
  public static Tensor latency(Tensor x, int t, boolean log) {
    if (t < 1 || (log && t < 2)) {
      throw new IllegalArgumentException("LatencyEncoder needs T >= 1 (T >= 2 for log), got " + t);
    }
    if (x.backend() instanceof CpuBackend) {
      unitValues("LatencyEncoder", x, 1);
    }
    Tensor v = x.detach().to(DType.FLOAT64);
    double alpha = Math.exp(t - 1) - 1;
    Tensor tf = log ? v.mul(alpha).add(1).log().rsub(t - 1) : v.rsub(1).mul(t - 1);
    // clamped first (the bounds are integers, so clamping commutes with rounding), then rounded half to even by
    // adding and subtracting 2^52 (exact for 0 <= t_f < 2^52 in round-to-nearest-even arithmetic)
    Tensor k = tf.clamp(0, t - 1).add(0x1p52).sub(0x1p52);
    List<Tensor> steps = new ArrayList<>(t);
    for (int step = 0; step < t; step++) {
      steps.add(k.eq(step).to(DType.FLOAT32));
    }
    return Tensor.stack(steps, 0);
  }

  /**
   * {@code WeightedPhaseEncoder(K)}: binary expansion with weights 2^-1 .. 2^-K of x in [0, 1 − 2^-K]; step k emits
   * {@code x ≥ w_k}, then {@code x −= w_k·s}. Output {@code [K, *x.shape]}, computed in float32 on x's backend (on
   * the CPU x outside the range is refused).
   */
  public static Tensor weightedPhase(Tensor x, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("WeightedPhaseEncoder needs K >= 1");
    }
    if (x.backend() instanceof CpuBackend) {
      unitValues("WeightedPhaseEncoder", x, 1 - Math.pow(2, -k));
    }
    Tensor r = x.detach().to(DType.FLOAT32);
    List<Tensor> steps = new ArrayList<>(k);
    float w = 0.5f;
    for (int step = 0; step < k; step++) {
      Tensor sp = r.ge(w);
      steps.add(sp);
      r = r.sub(sp.mul(w));
      w /= 2;
    }
    return Tensor.stack(steps, 0);
  }

  /**
   * Direct (analog) encoding: the input repeated T times, with the values of
   * {@code x.unsqueeze(0).repeat(T, ...)} but as a T-broadcast view {@code x.unsqueeze(0).expand(T, ...)} of float32
   * x: stride 0 along dim 0, every step the same memory, no copy. Time-invariant layers in step mode 'm' (Conv2d,
   * BatchNorm, ...; {@link org.neurospark.snn.nn.Module#isTimeBroadcast}) then compute once instead of T times;
   * anything else reads it like any strided tensor. The view shares x's storage (float32 x): do not modify x while
   * the result is in use. If x requires grad, its gradient is the sum over T of the steps' gradients.
   */
  public static Tensor direct(Tensor x, int t) {
    if (t < 1) {
      throw new IllegalArgumentException("T must be >= 1");
    }
    return x.to(DType.FLOAT32).unsqueeze(0).expand(withT(t, x.shape()));
  }

  /** Parses an encoder name for image inputs: "direct", "poisson", "latency", "latency-log". */
  public static String checkName(String name) {
    if (!Arrays.asList("direct", "poisson", "latency", "latency-log").contains(name)) {
      throw new IllegalArgumentException("unknown encoder '" + name + "' (direct, poisson, latency, latency-log)");
    }
    return name;
  }

  /** Encodes by name (see {@link #checkName}). */
  public static Tensor encode(String name, Tensor x, int t, Rng rng) {
    switch (name) {
      case "direct":
        return direct(x, t);
      case "poisson":
        return poissonSeq(x, t, rng);
      case "latency":
        return latency(x, t, false);
      case "latency-log":
        return latency(x, t, true);
      default:
        throw new IllegalArgumentException("unknown encoder '" + name + "'");
    }
  }
}
