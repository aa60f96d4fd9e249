package org.neurospark.spark.tables;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link EventsFileWriter}'s page statistics of the pixel columns on the JDK Vector API (incubator module
 * {@code jdk.incubator.vector}): the minimum and maximum of an int column, a vector of lanes at a time (32-bit lane
 * minimum and maximum exist at every vector width the JIT uses). Integer arithmetic, so the results are those of the
 * scalar loop, which runs when the module is absent. Only loaded when
 * {@link org.neurospark.events.io.VectorSupport#enabled()}.
 */
final class VectorRanges {
  private static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorRanges() {}

  /**
   * {@code (min << 32) | (max & 0xFFFFFFFF)} of {@code v[0, n)}; for {@code n = 0}, {@code Integer.MAX_VALUE} and
   * {@code Integer.MIN_VALUE}, as the scalar loop gives.
   */
  static long minMax(int[] v, int n) {
    int i = 0;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    if (n >= L) {
      IntVector lo = IntVector.broadcast(S, Integer.MAX_VALUE);
      IntVector hi = IntVector.broadcast(S, Integer.MIN_VALUE);
      for (; i <= n - L; i += L) {
        IntVector x = IntVector.fromArray(S, v, i);
        lo = lo.min(x);
        hi = hi.max(x);
      }
      min = lo.reduceLanes(VectorOperators.MIN);
      max = hi.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      min = Math.min(min, v[i]);
      max = Math.max(max, v[i]);
    }
    return (long) min << 32 | (max & 0xFFFFFFFFL);
  }
}
