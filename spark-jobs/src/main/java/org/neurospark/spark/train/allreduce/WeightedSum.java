package org.neurospark.spark.train.allreduce;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A partial weighted sum of equally long float32 buffers, {@code (Σ w_i·x_i, Σ w_i, count)}, accumulated in float64:
 * the aggregate of the {@code --averaging tree} fallback, where each worker contributes {@code (x_i, w_i)} and Spark's
 * {@code treeAggregate} combines partial sums in a tree ({@code seqOp = add}, {@code combOp = merge},
 * zero value {@code new WeightedSum()}). {@link #result()} is the weighted mean {@code Σ w_i·x_i / Σ w_i} rounded once
 * to float32.
 *
 * <p>{@link #add} and {@link #merge} are associative and commutative up to float64 rounding: different combination
 * trees can differ by a few float64 ulps, which changes the float32 result only when a value lies within that distance
 * of a float32 rounding boundary (rarely, and then by one float32 ulp). The result is computed once (on the driver)
 * and broadcast, so all workers of a round still receive identical buffers.
 *
 * <p>An empty instance has no length; the first {@link #add} or {@link #merge} fixes it, so the zero value that Spark
 * ships to every partition carries no array. Mutable (the methods update {@code this} and return it, as Spark's
 * aggregation functions may); not thread-safe.
 */
public final class WeightedSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private double[] sum;
  private double weight;
  private long count;

  /** An empty sum: no length yet, weight 0, count 0. */
  public WeightedSum() {
  }

  /** A sum holding one buffer: {@code new WeightedSum().add(values, weight)}. */
  public static WeightedSum of(float[] values, double weight) {
    return new WeightedSum().add(values, weight);
  }

  /**
   * Adds {@code weight · values} (one worker's buffer) to this sum.
   *
   * @param weight finite and {@code >= 0}, typically the number of samples behind {@code values}
   * @return this
   * @throws IllegalArgumentException when the weight is negative or not finite, or the length differs from earlier
   *     buffers
   */
  public WeightedSum add(float[] values, double weight) {
    Objects.requireNonNull(values, "values");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
    }
    double[] s = sumOfLength(values.length);
    for (int i = 0; i < values.length; i++) {
      s[i] += weight * values[i];
    }
    this.weight += weight;
    this.count++;
    return this;
  }

  /**
   * Adds another partial sum to this one ({@code other} is left unchanged).
   *
   * @return this
   * @throws IllegalArgumentException when both have a length and the lengths differ
   */
  public WeightedSum merge(WeightedSum other) {
    Objects.requireNonNull(other, "other");
    if (other.sum != null) {
      double[] s = sumOfLength(other.sum.length);
      double[] o = other.sum;
      for (int i = 0; i < o.length; i++) {
        s[i] += o[i];
      }
    }
    this.weight += other.weight;
    this.count += other.count;
    return this;
  }

  private double[] sumOfLength(int length) {
    if (sum == null) {
      sum = new double[length];
    } else if (sum.length != length) {
      throw new IllegalArgumentException("buffer of " + length + " elements added to a sum of " + sum.length);
    }
    return sum;
  }

  /**
   * The weighted mean {@code Σ w_i·x_i / Σ w_i}, each element rounded once to float32.
   *
   * @throws IllegalStateException when nothing was added or the total weight is 0
   */
  public float[] result() {
    if (sum == null) {
      throw new IllegalStateException("weighted mean of an empty sum (nothing was added)");
    }
    if (!(weight > 0)) {
      throw new IllegalStateException("weighted mean with total weight " + weight + " over " + count + " buffers");
    }
    float[] out = new float[sum.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (sum[i] / weight);
    }
    return out;
  }

  /** Length of the buffers summed, or {@code -1} while empty. */
  public int length() {
    return sum == null ? -1 : sum.length;
  }

  /** {@code Σ w_i}. */
  public double weight() {
    return weight;
  }

  /** Number of buffers added (through {@link #add}, directly or in merged sums). */
  public long count() {
    return count;
  }

  /** A copy of {@code Σ w_i·x_i} in float64, or an empty array while empty. */
  public double[] sum() {
    return sum == null ? new double[0] : sum.clone();
  }

  @Override
  public String toString() {
    return "WeightedSum[length=" + length() + ", weight=" + weight + ", count=" + count + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightedSum w && w.weight == weight && w.count == count && Arrays.equals(w.sum, sum);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(sum) + Double.hashCode(weight)) + Long.hashCode(count);
  }
}
