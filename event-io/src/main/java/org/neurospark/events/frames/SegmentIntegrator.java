package org.neurospark.events.frames;

import org.neurospark.events.EventBatch;

/**
 * Turns a run of events into one frame: SpikingJelly's {@code integrate_events_segment_to_frame} generalised
 * (its {@code custom_integrate_function} hook, per segment). Implementations add into a zeroed float32
 * {@code [2, H, W]} frame; the drivers call them one or more times per frame (once per batch piece), always in
 * event order, so an integrator must be additive over consecutive pieces of a segment.
 *
 * <p>Implementations must validate coordinates ({@code 0 <= x < W}, {@code 0 <= y < H}) and throw
 * {@link EventOutsideSensorException} (with the batch index) otherwise; {@link #COUNT} and {@link #BINARY} do.
 */
@FunctionalInterface
public interface SegmentIntegrator {
  /** SpikingJelly's integration: +1 per event at {@code [p != 0 ? 1 : 0, y, x]} (counts, duplicates add up). */
  SegmentIntegrator COUNT = new CountIntegrator();

  /** 1 where at least one event of that polarity hit the pixel, else 0 (a common binarised variant). */
  SegmentIntegrator BINARY = (events, from, to, frame, offset, height, width) -> {
    int[] x = events.x();
    int[] y = events.y();
    byte[] p = events.p();
    int hw = height * width;
    for (int i = from; i < to; i++) {
      int xi = x[i];
      int yi = y[i];
      if ((xi | yi) < 0 | xi >= width | yi >= height) {
        throw CountIntegrator.outside(events, i, height, width);
      }
      frame[offset + (p[i] != 0 ? hw : 0) + yi * width + xi] = 1f;
    }
  };

  /**
   * Adds events {@code [from, to)} of {@code events} to the frame stored at {@code frame[offset ..
   * offset + 2·height·width)} (layout {@code [c, y, x]}).
   */
  void integrate(EventBatch events, int from, int to, float[] frame, int offset, int height, int width);
}
