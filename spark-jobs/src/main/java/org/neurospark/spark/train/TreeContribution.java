package org.neurospark.spark.train;

import java.io.Serializable;
import org.neurospark.spark.train.allreduce.WeightedSum;

/**
 * The {@code treeAggregate} value of {@code --averaging tree}: the sample-weighted sum of the workers' float32 state
 * ({@link WeightedSum}) and the plain float64 sum of their counters and round metrics.
 */
final class TreeContribution implements Serializable {
  private static final long serialVersionUID = 1L;

  final WeightedSum floats = new WeightedSum();
  double[] sums;
  /** Each contributing worker's device ({@link TrainDevice#description()}), by rank. */
  final java.util.TreeMap<Integer, String> devices = new java.util.TreeMap<>();

  /** An empty contribution (the zero value). */
  TreeContribution() {
  }

  /** One worker's contribution. */
  static TreeContribution of(float[] values, double weight, double[] sums) {
    TreeContribution c = new TreeContribution();
    c.floats.add(values, weight);
    c.sums = sums.clone();
    return c;
  }

  /** One worker's contribution, with the device it trained on. */
  static TreeContribution of(float[] values, double weight, double[] sums, int rank, String device) {
    TreeContribution c = of(values, weight, sums);
    c.devices.put(rank, device);
    return c;
  }

  /** Adds {@code o} into this (both seqOp and combOp). */
  TreeContribution merge(TreeContribution o) {
    floats.merge(o.floats);
    devices.putAll(o.devices);
    if (o.sums != null) {
      if (sums == null) {
        sums = o.sums.clone();
      } else {
        if (sums.length != o.sums.length) {
          throw new IllegalArgumentException("sums of " + o.sums.length + " and " + sums.length + " values");
        }
        for (int i = 0; i < sums.length; i++) {
          sums[i] += o.sums[i];
        }
      }
    }
    return this;
  }
}
