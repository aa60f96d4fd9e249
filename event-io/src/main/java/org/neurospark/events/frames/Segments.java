package org.neurospark.events.frames;

import java.util.Arrays;

/**
 * Event index ranges, one per frame: frame {@code i} integrates events {@code [start[i], end[i])} (SpikingJelly's
 * {@code j_l}, {@code j_r}). Ranges are in event-index units of the whole recording, so they work for in-memory
 * columns and for streamed files alike. Ranges may be empty ({@code start == end}).
 *
 * @param start first event index of each frame (inclusive)
 * @param end last event index of each frame (exclusive)
 */
public record Segments(long[] start, long[] end) {
  public Segments {
    if (start.length != end.length) {
      throw new IllegalArgumentException("start and end lengths differ");
    }
    for (int i = 0; i < start.length; i++) {
      if (start[i] < 0 || end[i] < start[i]) {
        throw new IllegalArgumentException("bad segment " + i + ": [" + start[i] + ", " + end[i] + ")");
      }
    }
  }

  /** Number of frames T. */
  public int frames() {
    return start.length;
  }

  /** Events in frame {@code i}. */
  public long length(int i) {
    return end[i] - start[i];
  }

  @Override
  public long[] start() {
    return start.clone();
  }

  @Override
  public long[] end() {
    return end.clone();
  }

  long startAt(int i) {
    return start[i];
  }

  long endAt(int i) {
    return end[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Segments s && Arrays.equals(s.start, start) && Arrays.equals(s.end, end);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Segments[");
    for (int i = 0; i < start.length; i++) {
      b.append(i == 0 ? "" : ", ").append('[').append(start[i]).append(',').append(end[i]).append(')');
    }
    return b.append(']').toString();
  }
}
