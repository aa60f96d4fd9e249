package org.neurospark.spark.train.allreduce;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weighted-mean arithmetic of {@link RingAllReduce}'s first reduce-scatter step on the JDK Vector API
 * (incubator module {@code jdk.incubator.vector}): float32 values straight from the received little-endian bytes,
 * widened to float64, multiplied, added and divided lane by lane, in one pass. Each lane performs exactly the scalar
 * code's operations ({@code w_l·x} and {@code w·b} each rounded to float64, then their sum, then the division, then
 * one rounding to float32; no fused multiply-add), so the results are bit-identical to the scalar path, which is
 * used when the module is absent. Only loaded when {@link RingAllReduce#VECTOR_API}.
 */
final class VectorMean {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
  private static final int LANES = 4;

  private VectorMean() {}

  /**
   * {@code b[start + k] = (float) ((wl·x_k + w·b[start + k]) / total)} for k < n, x_k the float32 at byte
   * {@code pos + 4k} of {@code src} (little-endian).
   */
  static void finish(ByteBuffer src, int pos, double wl, float[] b, int start, double w, double total, int n) {
    int k = 0;
    for (int bound = n - n % LANES; k < bound; k += LANES) {
      DoubleVector x = (DoubleVector) FloatVector.fromByteBuffer(F, src, pos + 4 * k, ByteOrder.LITTLE_ENDIAN)
          .convertShape(VectorOperators.F2D, D, 0);
      DoubleVector y = (DoubleVector) FloatVector.fromArray(F, b, start + k).convertShape(VectorOperators.F2D, D, 0);
      DoubleVector s = x.mul(wl).add(y.mul(w)).div(total);
      ((FloatVector) s.convertShape(VectorOperators.D2F, F, 0)).intoArray(b, start + k);
    }
    for (; k < n; k++) {
      b[start + k] = (float) ((wl * src.getFloat(pos + 4 * k) + w * b[start + k]) / total);
    }
  }

  /** {@code acc[from + k] = wl·x_k + w·b[start + k]} for k < n, x_k as in {@link #finish}. */
  static void combine(ByteBuffer src, int pos, double wl, float[] b, int start, double w, double[] acc, int from,
      int n) {
    int k = 0;
    for (int bound = n - n % LANES; k < bound; k += LANES) {
      DoubleVector x = (DoubleVector) FloatVector.fromByteBuffer(F, src, pos + 4 * k, ByteOrder.LITTLE_ENDIAN)
          .convertShape(VectorOperators.F2D, D, 0);
      DoubleVector y = (DoubleVector) FloatVector.fromArray(F, b, start + k).convertShape(VectorOperators.F2D, D, 0);
      x.mul(wl).add(y.mul(w)).intoArray(acc, from + k);
    }
    for (; k < n; k++) {
      acc[from + k] = wl * src.getFloat(pos + 4 * k) + w * b[start + k];
    }
  }
}
