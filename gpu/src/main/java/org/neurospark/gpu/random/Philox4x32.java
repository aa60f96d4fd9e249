package org.neurospark.gpu.random;

/**
 * Philox4x32-10, the counter-based generator of Salmon et al. ("Parallel random numbers: as easy as 1, 2, 3",
 * SC'11) with Random123's constants: a pure function of a 128-bit counter and a 64-bit key, so element {@code i} of
 * a random stream can be computed on any device independently of the others. This is the host reference of the
 * device function {@code ns_philox4x32_10} in {@code gpu/src/main/cuda/ns_math.cuh}; both yield the same words.
 */
public final class Philox4x32 {
  private static final int M0 = 0xD2511F53;
  private static final int M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;

  private Philox4x32() {}

  /**
   * The 4 output words for counter {@code (c0, c1, c2, c3)} and key {@code (k0, k1)} (all unsigned 32-bit words
   * held in ints), after 10 rounds.
   */
  public static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
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
      int n0 = hi1 ^ c1 ^ k0;
      int n2 = hi0 ^ c3 ^ k1;
      c0 = n0;
      c1 = lo1;
      c2 = n2;
      c3 = lo0;
    }
    return new int[] {c0, c1, c2, c3};
  }

  /** A float in [0, 1) from the top 24 bits of a word: {@code (w >>> 8) · 2^-24} (exact). */
  public static float uniform24(int word) {
    return (word >>> 8) * 0x1.0p-24f;
  }
}
