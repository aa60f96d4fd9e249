package org.neurospark.events.transform;

import org.neurospark.events.EventBatch;

/**
 * tonic {@code Downsample(time_factor, spatial_factor)}: {@code x' = ⌊x · fx⌋}, {@code y' = ⌊y · fy⌋},
 * {@code t' = ⌊t · ft⌋} (µs). Events are neither merged nor dropped, so several events can land on one pixel at one
 * time. The output sensor is {@code ⌈width · fx⌉ x ⌈height · fy⌉}.
 */
public final class Downsample implements EventTransform {
  private final double fx;
  private final double fy;
  private final double ft;
  private int[] lutX = new int[0];
  private int[] lutY = new int[0];

  /**
   * @param fx spatial factor for x, in (0, 1]
   * @param fy spatial factor for y
   * @param ft time factor (1 keeps µs)
   */
  public Downsample(double fx, double fy, double ft) {
    if (!(fx > 0) || !(fy > 0) || !(ft > 0) || Double.isInfinite(fx) || Double.isInfinite(fy)
        || Double.isInfinite(ft)) {
      throw new IllegalArgumentException("downsample factors must be finite and > 0: " + fx + ", " + fy + ", " + ft);
    }
    if (fx > 1 || fy > 1) {
      throw new IllegalArgumentException("downsample spatial factors must be in (0, 1] (downsampling never enlarges"
          + " the sensor): " + fx + ", " + fy);
    }
    this.fx = fx;
    this.fy = fy;
    this.ft = ft;
  }

  @Override
  public void apply(EventBatch b) {
    int n = b.size();
    int[] x = b.x();
    int[] y = b.y();
    if (fx != 1.0) {
      lutX = scale(x, n, fx, lutX);
    }
    if (fy != 1.0) {
      lutY = scale(y, n, fy, lutY);
    }
    if (ft != 1.0) {
      long[] t = b.t();
      for (int i = 0; i < n; i++) {
        double v = Math.floor(t[i] * ft);
        if (!(v >= -0x1p63 && v < 0x1p63)) {
          throw new IllegalArgumentException("downsample: t = " + t[i] + " µs times the time factor " + ft
              + " leaves the 64-bit µs range");
        }
        t[i] = (long) v;
      }
    }
  }

  /** {@code v[i] = ⌊v[i] · f⌋} through a lookup table grown to the largest coordinate seen; returns the table. */
  private static int[] scale(int[] v, int n, double f, int[] lut) {
    int max = -1;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, v[i]);
    }
    if (max >= 1 << 20) { // implausible sensor: no table
      for (int i = 0; i < n; i++) {
        v[i] = (int) Math.floor(v[i] * f);
      }
      return lut;
    }
    if (max >= lut.length) {
      int len = Math.max(max + 1, lut.length * 2);
      lut = new int[len];
      for (int c = 0; c < len; c++) {
        lut[c] = (int) Math.floor(c * f);
      }
    }
    int[] table = lut;
    for (int i = 0; i < n; i++) {
      int c = v[i];
      v[i] = c >= 0 ? table[c] : (int) Math.floor(c * f);
    }
    return lut;
  }

  @Override
  public SensorSize outputSize(SensorSize in) {
    if (!in.known()) {
      return in;
    }
    return new SensorSize((int) Math.ceil(in.width() * fx), (int) Math.ceil(in.height() * fy));
  }

  @Override
  public String toString() {
    return "downsample(" + fx + "," + fy + "," + ft + ")";
  }
}
