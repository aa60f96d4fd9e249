package org.neurospark.events.frames;

import java.util.Objects;
import org.neurospark.events.EventBatch;

/**
 * Integrates in-memory event columns into frames with SpikingJelly's exact semantics (SEED-FEATURES.md §6.4):
 * {@code integrate_events_by_fixed_frames_number} ({@link #byFramesNumber}),
 * {@code integrate_events_by_fixed_duration} ({@link #byDuration}) and arbitrary {@link Segments}
 * ({@link #integrate}). Output is float32 {@code [T, 2, H, W]}, channel 0 = OFF ({@code p == 0}), pixel
 * {@code [c, y, x]}. For files too large for memory use {@link FileFrames}.
 *
 * <p>Coordinates outside {@code W × H} raise {@link EventOutsideSensorException} (SpikingJelly would silently
 * alias {@code x >= W} into the next row, or fail with an IndexError).
 *
 * <p>An instance keeps scratch state: use one per thread.
 */
public final class FrameIntegrator {
  private final int height;
  private final int width;
  private final SegmentIntegrator integrator;
  private final FrameAccumulator acc;

  /** SpikingJelly's counting integration for a {@code width × height} sensor. */
  public FrameIntegrator(int height, int width) {
    this(height, width, SegmentIntegrator.COUNT);
  }

  /** Integration with a user-supplied per-segment integrator. */
  public FrameIntegrator(int height, int width, SegmentIntegrator integrator) {
    this(height, width, integrator, FrameAccumulator.FLOAT_EXACT_EVENTS);
  }

  /** Test hook: frames move to exact long counting after {@code floatLimit} events. */
  FrameIntegrator(int height, int width, SegmentIntegrator integrator, long floatLimit) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("sensor size must be positive: " + width + " x " + height);
    }
    this.height = height;
    this.width = width;
    this.integrator = Objects.requireNonNull(integrator, "integrator");
    this.acc = new FrameAccumulator(integrator, height, width, floatLimit);
  }

  /** H (rows). */
  public int height() {
    return height;
  }

  /** W (columns). */
  public int width() {
    return width;
  }

  /** The per-segment integrator. */
  public SegmentIntegrator integrator() {
    return integrator;
  }

  FrameAccumulator accumulator() {
    return acc;
  }

  /** {@code integrate_events_by_fixed_frames_number(events, split_by, T, H, W)} into new frames. */
  public Frames byFramesNumber(EventBatch events, SplitBy split, int frames) {
    return byFramesNumber(events, split, frames, null);
  }

  /** As {@link #byFramesNumber(EventBatch, SplitBy, int)}, reusing {@code reuse}'s buffer when it fits. */
  public Frames byFramesNumber(EventBatch events, SplitBy split, int frames, Frames reuse) {
    Segments s = split == SplitBy.NUMBER
        ? FrameIndex.byNumber(events.size(), frames)
        : FrameIndex.byTime(events.t(), events.size(), frames);
    return integrate(events, s, reuse);
  }

  /** {@code integrate_events_by_fixed_duration(events, duration, H, W)}; {@code durationUs} in µs. */
  public Frames byDuration(EventBatch events, long durationUs, DurationMode mode) {
    return byDuration(events, durationUs, mode, null);
  }

  /** As {@link #byDuration(EventBatch, long, DurationMode)}, reusing {@code reuse}'s buffer when it fits. */
  public Frames byDuration(EventBatch events, long durationUs, DurationMode mode, Frames reuse) {
    Segments s = mode == DurationMode.SEED
        ? FrameIndex.byDurationSeed(events.t(), events.size(), durationUs)
        : FrameIndex.byDurationUpstream(events.t(), events.size(), durationUs);
    return integrate(events, s, reuse);
  }

  /** Integrates event ranges {@code segments} of {@code events} into one frame each. */
  public Frames integrate(EventBatch events, Segments segments, Frames reuse) {
    int t = segments.frames();
    Frames f = Frames.reuseOrCreate(reuse, t, height, width);
    acc.target(f.data(), t);
    int n = events.size();
    for (int i = 0; i < t; i++) {
      long s = segments.startAt(i);
      long e = segments.endAt(i);
      if (e > n) {
        throw new IllegalArgumentException("segment " + i + " ends at event " + e + " but the batch holds " + n);
      }
      acc.add(i, events, (int) s, (int) e);
    }
    acc.finish(t);
    return f;
  }
}
