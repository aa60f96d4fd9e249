package org.neurospark.events.frames;

import java.util.Locale;

/** How {@code integrate_events_by_fixed_frames_number} splits a recording into T segments. */
public enum SplitBy {
  /** Equal event counts: {@code N // T} events per frame, the remainder to the last frame. */
  NUMBER,
  /** Equal time slices: {@code (t[N-1] - t[0]) // T} µs per frame, events from the end to the last frame. */
  TIME;

  /** Parses SpikingJelly's names {@code "number"} / {@code "time"}. */
  public static SplitBy parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "number" -> NUMBER;
      case "time" -> TIME;
      default -> throw new IllegalArgumentException("split_by must be 'number' or 'time', not '" + s + "'");
    };
  }

  /** SpikingJelly's name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
