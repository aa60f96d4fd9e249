package org.neurospark.snn.tensor;

import java.util.SplittableRandom;

/** A seeded random generator for initialisation, dropout masks and encoders (deterministic per seed). */
public final class Rng {
  private final SplittableRandom random;
  private double spare;
  private boolean hasSpare;

  /** A generator with a fixed seed. */
  public Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * A 64-bit seed mixed from a run seed and positions (epoch, batch, purpose...), order-sensitive (SplitMix64
   * finaliser per value): how training derives every per-step generator, so that any step can be replayed from its
   * position alone.
   */
  public static long mix(long... v) {
    long h = 0x9E3779B97F4A7C15L;
    for (long x : v) {
      h ^= x + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
      h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
      h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
      h ^= h >>> 31;
    }
    return h;
  }

  /** Uniform in [0, 1). */
  /** The next 64 uniformly distributed bits (e.g. a {@link Philox} key). */
  public long nextLong() {
    return random.nextLong();
  }

  public double nextDouble() {
    return random.nextDouble();
  }

  /** Uniform in [0, 1) as float. */
  public float nextFloat() {
    return (float) ((random.nextLong() >>> 40) * 0x1.0p-24);
  }

  /** Uniform integer in [0, bound). */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Standard normal (Box–Muller, polar form). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = random.nextDouble() * 2 - 1;
      v = random.nextDouble() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  }

  /** An independent generator derived from this one (for parallel work). */
  public Rng split() {
    return new Rng(random.nextLong());
  }
}
