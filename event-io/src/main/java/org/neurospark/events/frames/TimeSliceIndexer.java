package org.neurospark.events.frames;

import java.util.Arrays;

/**
 * Streaming form of SpikingJelly's {@code split_by='time'} mask semantics for timestamps in any order: feed the
 * timestamps batch by batch ({@link #accept}), then {@link #finish} gives the same {@link Segments} as
 * {@link FrameIndex#byTime} on the whole column. Memory: two longs per frame.
 */
public final class TimeSliceIndexer {
  private final long t0;
  private final long dt;
  private final int frames;
  private final long[] first;
  private final long[] last;

  /**
   * @param t0 the first event's timestamp (µs)
   * @param dt slice length from {@link FrameIndex#timeStep} (µs)
   * @param frames T
   */
  public TimeSliceIndexer(long t0, long dt, int frames) {
    FrameIndex.checkFrames(frames);
    this.t0 = t0;
    this.dt = dt;
    this.frames = frames;
    this.first = new long[frames];
    this.last = new long[frames];
    Arrays.fill(first, -1);
  }

  /** Records the slices of events {@code t[0..n)} whose global indices start at {@code globalOffset}. */
  public void accept(long[] t, int n, long globalOffset) {
    if (dt <= 0) {
      return; // every slice [t_l, t_l + dt) is empty
    }
    for (int j = 0; j < n; j++) {
      long d = t[j] - t0;
      if (d < 0) {
        continue;
      }
      long k = d / dt;
      if (k < frames) {
        int ki = (int) k;
        long g = globalOffset + j;
        if (first[ki] < 0) {
          first[ki] = g;
        }
        last[ki] = g;
      }
    }
  }

  /** The segments once all {@code n} events were seen. */
  public Segments finish(long n) {
    long[] s = new long[frames];
    long[] e = new long[frames];
    long prev = 0;
    for (int i = 0; i < frames; i++) {
      if (first[i] >= 0) {
        s[i] = first[i];
        e[i] = last[i] + 1;
      } else {
        s[i] = prev;
        e[i] = prev;
      }
      prev = e[i];
    }
    e[frames - 1] = n;
    if (s[frames - 1] > n) {
      s[frames - 1] = n;
    }
    return new Segments(s, e);
  }
}
