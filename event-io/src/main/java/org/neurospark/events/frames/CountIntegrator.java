package org.neurospark.events.frames;

import org.neurospark.events.EventBatch;

/**
 * SpikingJelly's event counting ({@code integrate_events_segment_to_frame}): channel 0 ← {@code p == 0}, channel 1
 * ← {@code p != 0}, +1 at {@code [c, y, x]}. For frames larger than {@link #CHECK_AS_YOU_GO_MAX} coordinates are
 * validated once per call by a branch-free, vectorisable pass over {@code x} and {@code y} ({@link #checkInside})
 * and the counting loop runs without per-event checks (channel offset as a sign mask, pixel offset
 * {@code y·W + x}); small frames check each event inside the counting loop. Float increments are exact while a
 * pixel holds fewer than 2^24 counts; {@link FrameAccumulator} switches a frame to exact long counting before that
 * could be exceeded.
 */
final class CountIntegrator implements SegmentIntegrator {

  /**
   * Largest frame ({@code 2·H·W} values, 256 KiB of floats) counted by one loop that checks each event as it goes:
   * such a frame stays in the L2 cache, the loop is bound by its loads, and a separate check pass over the columns
   * would cost more than the branches it saves (34×34: ~670 vs ~655 M events/s). Larger frames miss the cache on
   * the scatter, where taking the branches out of that loop wins (1280×720: ~150 → ~190 M events/s).
   */
  static final int CHECK_AS_YOU_GO_MAX = 1 << 16;

  @Override
  public void integrate(EventBatch events, int from, int to, float[] frame, int offset, int height, int width) {
    if (2 * height * width <= CHECK_AS_YOU_GO_MAX) {
      addCountsChecked(events, from, to, frame, offset, height, width);
    } else {
      checkInside(events, from, to, height, width);
      addCounts(events, from, to, frame, offset, height, width);
    }
  }

  /** The counting loop with the coordinate check per event (small frames, see {@link #CHECK_AS_YOU_GO_MAX}). */
  static void addCountsChecked(EventBatch events, int from, int to, float[] frame, int offset, int height,
      int width) {
    int[] x = events.x();
    int[] y = events.y();
    byte[] p = events.p();
    int hw = height * width;
    for (int i = from; i < to; i++) {
      int xi = x[i];
      int yi = y[i];
      if ((xi | yi) < 0 | xi >= width | yi >= height) {
        throw outside(events, i, height, width);
      }
      frame[offset + (p[i] != 0 ? hw : 0) + yi * width + xi] += 1f;
    }
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
