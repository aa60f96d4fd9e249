package org.neurospark.snn.surrogate;

/** Branch-light float32 math for the fp32 kernels' hot loops. Pure functions. */
public final class FastMathF {
  /**
   * True when the Vector API module is present (JVM flag {@code --add-modules jdk.incubator.vector}, set by
   * {@code bin/neurospark} and the tests) and not disabled with {@code -Dneurospark.vector=false}: the block
   * methods of the surrogates ({@link SurrogateFunction#gradF(float[], int, float, float[], int)}) then run on
   * SIMD lanes, bit-identical to the scalar code.
   */
  public static final boolean VECTOR = Boolean.parseBoolean(System.getProperty("neurospark.vector", "true"))
      && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  static final float LOG2E = 1.44269504088896341f;
  /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer (ties to even). */
  static final float SHIFTER = 12582912f;
  static final int SHIFTER_BITS = 0x4B400000;
  static final float LN2_HI = 0.693359375f;
  /** ln 2 = LN2_HI − LN2_LO (Cody–Waite split): x − n·ln2 = x − n·LN2_HI + n·LN2_LO. */
  static final float LN2_LO = 2.12194440e-4f;
  static final float P0 = 1.9875691500e-4f;
  static final float P1 = 1.3981999507e-3f;
  static final float P2 = 8.3334519073e-3f;
  static final float P3 = 4.1665795894e-2f;
  static final float P4 = 1.6666665459e-1f;
  static final float P5 = 5.0000001201e-1f;

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
    // n = nearest integer to x·log2(e) (ties to even) by the shifter: branch-free, unlike Math.round
    float k = x * LOG2E + SHIFTER;
    float nf = k - SHIFTER;
    int n = Float.floatToRawIntBits(k) - SHIFTER_BITS;
    float r = x - nf * LN2_HI + nf * LN2_LO;
    float p = r * P0 + P1;
    p = p * r + P2;
    p = p * r + P3;
    p = p * r + P4;
    p = p * r + P5;
    float y = p * r * r + r + 1f;
    return y * Float.intBitsToFloat((n + 127) << 23);
  }
}
