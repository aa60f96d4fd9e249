package org.neurospark.events.slicing;

import java.io.IOException;

/**
 * SpikingJelly's fixed-duration integration windows ({@code integrate_events_by_fixed_duration}), streaming with one
 * window held at a time. Two versions exist (SEED-FEATURES §6.4):
 * <ul>
 *   <li>{@link Mode#GRID} — current upstream (2024-03 rewrite, 2025-01 fixes; the golden frames under
 *       {@code reference/spikingjelly/frames} were made with it): time origin at the first event {@code t0};
 *       {@code T = ⌈(t_last − t0) / d⌉} windows (at least 1); window {@code i} takes the events with
 *       {@code ⌊(t − t0) / d⌋ = i}; the last window also takes the events at exactly {@code t0 + T·d}.</li>
 *   <li>{@link Mode#SEED_ERA} — 2021-03..2024-03 (produced the published DVS128 Gesture counts T = 6, 6, 5, 5, 7 for
 *       d = 1 s): a window opens at its first event's time {@code t_l} and takes every following event with
 *       {@code t − t_l ≤ d}; the next opens at the first event after that; windows are never empty and the last
 *       partial one is kept.</li>
 * </ul>
 */
public final class SpikingJellyDurationSlicer extends StreamSlicer {
  /** Which SpikingJelly algorithm. */
  public enum Mode { GRID, SEED_ERA }

  private final long duration;
  private final Mode mode;
  private long t0;

  /** @param durationUs window duration (µs, > 0) */
  public SpikingJellyDurationSlicer(long durationUs, Mode mode, WindowSink sink) {
    super(sink);
    if (durationUs <= 0) {
      throw new IllegalArgumentException("duration must be > 0 µs: " + durationUs);
    }
    this.duration = durationUs;
    this.mode = mode;
  }

  /** Current upstream ({@link Mode#GRID}). */
  public SpikingJellyDurationSlicer(long durationUs, WindowSink sink) {
    this(durationUs, Mode.GRID, sink);
  }

  @Override
  protected void start(long first) {
    t0 = first;
  }

  @Override
  protected void emitReady() throws IOException {
    if (mode == Mode.GRID) {
      // window k is final once an event lies strictly after its end (an event exactly at the end could be the
      // recording's last one, which joins the last window)
      while (lastT > t0 + (windows + 1) * duration) {
        long s = t0 + windows * duration;
        int right = lowerBound(s + duration);
        emit(s, s + duration, head, right);
        dropTo(right);
      }
      return;
    }
    while (live() > 0) {
      long tl = buf.t()[head];
      if (lastT - tl <= duration) {
        return; // the window may still grow
      }
      int right = lowerBound(tl + duration + 1);
      emit(tl, tl + duration + 1, head, right);
      dropTo(right);
    }
  }

  @Override
  protected void emitRemaining() throws IOException {
    if (mode == Mode.GRID) {
      long span = lastT - t0;
      long total = Math.max(1, (span + duration - 1) / duration);
      while (windows < total) {
        long s = t0 + windows * duration;
        boolean last = windows == total - 1;
        int right = last ? buf.size() : lowerBound(s + duration);
        emit(s, last ? lastT + 1 : s + duration, head, right);
        dropTo(right);
      }
      return;
    }
    if (live() > 0) {
      long tl = buf.t()[head];
      emit(tl, tl + duration + 1, head, buf.size());
      dropTo(buf.size());
    }
  }
}
