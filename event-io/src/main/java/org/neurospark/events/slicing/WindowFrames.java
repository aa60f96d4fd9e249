package org.neurospark.events.slicing;

import java.io.IOException;
import java.util.Arrays;
import org.neurospark.events.EventBatch;
import org.neurospark.events.frames.FrameSink;
import org.neurospark.events.frames.SegmentIntegrator;

/**
 * Turns each window of a {@link StreamSlicer} into one float32 {@code [2, H, W]} frame with a frames-package
 * {@link SegmentIntegrator} ({@link SegmentIntegrator#COUNT}: SpikingJelly's counts) and hands it to a
 * {@link FrameSink}: fixed-duration or fixed-count integration of a recording of any length in one pass, memory
 * one frame plus the open window. Frame {@code i} is window {@code i}.
 */
public final class WindowFrames implements WindowSink {
  private final int height;
  private final int width;
  private final SegmentIntegrator integrator;
  private final FrameSink sink;
  private final float[] frame;

  /**
   * @param height sensor rows H
   * @param width sensor columns W
   */
  public WindowFrames(int height, int width, SegmentIntegrator integrator, FrameSink sink) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("frame size must be positive: " + width + " x " + height);
    }
    long size = 2L * height * width;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("frame of " + size + " values exceeds one Java array");
    }
    this.height = height;
    this.width = width;
    this.integrator = integrator;
    this.sink = sink;
    this.frame = new float[(int) size];
  }

  @Override
  public void window(Window w, EventBatch events) throws IOException {
    Arrays.fill(frame, 0f);
    integrator.integrate(events, 0, events.size(), frame, 0, height, width);
    sink.accept((int) w.index(), frame, 0);
  }
}
