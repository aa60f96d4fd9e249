package org.neurospark.events.transform;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * tonic {@code DropEvent(p)}, streaming: each event is dropped independently with probability {@code prob}. tonic
 * drops exactly {@code round(p · n)} events of a whole sample; this streaming version drops {@code p · n} on
 * average (the difference is one binomial standard deviation, {@code √(n p (1 − p))}).
 */
public final class DropEvents implements EventTransform {
  private final double prob;
  private final SplittableRandom random;

  /** @param prob drop probability in [0, 1] */
  public DropEvents(double prob, long seed) {
    if (!(prob >= 0 && prob <= 1)) {
      throw new IllegalArgumentException("drop probability must be in [0, 1]: " + prob);
    }
    this.prob = prob;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public void apply(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    double q = prob;
    SplittableRandom r = random;
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (r.nextDouble() >= q) {
        InPlace.move(t, x, y, p, i, k);
        k++;
      }
    }
    b.setSize(k);
  }

  @Override
  public String toString() {
    return "drop(" + prob + ")";
  }
}
