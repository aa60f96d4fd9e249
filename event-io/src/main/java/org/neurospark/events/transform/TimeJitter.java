package org.neurospark.events.transform;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * tonic {@code TimeJitter(std, clip_negative, sort_timestamps)}: {@code t' = round(t + N(0, std²))} (µs, rounded to
 * the nearest integer since timestamps are integers here). {@code clipNegative} drops events whose new time is
 * negative. Jitter breaks time order: with {@code sort} the batch is re-sorted (stably) by time — within the batch
 * only, so events near batch boundaries may still be out of order by up to a few {@code std}; a sample held in one
 * batch is sorted exactly like tonic's.
 */
public final class TimeJitter implements EventTransform {
  private final double std;
  private final boolean clipNegative;
  private final boolean sort;
  private final SplittableRandom random;
  private final EventSort sorter = new EventSort();

  public TimeJitter(double stdUs, boolean clipNegative, boolean sort, long seed) {
    if (!(stdUs >= 0) || Double.isInfinite(stdUs)) {
      throw new IllegalArgumentException("time jitter std must be finite and >= 0: " + stdUs);
    }
    this.std = stdUs;
    this.clipNegative = clipNegative;
    this.sort = sort;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public void apply(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    SplittableRandom r = random;
    for (int i = 0; i < n; i++) {
      t[i] = Math.round(t[i] + r.nextGaussian() * std);
    }
    if (clipNegative) {
      int[] x = b.x();
      int[] y = b.y();
      byte[] p = b.p();
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (t[i] >= 0) {
          InPlace.move(t, x, y, p, i, k);
          k++;
        }
      }
      b.setSize(k);
    }
    if (sort) {
      sorter.sortByTime(b);
    }
  }

  @Override
  public boolean mayReorder() {
    return !sort;
  }

  @Override
  public String toString() {
    return "timejitter(" + std + ",clip=" + clipNegative + ",sort=" + sort + ")";
  }
}
