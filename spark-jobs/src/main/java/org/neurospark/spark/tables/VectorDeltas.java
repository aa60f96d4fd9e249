package org.neurospark.spark.tables;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DeltaLongEncoder}'s per-block arithmetic on the JDK Vector API (incubator module
 * {@code jdk.incubator.vector}): a block's deltas and their minimum, and a miniblock's OR of (delta − minimum), a
 * vector of int64 lanes at a time. Integer arithmetic, so the results are those of the scalar loops, which run when
 * the module is absent. Only loaded when {@link org.neurospark.events.io.VectorSupport#enabled()}.
 */
final class VectorDeltas {
  /**
   * The preferred species, at most 256 bits: at 512 bits every load of {@code v[i − 1]} splits a cache line, and the
   * encoder measured 1.8 against 2.0-2.2 ns per value on AVX-512 (Zen 4).
   */
  private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED.vectorBitSize() > 256
      ? LongVector.SPECIES_256 : LongVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorDeltas() {}

  /**
   * {@code d[i] = v[start + i] − v[start + i − 1]} for {@code i < k} ({@code start ≥ 1}); returns their minimum. The
   * minimum is a compare and a blend per vector (a 64-bit lane minimum is AVX-512 only); {@code lanes} is scratch
   * of at least {@link #lanes()} values.
   */
  static long deltas(long[] v, int start, int k, long[] d, long[] lanes) {
    int i = 0;
    long min = Long.MAX_VALUE;
    if (k >= L) {
      LongVector m = LongVector.broadcast(S, Long.MAX_VALUE);
      for (; i <= k - L; i += L) {
        LongVector x = LongVector.fromArray(S, v, start + i).sub(LongVector.fromArray(S, v, start + i - 1));
        x.intoArray(d, i);
        m = m.blend(x, x.compare(VectorOperators.LT, m));
      }
      // the lanes' minimum in scalar code: a 64-bit lane-minimum reduction is AVX-512 only as well
      m.intoArray(lanes, 0);
      for (int j = 0; j < L; j++) {
        if (lanes[j] < min) {
          min = lanes[j];
        }
      }
    }
    for (; i < k; i++) {
      long x = v[start + i] - v[start + i - 1];
      d[i] = x;
      if (x < min) {
        min = x;
      }
    }
    return min;
  }

  /** The lane count: the size {@link #deltas} needs for its scratch. */
  static int lanes() {
    return L;
  }

  /** The OR of {@code d[from + i] − min} for {@code i < n} ({@code n} a multiple of the lane count). */
  static long orMinus(long[] d, int from, int n, long min) {
    LongVector or = LongVector.zero(S);
    for (int i = 0; i < n; i += L) {
      or = or.or(LongVector.fromArray(S, d, from + i).sub(min));
    }
    return or.reduceLanes(VectorOperators.OR);
  }
}
