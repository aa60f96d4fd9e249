package org.neurospark.snn.tensor;

/**
 * The Philox4x32-10 counter-based generator (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11;
 * the generator of cuRAND and PyTorch's CUDA dropout): a keyed bijection of a 128-bit counter, so element {@code i}
 * of a stream is computable alone, in any order, on any device — every backend draws the same numbers and a resumed
 * run replays them exactly.
 *
 * <p>The streams of this library: a 64-bit {@code key} (the low 32 bits are key word 0, the high 32 bits word 1)
 * and a 64-bit element {@code offset}; element {@code n} of the stream is word {@code n % 4} of the block with
 * counter {@code (lo32(n / 4), hi32(n / 4), 0, 0)}. {@link #uniform(long, long)} maps a word to {@code [0, 1)} with its
 * top 24 bits, exactly representable as float32.
 *
 * <p>Stateless and thread-safe (static functions only).
 */
public final class Philox {
  private static final int M0 = 0xD2511F53;
  private static final int M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;

  private Philox() {}

  /**
   * One Philox4x32-10 block: the four output words for counter {@code c0..c3} and key {@code k0, k1}, written to
   * {@code out[0..3]}.
   */
  public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
    for (int r = 0; r < 10; r++) {
      if (r > 0) {
        k0 += W0;
        k1 += W1;
      }
      long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
      long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
      int hi0 = (int) (p0 >>> 32);
      int lo0 = (int) p0;
      int hi1 = (int) (p1 >>> 32);
      int lo1 = (int) p1;
      c0 = hi1 ^ c1 ^ k0;
      c1 = lo1;
      c2 = hi0 ^ c3 ^ k1;
      c3 = lo0;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
  }

  /** Element {@code n} (an unsigned 64-bit position) of the 32-bit word stream of {@code key}. */
  public static int word(long key, long n) {
    int[] w = new int[4];
    long b = n >>> 2;
    block((int) b, (int) (b >>> 32), 0, 0, (int) key, (int) (key >>> 32), w);
    return w[(int) (n & 3)];
  }

  /** A 32-bit word as a uniform number in [0, 1): its top 24 bits times 2⁻²⁴. */
  public static float toUniform(int word) {
    return (word >>> 8) * 0x1.0p-24f;
  }

  /** Element {@code n} of the uniform [0, 1) stream of {@code key}. */
  public static float uniform(long key, long n) {
    return toUniform(word(key, n));
  }

  /**
   * Fills {@code out[off .. off+len)} with elements {@code start .. start+len)} of the uniform stream of {@code key},
   * one block per four elements.
   */
  public static void uniform(long key, long start, float[] out, int off, int len) {
    int[] w = new int[4];
    int k0 = (int) key;
    int k1 = (int) (key >>> 32);
    long n = start;
    int i = 0;
    while (i < len) {
      long b = n >>> 2;
      block((int) b, (int) (b >>> 32), 0, 0, k0, k1, w);
      for (int j = (int) (n & 3); j < 4 && i < len; j++, i++, n++) {
        out[off + i] = toUniform(w[j]);
      }
    }
  }

  /**
   * A dropout mask from the uniform stream of {@code key}: {@code out[off + i]} is 0 where {@code uniform(key,
   * start + i) < p} and {@code (float) (1 / (1 − p))} elsewhere (the values of {@link Backend#dropoutMask}).
   */
  public static void dropoutMask(long key, long start, double p, float[] out, int off, int len) {
    uniform(key, start, out, off, len);
    float keep = (float) (1 / (1 - p));
    for (int i = off; i < off + len; i++) {
      out[i] = out[i] < p ? 0f : keep;
    }
  }

  /**
   * As {@link #dropoutMask(long, long, double, float[], int, int)} in float64: kept elements are
   * {@code 1 / (1 − p)}.
   */
  public static void dropoutMask(long key, long start, double p, double[] out, int off, int len) {
    float[] u = new float[len];
    uniform(key, start, u, 0, len);
    double keep = 1 / (1 - p);
    for (int i = 0; i < len; i++) {
      out[off + i] = u[i] < p ? 0 : keep;
    }
  }

  /**
   * Bernoulli spikes from the uniform stream of {@code key}: {@code out[off + i]} is 1 where
   * {@code uniform(key, start + i) <= probs[pOff + i]} and 0 elsewhere (SpikingJelly's Poisson encoder,
   * {@code rand_like(x).le(x)}; a probability above 1 always spikes, one below 0 never does).
   */
  public static void bernoulli(long key, long start, float[] probs, int pOff, float[] out, int off, int len) {
    uniform(key, start, out, off, len);
    for (int i = 0; i < len; i++) {
      out[off + i] = out[off + i] <= probs[pOff + i] ? 1f : 0f;
    }
  }
}
