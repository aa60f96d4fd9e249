package org.neurospark.events.simulate;

/**
 * Steele, Lea and Flood's SplitMix64 generator, spelled out here (not {@code java.util.SplittableRandom}, whose
 * derived methods such as {@code nextGaussian} changed between JDK releases) so that a seed gives the same numbers on
 * every JVM. Gaussians use Box–Muller with {@link StrictMath}. Not thread-safe.
 */
final class SplitMix64 {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** SplitMix64's output function (a bijective 64-bit mixer). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Standard normal (Box–Muller, one of the pair used). */
  double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1]
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Exponential with mean 1. */
  double nextExponential() {
    return -StrictMath.log(1.0 - nextDouble());
  }
}
