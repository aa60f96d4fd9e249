package org.neurospark.events.transform;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * tonic {@code CenterCrop} / {@code RandomCrop}: keeps events inside a {@code w x h} box and shifts them so the box
 * starts at (0, 0). Center: offset {@code ⌊(W − w) / 2⌋, ⌊(H − h) / 2⌋}. Random: offset drawn uniformly in
 * {@code [0, W − w] x [0, H − h]} once per sample (at construction and on every {@link #reset()}).
 */
public final class Crop implements EventTransform {
  private final SensorSize sensor;
  private final int w;
  private final int h;
  private final SplittableRandom random;
  private int ox;
  private int oy;

  private Crop(SensorSize sensor, int w, int h, SplittableRandom random) {
    sensor.require("crop");
    if (w <= 0 || h <= 0 || w > sensor.width() || h > sensor.height()) {
      throw new IllegalArgumentException("crop " + w + "x" + h + " does not fit sensor " + sensor);
    }
    this.sensor = sensor;
    this.w = w;
    this.h = h;
    this.random = random;
    draw();
  }

  /** Center crop of {@code w x h} pixels out of {@code sensor}. */
  public static Crop center(SensorSize sensor, int w, int h) {
    return new Crop(sensor, w, h, null);
  }

  /** Random crop of {@code w x h} pixels, offset redrawn per sample from {@code seed}. */
  public static Crop random(SensorSize sensor, int w, int h, long seed) {
    return new Crop(sensor, w, h, new SplittableRandom(seed));
  }

  private void draw() {
    if (random == null) {
      ox = (sensor.width() - w) / 2;
      oy = (sensor.height() - h) / 2;
    } else {
      ox = random.nextInt(sensor.width() - w + 1);
      oy = random.nextInt(sensor.height() - h + 1);
    }
  }

  /** Current x offset (first kept column). */
  public int offsetX() {
    return ox;
  }

  /** Current y offset (first kept row). */
  public int offsetY() {
    return oy;
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
      int xi = x[i] - ox;
      int yi = y[i] - oy;
      if (xi >= 0 && xi < w && yi >= 0 && yi < h) {
        InPlace.put(t, x, y, p, k, t[i], xi, yi, p[i]);
        k++;
      }
    }
    b.setSize(k);
  }

  @Override
  public SensorSize outputSize(SensorSize in) {
    return new SensorSize(w, h);
  }

  @Override
  public String toString() {
    return (random == null ? "crop(" : "randomcrop(") + w + "," + h + ")";
  }
}
