package org.neurospark.events.transform;

import org.neurospark.events.EventBatch;

/**
 * tonic {@code RefractoryPeriod(delta)}: an event is kept when {@code t − last(x, y) > delta}, where
 * {@code last(x, y)} is the timestamp of the previous event at that pixel, <em>kept or not</em> (so a pixel firing
 * faster than {@code delta} stays silent). Every pixel starts with {@code last = −delta}, so, as in tonic, events at
 * {@code t ≤ 0} are dropped. Both polarities share the pixel's memory. State carries across batches until
 * {@link #reset()}. Expects time-ordered input.
 */
public final class RefractoryPeriod implements EventTransform {
  private final long delta;
  private final PixelMemory last;

  /**
   * @param sensor sensor size (or {@link SensorSize#UNKNOWN}: the memory grows to the coordinates seen)
   * @param deltaUs refractory period in µs, ≥ 0
   */
  public RefractoryPeriod(SensorSize sensor, long deltaUs) {
    if (deltaUs < 0) {
      throw new IllegalArgumentException("refractory period must be >= 0 µs: " + deltaUs);
    }
    this.delta = deltaUs;
    this.last = new PixelMemory(sensor, -deltaUs);
  }

  @Override
  public void reset() {
    last.reset();
  }

  @Override
  public void apply(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    last.cover(x, y, n, "refractory");
    long[] mem = last.cells;
    int w = last.stride;
    long d = delta;
    int k = 0;
    for (int i = 0; i < n; i++) {
      int idx = y[i] * w + x[i];
      long ti = t[i];
      boolean keep = ti - mem[idx] > d;
      mem[idx] = ti;
      if (keep) {
        InPlace.put(t, x, y, p, k, ti, x[i], y[i], p[i]);
        k++;
      }
    }
    b.setSize(k);
  }

  @Override
  public String toString() {
    return "refractory(" + delta + ")";
  }
}
