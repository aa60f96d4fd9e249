package org.neurospark.events.simulate;

/**
 * The motion of the image over the sensor: straight saccades between successive vertices, each lasting
 * {@code saccadeUs}, with a raised-cosine speed profile (the image starts and stops at rest, fastest half-way), so a
 * saccade at progress {@code s ∈ [0, 1]} sits at {@code vertex[k] + s · (vertex[k+1] − vertex[k])} with
 * {@code s(τ) = τ − sin(2πτ) / 2π} for the fraction {@code τ} of its duration elapsed.
 *
 * <p>N-MNIST ({@link #nmnist}) made three saccades of about 100 ms along a triangle (Orchard et al. 2015). The
 * directions and lengths here were measured on the shared N-MNIST test samples by cross-correlating event images of
 * successive 25 ms windows: about (+1.3, +4.6) px in the first saccade, (+2, −4.6) in the second, (−4.6, 0) in the
 * third (x right, y down); closed into the triangle (+2, +4.5), (+2, −4.5), (−4, 0). The triangle is centred on the
 * sensor, then moved by (−0.5, +0.5) px, which brings the event centroid of simulated digits onto that of the
 * recorded ones (about (16.5, 16.7) on 34 × 34).
 *
 * @param x image left edge per vertex, sensor pixels (sub-pixel values allowed)
 * @param y image top edge per vertex, sensor pixels
 * @param saccadeUs duration of each saccade, µs
 */
public record SaccadePath(double[] x, double[] y, long saccadeUs) {
  public SaccadePath {
    if (x.length != y.length || x.length < 2) {
      throw new IllegalArgumentException("a path needs at least two vertices with x and y each");
    }
    if (saccadeUs <= 0) {
      throw new IllegalArgumentException("saccade duration must be > 0 µs, got " + saccadeUs);
    }
    x = x.clone();
    y = y.clone();
  }

  /**
   * N-MNIST's three saccades for an image of {@code imageWidth × imageHeight} on a {@code sensorWidth × sensorHeight}
   * sensor (28 × 28 on 34 × 34 for MNIST), centred (then offset by (−0.5, +0.5) px): the image moves by (+2, +4.5), (+2, −4.5), (−4, 0) px in
   * 100 ms each, 300 ms in all.
   */
  public static SaccadePath nmnist(int sensorWidth, int sensorHeight, int imageWidth, int imageHeight) {
    double cx = (sensorWidth - imageWidth) / 2.0 - 0.5;
    double cy = (sensorHeight - imageHeight) / 2.0 + 0.5;
    double[] dx = {-2, 0, 2, -2};
    double[] dy = {-2.25, 2.25, -2.25, -2.25};
    double[] x = new double[4];
    double[] y = new double[4];
    for (int i = 0; i < 4; i++) {
      x[i] = cx + dx[i];
      y[i] = cy + dy[i];
    }
    return new SaccadePath(x, y, 100_000);
  }

  @Override
  public double[] x() {
    return x.clone();
  }

  @Override
  public double[] y() {
    return y.clone();
  }

  /** Number of saccades (vertices − 1). */
  public int saccades() {
    return x.length - 1;
  }

  /** Total duration, µs. */
  public long durationUs() {
    return saccadeUs * saccades();
  }

  /** Saccade progress {@code s ∈ [0, 1]} after the fraction {@code tau ∈ [0, 1]} of its duration. */
  public static double progress(double tau) {
    return tau - StrictMath.sin(2 * StrictMath.PI * tau) / (2 * StrictMath.PI);
  }

  /** Length of saccade {@code k}, pixels. */
  public double length(int k) {
    return StrictMath.hypot(x[k + 1] - x[k], y[k + 1] - y[k]);
  }
}
