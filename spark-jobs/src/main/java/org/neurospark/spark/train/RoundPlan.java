package org.neurospark.spark.train;

import java.io.Serializable;

/**
 * The schedule of a data-parallel run, a pure function of its numbers (so a restarted or resumed stage knows where
 * round r starts): every worker takes the same {@link #stepsPerEpoch} optimizer steps per epoch on its own shard,
 * global step g (counted per worker, from 0) being batch {@code g % stepsPerEpoch} of epoch
 * {@code g / stepsPerEpoch}; round r is steps {@code [r·K, min((r+1)·K, totalSteps))} followed by one averaging.
 * Rounds cross epoch boundaries freely.
 *
 * @param syncEvery K, local steps between two averagings (≥ 1)
 * @param stepsPerEpoch steps per worker and epoch (≥ 1), see {@link #stepsPerEpoch(long[], int)}
 * @param epochs epochs to train (≥ 1)
 * @param maxRounds stop after this many rounds (≤ 0: no limit)
 */
public record RoundPlan(int syncEvery, int stepsPerEpoch, int epochs, int maxRounds) implements Serializable {
  private static final long serialVersionUID = 1L;

  public RoundPlan {
    if (syncEvery < 1 || stepsPerEpoch < 1 || epochs < 1) {
      throw new IllegalArgumentException("a round plan needs K, steps per epoch and epochs >= 1, got " + syncEvery
          + ", " + stepsPerEpoch + ", " + epochs);
    }
  }

  /**
   * Steps per epoch for shards of these sizes: {@code ceil(min(sizes) / batch)}, so every worker has a (possibly
   * partial) batch at every step; a worker whose shard is larger skips its last {@code size − stepsPerEpoch·batch}
   * samples of each (reshuffled) epoch when that is positive, at most {@code batch − 1} samples with balanced shards.
   *
   * @throws IllegalArgumentException when a shard is empty
   */
  public static int stepsPerEpoch(long[] shardSizes, int batch) {
    if (shardSizes.length == 0 || batch < 1) {
      throw new IllegalArgumentException("need at least one shard and batch >= 1");
    }
    long min = Long.MAX_VALUE;
    for (int r = 0; r < shardSizes.length; r++) {
      if (shardSizes[r] < 1) {
        throw new IllegalArgumentException("the shard of worker " + r + " is empty: fewer training samples than "
            + "workers");
      }
      min = Math.min(min, shardSizes[r]);
    }
    return Math.toIntExact((min + batch - 1) / batch);
  }

  /** Steps per worker over the whole run: {@code epochs · stepsPerEpoch}, cut at {@code maxRounds · K}. */
  public long totalSteps() {
    long t = (long) epochs * stepsPerEpoch;
    return maxRounds > 0 ? Math.min(t, (long) maxRounds * syncEvery) : t;
  }

  /** Number of rounds of the run. */
  public int rounds() {
    return Math.toIntExact((totalSteps() + syncEvery - 1) / syncEvery);
  }

  /** First global step of round {@code r}. */
  public long firstStep(int r) {
    return (long) r * syncEvery;
  }

  /** Steps in round {@code r} (K, fewer for the last round). */
  public int steps(int r) {
    return (int) Math.min(syncEvery, totalSteps() - firstStep(r));
  }

  /** Epoch of global step {@code g}. */
  public int epochOf(long g) {
    return (int) (g / stepsPerEpoch);
  }

  /** Batch within its epoch of global step {@code g}. */
  public int batchOf(long g) {
    return (int) (g % stepsPerEpoch);
  }
}
