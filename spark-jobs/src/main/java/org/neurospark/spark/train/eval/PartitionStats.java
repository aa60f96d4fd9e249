package org.neurospark.spark.train.eval;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation sums of one partition (mergeable): confusion counts, Σ loss·samples, samples, and per spiking layer
 * (module path) Σ spikes and neuron-steps.
 */
final class PartitionStats implements Serializable {
  private static final long serialVersionUID = 1L;

  final long[][] confusion;
  double lossSum;
  long samples;
  final Map<String, double[]> spikes = new LinkedHashMap<>();

  PartitionStats(int classes) {
    confusion = new long[classes][classes];
  }

  void addSpikes(String layer, double sum, double count) {
    double[] s = spikes.computeIfAbsent(layer, k -> new double[2]);
    s[0] += sum;
    s[1] += count;
  }

  PartitionStats merge(PartitionStats o) {
    for (int i = 0; i < confusion.length; i++) {
      for (int j = 0; j < confusion.length; j++) {
        confusion[i][j] += o.confusion[i][j];
      }
    }
    lossSum += o.lossSum;
    samples += o.samples;
    o.spikes.forEach((k, v) -> addSpikes(k, v[0], v[1]));
    return this;
  }
}
