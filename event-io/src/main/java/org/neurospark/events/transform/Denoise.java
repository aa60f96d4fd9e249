package org.neurospark.events.transform;

import org.neurospark.events.EventBatch;

/**
 * tonic {@code Denoise(filter_time)} (background-activity filter): an event at {@code (x, y, t)} is kept when a
 * neighbouring pixel had an event at {@code t_n} with {@code t − t_n < filterTime} earlier in the stream. tonic
 * looks at the 4 edge neighbours; {@link Neighbourhood#EIGHT} adds the diagonals. The pixel's own history does not
 * count. As in tonic, every pixel starts as if it had fired at {@code t = 0} (memory {@code = filterTime}), so in
 * the first {@code filterTime} µs of a sample every event with an in-sensor neighbour is kept. tonic bounds the
 * neighbourhood by the sample's largest x and y; here the sensor size bounds it (they differ only in that first
 * window). State carries across batches until {@link #reset()}. Expects time-ordered input.
 */
public final class Denoise implements EventTransform {
  /** Which neighbours count. */
  public enum Neighbourhood { FOUR, EIGHT }

  private final long filterTime;
  private final Neighbourhood hood;
  private final PixelMemory until;

  /**
   * @param sensor sensor size (or {@link SensorSize#UNKNOWN}: memory grows to the coordinates seen)
   * @param filterTimeUs time window in µs, > 0
   * @param hood 4 (tonic) or 8 neighbours
   */
  public Denoise(SensorSize sensor, long filterTimeUs, Neighbourhood hood) {
    if (filterTimeUs <= 0) {
      throw new IllegalArgumentException("denoise filter time must be > 0 µs: " + filterTimeUs);
    }
    this.filterTime = filterTimeUs;
    this.hood = hood;
    // a 1-pixel border that is never "active" replaces bounds checks (tonic skips out-of-sensor neighbours)
    this.until = new PixelMemory(sensor, filterTimeUs, 1, Long.MIN_VALUE);
  }

  /** tonic's 4-neighbour filter. */
  public Denoise(SensorSize sensor, long filterTimeUs) {
    this(sensor, filterTimeUs, Neighbourhood.FOUR);
  }

  @Override
  public void reset() {
    until.reset();
  }

  @Override
  public void apply(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    until.cover(x, y, n, "denoise");
    long[] mem = until.cells;
    int w = until.stride;
    int origin = until.index(0, 0);
    long ft = filterTime;
    int k = 0;
    if (hood == Neighbourhood.FOUR) {
      for (int i = 0; i < n; i++) {
        int xi = x[i];
        int yi = y[i];
        long ti = t[i];
        int idx = origin + yi * w + xi;
        mem[idx] = ti + ft;
        if ((mem[idx - 1] > ti) | (mem[idx + 1] > ti) | (mem[idx - w] > ti) | (mem[idx + w] > ti)) {
          InPlace.put(t, x, y, p, k, ti, xi, yi, p[i]);
          k++;
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        int xi = x[i];
        int yi = y[i];
        long ti = t[i];
        int idx = origin + yi * w + xi;
        mem[idx] = ti + ft;
        int up = idx - w;
        int down = idx + w;
        if ((mem[idx - 1] > ti) | (mem[idx + 1] > ti) | (mem[up] > ti) | (mem[down] > ti) | (mem[up - 1] > ti)
            | (mem[up + 1] > ti) | (mem[down - 1] > ti) | (mem[down + 1] > ti)) {
          InPlace.put(t, x, y, p, k, ti, xi, yi, p[i]);
          k++;
        }
      }
    }
    b.setSize(k);
  }

  @Override
  public String toString() {
    return "denoise(" + filterTime + "," + (hood == Neighbourhood.FOUR ? 4 : 8) + ")";
  }
}
