package org.neurospark.events.transform;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * tonic {@code DropEventByTime(duration_ratio)}: drops the events with {@code start ≤ t ≤ start + length} (both ends
 * inclusive, as tonic). Either a fixed window, or tonic's random one: {@code length = ratio · tEnd} and
 * {@code start} uniform in {@code [0, tEnd − length)}, where tonic takes {@code tEnd} = the sample's largest timestamp;
 * a stream does not know it in advance, so it is a parameter here (e.g. 300 000 µs for N-MNIST). The random window
 * is redrawn per sample.
 */
public final class DropByTime implements EventTransform {
  private final SplittableRandom random;
  private final double ratio;
  private final long tEnd;
  private double start;
  private double end;

  private DropByTime(double start, double end, double ratio, long tEnd, SplittableRandom random) {
    this.start = start;
    this.end = end;
    this.ratio = ratio;
    this.tEnd = tEnd;
    this.random = random;
    draw();
  }

  /** Drops events with {@code startUs ≤ t ≤ endUs}. */
  public static DropByTime window(long startUs, long endUs) {
    if (endUs < startUs) {
      throw new IllegalArgumentException("drop window ends before it starts: " + startUs + ".." + endUs);
    }
    return new DropByTime(startUs, endUs, 0, 0, null);
  }

  /**
   * tonic's random window.
   *
   * @param ratio length as a fraction of {@code tEndUs}, in [0, 1)
   * @param tEndUs the samples' last timestamp (µs)
   */
  public static DropByTime random(double ratio, long tEndUs, long seed) {
    if (!(ratio >= 0 && ratio < 1) || tEndUs <= 0) {
      throw new IllegalArgumentException("drop-by-time needs ratio in [0, 1) and t_end > 0: " + ratio + ", " + tEndUs);
    }
    return new DropByTime(0, 0, ratio, tEndUs, new SplittableRandom(seed));
  }

  private void draw() {
    if (random != null) {
      double len = tEnd * ratio;
      start = random.nextDouble() * (tEnd - len);
      end = start + len;
    }
  }

  /** Start of the current dropped window (µs). */
  public double start() {
    return start;
  }

  /** End (inclusive) of the current dropped window (µs). */
  public double end() {
    return end;
  }

  @Override
  public void reset() {
    draw();
  }

  @Override
  public void apply(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    double s = start;
    double e = end;
    int k = 0;
    for (int i = 0; i < n; i++) {
      long ti = t[i];
      if (ti < s || ti > e) {
        InPlace.put(t, x, y, p, k, ti, x[i], y[i], p[i]);
        k++;
      }
    }
    b.setSize(k);
  }

  @Override
  public String toString() {
    return random == null ? "droptime(" + (long) start + "," + (long) end + ")"
        : "droptimeratio(" + ratio + "," + tEnd + ")";
  }
}
