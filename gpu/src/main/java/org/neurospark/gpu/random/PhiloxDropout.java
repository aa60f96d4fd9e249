package org.neurospark.gpu.random;

/**
 * Dropout masks from a Philox4x32-10 stream, identical on the host (this class) and on the device (the kernel
 * {@code ns_dropout_mask_*} of {@code nn_ops.cu}, through {@code CudaBackend.dropoutMask}): element {@code i} of
 * stream {@code (seed, offset)} draws word {@code i % 4} of the Philox block with counter
 * {@code (j, j >>> 32, offset, offset >>> 32)}, {@code j = i / 4}, key {@code (seed, seed >>> 32)}; the element is
 * kept (value {@code 1/(1−p)}) when its uniform {@link Philox4x32#uniform24} is {@code >= p}, else 0.
 *
 * <p>Note: snn-core's {@code Init.dropoutMask} draws from {@code SplittableRandom}; a training run that must give
 * the same masks on CPU and GPU has to use this stream on both.
 */
public final class PhiloxDropout {
  private PhiloxDropout() {}

  /** The uniform in [0, 1) of element {@code i} of stream (seed, offset). */
  public static float uniform(long seed, long offset, long i) {
    long j = i >>> 2;
    int[] r = Philox4x32.block((int) j, (int) (j >>> 32), (int) offset, (int) (offset >>> 32), (int) seed,
        (int) (seed >>> 32));
    return Philox4x32.uniform24(r[(int) (i & 3)]);
  }

  /** Fills {@code mask[0 .. n)} with 0 or {@code (float) (1 / (1 − p))}; p in [0, 1). */
  public static void mask(long seed, long offset, double p, float[] mask, int n) {
    check(p);
    float pf = (float) p;
    float scale = (float) (1.0 / (1.0 - p));
    for (int i = 0; i < n; i++) {
      mask[i] = uniform(seed, offset, i) >= pf ? scale : 0f;
    }
  }

  static void check(double p) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
  }
}
