package org.neurospark.events.transform;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * tonic {@code DropEventByArea(area_ratio)}: drops the events inside a box of {@code ⌊W · ratio⌋ x ⌊H · ratio⌋}
 * pixels whose corner is drawn uniformly in {@code [0, W − cutW) x [0, H − cutH)} (numpy {@code randint}'s
 * exclusive upper bound), once per sample.
 */
public final class DropByArea implements EventTransform {
  private final SensorSize sensor;
  private final double ratio;
  private final SplittableRandom random;
  private int x0;
  private int y0;
  private int x1;
  private int y1;

  /** @param ratio box side as a fraction of the sensor side, in [0, 1) */
  public DropByArea(SensorSize sensor, double ratio, long seed) {
    sensor.require("drop-by-area");
    if (!(ratio >= 0 && ratio < 1)) {
      throw new IllegalArgumentException("area ratio must be in [0, 1): " + ratio);
    }
    this.sensor = sensor;
    this.ratio = ratio;
    this.random = new SplittableRandom(seed);
    draw();
  }

  private void draw() {
    int cw = (int) (sensor.width() * ratio);
    int ch = (int) (sensor.height() * ratio);
    x0 = random.nextInt(Math.max(1, sensor.width() - cw));
    y0 = random.nextInt(Math.max(1, sensor.height() - ch));
    x1 = x0 + cw - 1;
    y1 = y0 + ch - 1;
  }

  /** The current box, inclusive: {x0, y0, x1, y1}. */
  public int[] box() {
    return new int[] {x0, y0, x1, y1};
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
    int k = 0;
    for (int i = 0; i < n; i++) {
      int xi = x[i];
      int yi = y[i];
      if (xi < x0 || xi > x1 || yi < y0 || yi > y1) {
        InPlace.put(t, x, y, p, k, t[i], xi, yi, p[i]);
        k++;
      }
    }
    b.setSize(k);
  }

  @Override
  public String toString() {
    return "droparea(" + ratio + ")";
  }
}
