package org.neurospark.events.frames;

/**
 * SpikingJelly's segment index math (SEED-FEATURES.md §6.4), as pure functions of the timestamps. Every function
 * returns {@link Segments}: frame {@code i} integrates events {@code [start[i], end[i])}.
 *
 * <p><b>Empty slices.</b> SpikingJelly raises {@code IndexError} when a time slice holds no event (and indexes
 * {@code t[0]} of an empty recording). Here such a slice yields an empty frame: its range is
 * {@code [end[i-1], end[i-1])} ({@code [0, 0)} for the first), except that the last frame always ends at N, so it
 * takes the events after the last slice boundary as SpikingJelly's {@code j_r[-1] = N} does. When
 * {@code t[N-1] - t[0] < T} the step {@code dt} is 0, every slice is empty and all events land in the last frame.
 * For an empty recording every frame is empty. Non-empty slices match SpikingJelly exactly, for sorted and
 * unsorted timestamps alike.
 */
public final class FrameIndex {
  private FrameIndex() {}

  /**
   * {@code cal_fixed_frames_number_segment_index(t, 'number', T)}: {@code di = N // T}, frame i is
   * {@code [i·di, i·di + di)}, the last frame ends at N (takes the remainder).
   *
   * @param n number of events N (≥ 0)
   * @param frames T (> 0)
   */
  public static Segments byNumber(long n, int frames) {
    checkFrames(frames);
    if (n < 0) {
      throw new IllegalArgumentException("negative event count " + n);
    }
    long di = n / frames;
    long[] s = new long[frames];
    long[] e = new long[frames];
    for (int i = 0; i < frames; i++) {
      s[i] = i * di;
      e[i] = s[i] + di;
    }
    e[frames - 1] = n;
    return new Segments(s, e);
  }

  /**
   * {@code dt = (t[N-1] - t[0]) // T} with Python's floor division (µs). Uses the first and last timestamps, not
   * the minimum and maximum.
   */
  public static long timeStep(long tFirst, long tLast, int frames) {
    checkFrames(frames);
    return Math.floorDiv(tLast - tFirst, (long) frames);
  }

  /**
   * {@code cal_fixed_frames_number_segment_index(t, 'time', T)} over {@code t[0..n)}: slice i is
   * {@code [t[0] + i·dt, t[0] + (i+1)·dt)}; {@code start[i]} is the first index whose time falls in the slice,
   * {@code end[i]} the last such index + 1; the last frame ends at N. Time-sorted input is handled by binary
   * search, unsorted input by one pass with SpikingJelly's mask semantics. Empty slices: see the class comment.
   */
  public static Segments byTime(long[] t, int n, int frames) {
    checkFrames(frames);
    if (n == 0) {
      return new Segments(new long[frames], new long[frames]);
    }
    long t0 = t[0];
    long dt = timeStep(t0, t[n - 1], frames);
    if (isSorted(t, 0, n)) {
      long[] s = new long[frames];
      long[] e = new long[frames];
      for (int i = 0; i < frames; i++) {
        long tl = t0 + i * dt;
        s[i] = i == 0 ? lowerBound(t, 0, n, tl) : e[i - 1];
        e[i] = lowerBound(t, (int) s[i], n, tl + dt);
      }
      e[frames - 1] = n;
      return new Segments(s, e);
    }
    TimeSliceIndexer ix = new TimeSliceIndexer(t0, dt, frames);
    ix.accept(t, n, 0);
    return ix.finish(n);
  }

  /**
   * Seed-era {@code integrate_events_by_fixed_duration} segmentation ({@link DurationMode#SEED}): starting at
   * {@code left = 0}, a frame takes events while {@code t[right] - t[left] <= duration}; the next frame starts at
   * {@code right}. Gives {@code ceil}-like frame counts that depend on the event times; an empty recording gives 0
   * frames (SpikingJelly fails on it).
   *
   * @param duration frame duration in µs (> 0)
   */
  public static Segments byDurationSeed(long[] t, int n, long duration) {
    checkDuration(duration);
    long[] s = new long[Math.max(1, Math.min(n, 64))];
    long[] e = new long[s.length];
    int frames = 0;
    int left = 0;
    while (left < n) {
      long tl = t[left];
      int right = left;
      while (right < n && t[right] - tl <= duration) {
        right++;
      }
      if (frames == s.length) {
        s = java.util.Arrays.copyOf(s, frames * 2);
        e = java.util.Arrays.copyOf(e, frames * 2);
      }
      s[frames] = left;
      e[frames] = right;
      frames++;
      left = right;
    }
    return new Segments(java.util.Arrays.copyOf(s, frames), java.util.Arrays.copyOf(e, frames));
  }

  /**
   * Current-upstream fixed-duration segmentation ({@link DurationMode#UPSTREAM}): with {@code t' = t - t[0]},
   * {@code T = ceil(t'[N-1] / duration)} (at least 1 when N > 0), frame i takes the events with
   * {@code t' // duration == i}, the last frame also the rest.
   *
   * @throws IllegalArgumentException when the timestamps are not sorted (upstream's {@code searchsorted} assumes it)
   */
  public static Segments byDurationUpstream(long[] t, int n, long duration) {
    checkDuration(duration);
    if (n == 0) {
      return new Segments(new long[0], new long[0]);
    }
    if (!isSorted(t, 0, n)) {
      throw new IllegalArgumentException("the upstream fixed-duration algorithm needs time-sorted events");
    }
    long t0 = t[0];
    long span = t[n - 1] - t0;
    int frames = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (span + duration - 1) / duration));
    long[] s = new long[frames];
    long[] e = new long[frames];
    for (int i = 0; i < frames; i++) {
      s[i] = i == 0 ? 0 : e[i - 1];
      e[i] = i == frames - 1 ? n : lowerBound(t, (int) s[i], n, t0 + (i + 1) * duration);
    }
    return new Segments(s, e);
  }

  /** Number of frames {@link DurationMode#UPSTREAM} produces for a recording spanning {@code span} µs. */
  public static int upstreamFrameCount(long span, long duration) {
    checkDuration(duration);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (span + duration - 1) / duration));
  }

  /** True when {@code t[from..from+n)} is non-decreasing. */
  public static boolean isSorted(long[] t, int from, int n) {
    boolean ok = true;
    for (int i = from + 1; i < from + n; i++) {
      ok &= t[i] >= t[i - 1];
    }
    return ok;
  }

  /** First index in {@code [from, to)} with {@code t[i] >= key} (t sorted), or {@code to}. */
  static int lowerBound(long[] t, int from, int to, long key) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static void checkFrames(int frames) {
    if (frames <= 0) {
      throw new IllegalArgumentException("frames number T must be positive: " + frames);
    }
  }

  static void checkDuration(long duration) {
    if (duration <= 0) {
      throw new IllegalArgumentException("duration must be a positive number of µs: " + duration);
    }
  }
}
