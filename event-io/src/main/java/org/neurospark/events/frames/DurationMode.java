package org.neurospark.events.frames;

/**
 * Which SpikingJelly algorithm {@code integrate_events_by_fixed_duration} follows (SEED-FEATURES.md §6.4).
 *
 * <p>The golden frames in {@code reference/spikingjelly/frames} (SpikingJelly commit afb1322) are reproduced bit
 * for bit by {@link #UPSTREAM} — the seed-era algorithm gives different frame counts on them (e.g. 31 instead of
 * 32 frames for {@code tonic_sample_nmnist} at 10 ms) — so {@link #UPSTREAM} is the default everywhere;
 * {@link #SEED} reproduces frames cached by SpikingJelly 2021-03 … 2024-03 (and the published DVS128 Gesture
 * {@code duration=1000000} frame counts).
 */
public enum DurationMode {
  /**
   * Current upstream (rewritten 2024-03, fixed 2025-01; the default): {@code t' = t - t.min()},
   * {@code T = ceil(t'[-1] / duration)}, frame {@code i} takes the events with {@code t' // duration == i}, the
   * last frame also the rest — a fixed grid starting at the first event. Needs time-sorted events (upstream uses
   * {@code searchsorted}). When every event has the same time upstream computes T = 0 and fails; here that gives
   * one frame holding every event. An empty recording gives 0 frames.
   */
  UPSTREAM,
  /**
   * The seed-era algorithm (SpikingJelly 2021-03 … 2024-03): a frame starts at the time of its first event
   * {@code t_l = t[left]} and takes every following event while {@code t[right] - t_l <= duration}; the next frame
   * starts at the first event after that. Frames are anchored at event times (not a fixed grid), each spans
   * {@code duration + 1} µs inclusive, and the last (partial) frame is kept. Works on unsorted timestamps and
   * streams in one pass.
   */
  SEED;

  /** Lowercase name used by the CLI. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code "upstream"} / {@code "seed"}. */
  public static DurationMode parse(String s) {
    for (DurationMode m : values()) {
      if (m.id().equalsIgnoreCase(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("duration mode must be 'upstream' or 'seed', not '" + s + "'");
  }
}
