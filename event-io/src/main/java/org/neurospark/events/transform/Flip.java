package org.neurospark.events.transform;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * tonic {@code RandomFlipLR} ({@code x' = W − 1 − x}), {@code RandomFlipUD} ({@code y' = H − 1 − y}) and
 * {@code RandomFlipPolarity} ({@code p' = 1 − p}). With probability {@code prob} the whole sample is flipped; the
 * decision is drawn once per sample (construction and {@link #reset()}); {@code prob = 1} always flips.
 */
public final class Flip implements EventTransform {
  /** What is mirrored. */
  public enum Axis { LR, UD, POLARITY }

  private final Axis axis;
  private final SensorSize sensor;
  private final double prob;
  private final SplittableRandom random;
  private boolean active;

  /**
   * @param axis what to mirror
   * @param sensor sensor size (needed for LR and UD)
   * @param prob probability of flipping a sample, in [0, 1]
   * @param seed random seed for the per-sample decision
   */
  public Flip(Axis axis, SensorSize sensor, double prob, long seed) {
    if (!(prob >= 0 && prob <= 1)) {
      throw new IllegalArgumentException("flip probability must be in [0, 1]: " + prob);
    }
    if (axis != Axis.POLARITY) {
      sensor.require("flip " + axis);
    }
    this.axis = axis;
    this.sensor = sensor;
    this.prob = prob;
    this.random = new SplittableRandom(seed);
    draw();
  }

  private void draw() {
    active = prob >= 1 || (prob > 0 && random.nextDouble() < prob);
  }

  /** Whether the current sample is flipped. */
  public boolean active() {
    return active;
  }

  @Override
  public void reset() {
    draw();
  }

  @Override
  public void apply(EventBatch b) {
    if (!active) {
      return;
    }
    int n = b.size();
    switch (axis) {
      case LR: {
        int[] x = b.x();
        int m = sensor.width() - 1;
        for (int i = 0; i < n; i++) {
          x[i] = m - x[i];
        }
        break;
      }
      case UD: {
        int[] y = b.y();
        int m = sensor.height() - 1;
        for (int i = 0; i < n; i++) {
          y[i] = m - y[i];
        }
        break;
      }
      default: {
        byte[] p = b.p();
        for (int i = 0; i < n; i++) {
          p[i] = (byte) (1 - p[i]);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "flip" + axis.name().toLowerCase(java.util.Locale.ROOT) + "(" + prob + ")";
  }
}
