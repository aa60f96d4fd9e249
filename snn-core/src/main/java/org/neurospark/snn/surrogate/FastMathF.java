package org.neurospark.snn.surrogate;

/** Branch-light float32 math for the fp32 kernels' hot loops. Pure functions. */
public final class FastMathF {
  private FastMathF() {}

  /**
   * e^x in float32, within 2 ulp of {@code (float) Math.exp(x)} for x in [−87, 88] (Cody–Waite range reduction
   * x = n·ln2 + r and a degree-6 minimax polynomial for e^r, as in Cephes' expf); 0 below −87, +∞ above 88, NaN
   * for NaN.
   */
  public static float exp(float x) {
    if (!(x >= -87f)) {
      return x != x ? x : 0f;
    }
    if (x > 88f) {
      return Float.POSITIVE_INFINITY;
    }
    int n = Math.round(x * 1.44269504088896341f);
    float r = x - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float y = p * r * r + r + 1f;
    return y * Float.intBitsToFloat((n + 127) << 23);
  }
}
