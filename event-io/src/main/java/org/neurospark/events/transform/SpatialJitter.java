package org.neurospark.events.transform;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * tonic {@code SpatialJitter(sensor_size, var_x, var_y, sigma_xy, clip_outliers)}: each event moves by a sample of
 * {@code N(0, [[var_x, sigma_xy], [sigma_xy, var_y]])} (pixels), rounded to the nearest pixel (coordinates are
 * integers here; tonic keeps floats). Events that leave the sensor are dropped (tonic's {@code clip_outliers=True})
 * or, with {@code clamp}, moved to the nearest edge pixel — tonic's unclipped out-of-sensor floats have no integer
 * equivalent. Time order is unchanged.
 */
public final class SpatialJitter implements EventTransform {
  private final SensorSize sensor;
  private final double a;
  private final double bb;
  private final double c;
  private final boolean clamp;
  private final SplittableRandom random;
  private final String text;

  public SpatialJitter(SensorSize sensor, double varX, double varY, double sigmaXY, boolean clamp, long seed) {
    sensor.require("spatial jitter");
    if (!(varX >= 0) || !(varY >= 0) || Double.isInfinite(varX) || Double.isInfinite(varY) || Double.isNaN(sigmaXY)
        || sigmaXY * sigmaXY > varX * varY) {
      throw new IllegalArgumentException("spatial jitter covariance [[" + varX + ", " + sigmaXY + "], [" + sigmaXY
          + ", " + varY + "]] is not positive semi-definite");
    }
    // Cholesky factor of the covariance: dx = a z1, dy = b z1 + c z2
    this.a = Math.sqrt(varX);
    this.bb = a > 0 ? sigmaXY / a : 0;
    this.c = Math.sqrt(Math.max(0, varY - bb * bb));
    this.sensor = sensor;
    this.clamp = clamp;
    this.random = new SplittableRandom(seed);
    this.text = "spatialjitter(" + varX + "," + varY + "," + sigmaXY + (clamp ? ",clamp=true" : "") + ")";
  }

  @Override
  public void apply(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    int w = sensor.width();
    int h = sensor.height();
    SplittableRandom r = random;
    int k = 0;
    for (int i = 0; i < n; i++) {
      double z1 = r.nextGaussian();
      double z2 = r.nextGaussian();
      int xi = (int) Math.round(x[i] + a * z1);
      int yi = (int) Math.round(y[i] + bb * z1 + c * z2);
      if (clamp) {
        xi = Math.min(w - 1, Math.max(0, xi));
        yi = Math.min(h - 1, Math.max(0, yi));
      } else if (xi < 0 || xi >= w || yi < 0 || yi >= h) {
        continue;
      }
      InPlace.put(t, x, y, p, k, t[i], xi, yi, p[i]);
      k++;
    }
    b.setSize(k);
  }

  @Override
  public String toString() {
    return text;
  }
}
