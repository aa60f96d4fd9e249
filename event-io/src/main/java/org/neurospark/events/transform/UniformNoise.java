package org.neurospark.events.transform;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * tonic {@code UniformNoise(sensor_size, n)}, streaming: adds noise events uniform over the sensor
 * ({@code x ∈ [0, W)}, {@code y ∈ [0, H)}, {@code p ∈ {0, 1}}) and over time, then re-sorts the batch by time (as
 * tonic sorts the sample). tonic adds a fixed {@code n} per sample spread over {@code [t_min, t_max]}; a stream
 * does not know the sample's span, so the amount is a rate: each batch gets a Poisson number of noise events with
 * mean {@code rate · Δt}, spread over {@code [previous batch's last t, this batch's last t]} (the first batch: its
 * own span). tonic's {@code n} corresponds to {@code rate = n / duration}.
 */
public final class UniformNoise implements EventTransform {
  private final SensorSize sensor;
  private final double ratePerUs;
  private final SplittableRandom random;
  private final EventSort sorter = new EventSort();
  private long lastT = Long.MIN_VALUE;

  /** @param ratePerSecond mean noise events per second over the whole sensor */
  public UniformNoise(SensorSize sensor, double ratePerSecond, long seed) {
    sensor.require("uniform noise");
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("noise rate must be finite and >= 0 events/s: " + ratePerSecond);
    }
    this.sensor = sensor;
    this.ratePerUs = ratePerSecond / 1e6;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public void reset() {
    lastT = Long.MIN_VALUE;
  }

  @Override
  public void apply(EventBatch b) {
    int n = b.size();
    if (n == 0) {
      return;
    }
    long[] t = b.t();
    long hi = t[n - 1];
    long lo = lastT == Long.MIN_VALUE ? t[0] : lastT;
    lastT = hi;
    if (hi <= lo) {
      return;
    }
    int add = poisson(ratePerUs * (hi - lo));
    if (add == 0) {
      return;
    }
    b.ensureCapacity(n + add);
    t = b.t();
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    int w = sensor.width();
    int h = sensor.height();
    long span = hi - lo;
    SplittableRandom r = random;
    for (int i = n; i < n + add; i++) {
      t[i] = lo + r.nextLong(span);
      x[i] = r.nextInt(w);
      y[i] = r.nextInt(h);
      p[i] = (byte) r.nextInt(2);
    }
    b.setSize(n + add);
    sorter.sortByTime(b);
  }

  private int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 500) {
      long v = Math.round(mean + Math.sqrt(mean) * random.nextGaussian());
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE - 16, v));
    }
    double limit = Math.exp(-mean);
    double prod = random.nextDouble();
    int k = 0;
    while (prod > limit) {
      prod *= random.nextDouble();
      k++;
    }
    return k;
  }

  @Override
  public String toString() {
    return "noise(" + ratePerUs * 1e6 + ")";
  }
}
