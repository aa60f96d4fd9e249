package org.neurospark.events.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * SpikingJelly's {@code split_to_train_test_set(train_ratio, dataset, num_classes, random_split)} for datasets
 * without an official split (CIFAR10-DVS, N-Caltech101, ASL-DVS): per class, the first {@code ⌈n · ratio⌉} samples
 * in dataset order go to train and the rest to test; with a seed the class's samples are shuffled first
 * ({@code java.util.Random(seed)}, one shuffle per class in label order — reproducible here, but not numpy's
 * sequence).
 */
public final class TrainTestSplit {
  private TrainTestSplit() {}

  /**
   * @param samples samples in dataset order
   * @param trainRatio fraction per class for train, in [0, 1]
   * @param seed null for SpikingJelly's deterministic split, else the shuffle seed
   * @return the samples in the same order, each with split TRAIN or TEST
   */
  public static List<Sample> split(List<Sample> samples, double trainRatio, Long seed) {
    if (!(trainRatio >= 0 && trainRatio <= 1)) {
      throw new IllegalArgumentException("train ratio must be in [0, 1]: " + trainRatio);
    }
    TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < samples.size(); i++) {
      byClass.computeIfAbsent(samples.get(i).label(), k -> new ArrayList<>()).add(i);
    }
    Split[] assigned = new Split[samples.size()];
    Random random = seed == null ? null : new Random(seed);
    for (List<Integer> idx : byClass.values()) {
      if (random != null) {
        java.util.Collections.shuffle(idx, random);
      }
      int nTrain = (int) Math.ceil(idx.size() * trainRatio);
      for (int k = 0; k < idx.size(); k++) {
        assigned[idx.get(k)] = k < nTrain ? Split.TRAIN : Split.TEST;
      }
    }
    List<Sample> out = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      out.add(samples.get(i).withSplit(assigned[i]));
    }
    return out;
  }
}
