package org.neurospark.events.frames;

import org.neurospark.events.EventBatch;

/**
 * SpikingJelly's event counting ({@code integrate_events_segment_to_frame}): channel 0 ← {@code p == 0}, channel 1
 * ← {@code p != 0}, +1 at {@code [c, y, x]}. Coordinates are validated once per call by a branch-free,
 * vectorisable pass over {@code x} and {@code y} ({@link #checkInside}); the counting loop then runs without
 * per-event checks (channel offset as a sign mask, pixel offset {@code y·W + x}). Float increments are exact while a
 * pixel holds fewer than 2^24 counts; {@link FrameAccumulator} switches a frame to exact long counting before that
 * could be exceeded.
 */
final class CountIntegrator implements SegmentIntegrator {

  @Override
  public void integrate(EventBatch events, int from, int to, float[] frame, int offset, int height, int width) {
    checkInside(events, from, to, height, width);
    addCounts(events, from, to, frame, offset, height, width);
  }

  /** The counting loop of {@link #integrate}, for events already checked by {@link #checkInside}. */
  static void addCounts(EventBatch events, int from, int to, float[] frame, int offset, int height, int width) {
    int[] x = events.x();
    int[] y = events.y();
    byte[] p = events.p();
    int hw = height * width;
    for (int i = from; i < to; i++) {
      int pi = p[i];
      frame[offset + (((pi | -pi) >> 31) & hw) + y[i] * width + x[i]] += 1f;
    }
  }

  /** Exact variant into long counters (used for frames that may exceed 2^24 events). */
  static void integrateExact(EventBatch events, int from, int to, long[] counts, int height, int width) {
    int[] x = events.x();
    int[] y = events.y();
    byte[] p = events.p();
    int hw = height * width;
    checkInside(events, from, to, height, width);
    for (int i = from; i < to; i++) {
      int pi = p[i];
      counts[(((pi | -pi) >> 31) & hw) + y[i] * width + x[i]]++;
    }
  }

  /**
   * Throws {@link EventOutsideSensorException} for the first event of {@code [from, to)} outside
   * {@code 0 <= x < W}, {@code 0 <= y < H}. One OR-reduction over the columns (no branch per event); only a batch
   * that fails it is scanned again for the index.
   */
  static void checkInside(EventBatch events, int from, int to, int height, int width) {
    int[] x = events.x();
    int[] y = events.y();
    int wm = width - 1;
    int hm = height - 1;
    int bad = 0;
    for (int i = from; i < to; i++) {
      int xi = x[i];
      int yi = y[i];
      bad |= xi | yi | (wm - xi) | (hm - yi);
    }
    if (bad < 0) {
      for (int i = from; i < to; i++) {
        int xi = x[i];
        int yi = y[i];
        if ((xi | yi) < 0 | xi >= width | yi >= height) {
          throw outside(events, i, height, width);
        }
      }
    }
  }

  static EventOutsideSensorException outside(EventBatch events, int i, int height, int width) {
    return new EventOutsideSensorException(i, describe(i, events.t()[i], events.x()[i], events.y()[i], height,
        width));
  }

  static String describe(long index, long t, int x, int y, int height, int width) {
    return "event " + index + " (t=" + t + " µs, x=" + x + ", y=" + y + ") lies outside the " + width + " x "
        + height + " sensor (W x H); pass the right sensor size";
  }
}
