package org.neurospark.snn.events;

import java.io.Serializable;
import org.neurospark.events.frames.SplitBy;

/**
 * How a sample's events become SpikingJelly frames: {@code timeSteps} frames of equal event count
 * ({@link SplitBy#NUMBER}) or equal duration ({@link SplitBy#TIME}), each {@code [2, H, W]} with channel 0 = OFF,
 * exactly as SpikingJelly's {@code integrate_events_by_fixed_frames_number} computes them.
 *
 * @param timeSteps T, the number of frames per sample (1 .. 10,000)
 * @param splitBy how the sample is cut into T frames
 */
public record FrameSpec(int timeSteps, SplitBy splitBy) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Largest T accepted (frames are held in memory per sample). */
  public static final int MAX_TIME_STEPS = 10_000;

  public FrameSpec {
    if (timeSteps < 1 || timeSteps > MAX_TIME_STEPS) {
      throw new IllegalArgumentException("T must be in 1.." + MAX_TIME_STEPS + ": " + timeSteps);
    }
    if (splitBy == null) {
      throw new IllegalArgumentException("splitBy is required");
    }
  }
}
