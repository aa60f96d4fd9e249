package org.neurospark.events.transform;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * tonic {@code UniformNoise(sensor_size, n)}, streaming: adds noise events uniform over the sensor
 * ({@code x ∈ [0, W)}, {@code y ∈ [0, H)}, {@code p ∈ {0, 1}}) and over time, then re-sorts the batch by time (as
 * tonic sorts the sample). tonic adds a fixed {@code n} per sample spread over {@code [t_min, t_max]}; a stream
 * does not know the sample's span, so the amount is a rate: each batch gets a Poisson number of noise events with
 * mean {@code rate · Δt}, spread over {@code [previous batch's last t, this batch's last t]} (the first batch: its
 * own span). tonic's {@code n} corresponds to {@code rate = n / duration}. The noise is sorted on its own and
 * merged into a time-ordered batch in one pass (an unordered batch is re-sorted whole).
 */
public final class UniformNoise implements EventTransform {
  /** Most noise events one batch may receive (bounds memory). */
  public static final int MAX_PER_BATCH = 1 << 24;

  private final SensorSize sensor;
  private final double ratePerUs;
  private final SplittableRandom random;
  private final EventSort sorter = new EventSort();
  private final EventBatch noise = new EventBatch(1024);
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
    double mean = ratePerUs * (hi - lo);
    if (mean > MAX_PER_BATCH) {
      throw new IllegalArgumentException("uniform noise: " + (long) mean + " noise events expected between t = " + lo
          + " and " + hi + " µs exceeds " + MAX_PER_BATCH + " per batch; lower the rate (" + ratePerUs * 1e6
          + " events/s) or split the recording");
    }
    int add = poisson(mean);
    if (add == 0) {
      return;
    }
    noise.clear();
    noise.ensureCapacity(add);
    long[] nt = noise.t();
    int[] nx = noise.x();
    int[] ny = noise.y();
    byte[] np = noise.p();
    int w = sensor.width();
    int h = sensor.height();
    long span = hi - lo;
    SplittableRandom r = random;
    for (int i = 0; i < add; i++) {
      nt[i] = lo + r.nextLong(span);
      nx[i] = r.nextInt(w);
      ny[i] = r.nextInt(h);
      np[i] = (byte) r.nextInt(2);
    }
    noise.setSize(add);
    boolean sorted = EventSort.isSorted(t, n);
    if (sorted) {
      sorter.sortByTime(noise);
    }
    b.ensureCapacity(n + add);
    t = b.t();
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    if (!sorted) {
      System.arraycopy(nt, 0, t, n, add);
      System.arraycopy(nx, 0, x, n, add);
      System.arraycopy(ny, 0, y, n, add);
      System.arraycopy(np, 0, p, n, add);
      b.setSize(n + add);
      sorter.sortByTime(b);
      return;
    }
    // merge from the back: on equal times the recording's event stays first
    int i = n - 1;
    int j = add - 1;
    for (int k = n + add - 1; j >= 0; k--) {
      if (i >= 0 && t[i] > nt[j]) {
        InPlace.move(t, x, y, p, i, k);
        i--;
      } else {
        InPlace.put(t, x, y, p, k, nt[j], nx[j], ny[j], np[j]);
        j--;
      }
    }
    b.setSize(n + add);
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
