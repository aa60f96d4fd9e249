package org.neurospark.snn.data;

import java.io.Serializable;
import org.neurospark.snn.tensor.Rng;

/**
 * The order in which an epoch visits the first {@code n} samples of a {@link BatchSource}: a Fisher–Yates shuffle
 * from a generator seeded by {@code Rng.mix(seed, 1, epoch)} (or the identity when not shuffling), then consecutive
 * batches of {@code batchSize} (the last one partial). A pure function of (seed, epoch), so a run resumed at
 * (epoch, batch) reads exactly the batches the uninterrupted run would.
 *
 * @param seed run seed
 * @param n samples per epoch (the first n of the source)
 * @param batchSize samples per batch (≥ 1)
 * @param shuffle false for the identity order (evaluation)
 */
public record EpochOrder(long seed, int n, int batchSize, boolean shuffle) implements Serializable {
  private static final long serialVersionUID = 1L;

  public EpochOrder {
    if (n < 0 || batchSize < 1) {
      throw new IllegalArgumentException("EpochOrder needs n >= 0 and batchSize >= 1, got " + n + ", " + batchSize);
    }
  }

  /** Batches per epoch (the last may be partial). */
  public int batches() {
    return (n + batchSize - 1) / batchSize;
  }

  /** Sample indices of epoch {@code e} in visiting order. */
  public int[] order(int e) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    if (!shuffle) {
      return p;
    }
    Rng rng = new Rng(Rng.mix(seed, 1, e));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** First position in {@link #order} of batch {@code b}. */
  public int batchStart(int b) {
    return b * batchSize;
  }

  /** Samples in batch {@code b} ({@code batchSize}, or fewer for the last). */
  public int batchLength(int b) {
    return Math.min(batchSize, n - b * batchSize);
  }
}
