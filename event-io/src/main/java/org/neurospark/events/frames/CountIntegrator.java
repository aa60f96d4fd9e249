package org.neurospark.events.frames;

import org.neurospark.events.EventBatch;

/**
 * SpikingJelly's event counting ({@code integrate_events_segment_to_frame}): channel 0 ← {@code p == 0}, channel 1
 * ← {@code p != 0}, +1 at {@code [c, y, x]}. One tight loop over the primitive columns: the channel offset is a
 * conditional move, the pixel offset {@code y·W + x}. Float increments are exact while a pixel holds fewer than
 * 2^24 counts; {@link FrameIntegrator} switches a frame to exact long counting before that could be exceeded.
 */
final class CountIntegrator implements SegmentIntegrator {

  @Override
  public void integrate(EventBatch events, int from, int to, float[] frame, int offset, int height, int width) {
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

  /** Exact variant into long counters (used for frames that may exceed 2^24 events). */
  static void integrateExact(EventBatch events, int from, int to, long[] counts, int height, int width) {
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
      counts[(p[i] != 0 ? hw : 0) + yi * width + xi]++;
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
