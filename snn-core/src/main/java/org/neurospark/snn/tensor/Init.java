package org.neurospark.snn.tensor;

/**
 * Random and constant initialisation with PyTorch's default formulas. The in-place initialisers fill a tensor
 * (any tensor, also a parameter that requires grad: they write without recording and bump its version).
 */
public final class Init {
  private Init() {}

  /** Draws the values on the host, in row-major order, and uploads them into t on t's backend. */
  private static Tensor fillWith(Tensor t, java.util.function.DoubleSupplier s) {
    int n = t.numel();
    Tensor c;
    if (t.dtype() == DType.FLOAT32) {
      float[] d = new float[n];
      for (int i = 0; i < n; i++) {
        d[i] = (float) s.getAsDouble();
      }
      c = Tensor.fromArray(t.backend(), d, t.shape());
    } else {
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = s.getAsDouble();
      }
      c = Tensor.fromArray(t.backend(), d, t.shape());
    }
    t.backend().copy(c, t);
    t.storage().bumpVersion();
    return t;
  }

  /** Fills with U(lo, hi). */
  public static Tensor uniform_(Tensor t, double lo, double hi, Rng rng) {
    return fillWith(t, () -> lo + (hi - lo) * rng.nextDouble());
  }

  /** Fills with N(mean, std²). */
  public static Tensor normal_(Tensor t, double mean, double std, Rng rng) {
    return fillWith(t, () -> mean + std * rng.nextGaussian());
  }

  /** Fills with a constant. */
  public static Tensor constant_(Tensor t, double value) {
    t.backend().fill(t, value);
    t.storage().bumpVersion();
    return t;
  }

  /** fan_in of a weight: size(1) × receptive field ({@code [out, in, *k]}); size(0)... for 1-D. */
  public static int fanIn(Tensor w) {
    if (w.dim() < 2) {
      throw new IllegalArgumentException("fan in needs a weight with at least 2 dims");
    }
    int rf = 1;
    for (int i = 2; i < w.dim(); i++) {
      rf *= w.size(i);
    }
    return w.size(1) * rf;
  }

  /** fan_out of a weight: size(0) × receptive field. */
  public static int fanOut(Tensor w) {
    int rf = 1;
    for (int i = 2; i < w.dim(); i++) {
      rf *= w.size(i);
    }
    return w.size(0) * rf;
  }

  /** Kaiming-uniform (fan_in, leaky_relu with slope a): bound = sqrt(2 / (1 + a²)) · sqrt(3 / fan_in). */
  public static Tensor kaimingUniform_(Tensor w, double a, Rng rng) {
    double bound = Math.sqrt(2.0 / (1 + a * a)) * Math.sqrt(3.0 / fanIn(w));
    return uniform_(w, -bound, bound, rng);
  }

  /** Kaiming-normal (fan_in, leaky_relu with slope a): std = sqrt(2 / (1 + a²)) / sqrt(fan_in). */
  public static Tensor kaimingNormal_(Tensor w, double a, Rng rng) {
    double std = Math.sqrt(2.0 / (1 + a * a)) / Math.sqrt(fanIn(w));
    return normal_(w, 0, std, rng);
  }

  /** Xavier/Glorot-uniform: bound = gain · sqrt(6 / (fan_in + fan_out)). */
  public static Tensor xavierUniform_(Tensor w, double gain, Rng rng) {
    double bound = gain * Math.sqrt(6.0 / (fanIn(w) + fanOut(w)));
    return uniform_(w, -bound, bound, rng);
  }

  /**
   * PyTorch's default {@code reset_parameters} of Linear and ConvNd: weight kaiming-uniform with a = √5 (bound
   * 1/√fan_in), bias (may be null) U(−1/√fan_in, 1/√fan_in).
   */
  public static void torchDefault_(Tensor weight, Tensor bias, Rng rng) {
    kaimingUniform_(weight, Math.sqrt(5), rng);
    if (bias != null) {
      double b = 1 / Math.sqrt(fanIn(weight));
      uniform_(bias, -b, b, rng);
    }
  }

  /** A new float32 tensor of U(0, 1). */
  public static Tensor rand(Rng rng, int... shape) {
    return uniform_(Tensor.zeros(shape), 0, 1, rng);
  }

  /** A new float32 tensor of N(0, 1). */
  public static Tensor randn(Rng rng, int... shape) {
    return normal_(Tensor.zeros(shape), 0, 1, rng);
  }

  /** A new tensor of the dtype with N(0, 1). */
  public static Tensor randn(Rng rng, DType dtype, int... shape) {
    return normal_(Tensor.zeros(dtype, shape), 0, 1, rng);
  }

  /**
   * A dropout mask: each element 0 with probability p, else 1/(1−p) (PyTorch's inverted dropout), p in [0, 1).
   */
  public static Tensor dropoutMask(Rng rng, double p, DType dtype, int... shape) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    double keep = 1 / (1 - p);
    return fillWith(Tensor.zeros(dtype, shape), () -> rng.nextDouble() < p ? 0 : keep);
  }
}
