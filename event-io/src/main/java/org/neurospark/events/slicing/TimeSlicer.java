package org.neurospark.events.slicing;

import java.io.IOException;

/**
 * tonic {@code SliceByTime(time_window, overlap, include_incomplete)}, streaming: window {@code k} covers
 * {@code [t0 + k·s, t0 + k·s + w)} µs with stride {@code s = w − overlap} and {@code t0} the first event's time.
 * Without {@code includeIncomplete} the windows are those ending at or before the last event
 * ({@code ⌊(T − w) / s⌋ + 1} of them for a stream spanning {@code T}); with it, {@code ⌈(T − w) / s⌉ + 1}.
 * Empty windows (gaps in the recording) are emitted too. A window is emitted as soon as an event at or after its
 * end arrives.
 */
public final class TimeSlicer extends StreamSlicer {
  private final long window;
  private final long stride;
  private final boolean includeIncomplete;
  private long t0;

  /**
   * @param windowUs window length (µs, > 0)
   * @param overlapUs overlap between consecutive windows (µs, in [0, window))
   */
  public TimeSlicer(long windowUs, long overlapUs, boolean includeIncomplete, WindowSink sink) {
    super(sink);
    if (windowUs <= 0 || overlapUs < 0 || overlapUs >= windowUs) {
      throw new IllegalArgumentException("time window must be > 0 and overlap in [0, window): " + windowUs + ", "
          + overlapUs);
    }
    this.window = windowUs;
    this.stride = windowUs - overlapUs;
    this.includeIncomplete = includeIncomplete;
  }

  @Override
  protected void start(long first) {
    t0 = first;
  }

  @Override
  protected void emitReady() throws IOException {
    while (true) {
      long s = windowStart(windows);
      if (s == Long.MAX_VALUE) {
        return; // the next window starts beyond any representable time
      }
      long e = windowEnd(s);
      if (e == Long.MAX_VALUE || lastT < e) {
        return; // a window ending at or beyond Long.MAX_VALUE closes only at the end of the stream
      }
      emitWindow(s, e);
    }
  }

  /** {@code t0 + k·stride}, or {@link Long#MAX_VALUE} when that exceeds the long range. */
  private long windowStart(long k) {
    try {
      return Math.addExact(t0, Math.multiplyExact(k, stride));
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code s + window}, saturated at {@link Long#MAX_VALUE}. */
  private long windowEnd(long s) {
    return s > Long.MAX_VALUE - window ? Long.MAX_VALUE : s + window;
  }

  private void emitWindow(long s, long e) throws IOException {
    emit(s, e, lowerBound(s), lowerBound(e));
    long next = windowStart(windows);
    dropTo(lowerBound(next));
  }

  @Override
  protected void emitRemaining() throws IOException {
    // exact integer form of tonic's ceil/floor((T - w) / s) + 1, T = lastT - t0 (computed in 128 bits via BigInteger
    // only when needed: T, w and s are all < 2^63 so T - w fits a long unless T < 0, which cannot happen)
    long span;
    try {
      span = Math.subtractExact(lastT, t0);
    } catch (ArithmeticException e) {
      span = Long.MAX_VALUE;
    }
    long num = span - window; // span ≥ 0 and window > 0: no overflow
    long n = (includeIncomplete ? -Math.floorDiv(-num, stride) : Math.floorDiv(num, stride)) + 1;
    while (windows < n) {
      long s = windowStart(windows);
      if (s == Long.MAX_VALUE || s > lastT) {
        return;
      }
      emitWindow(s, windowEnd(s));
    }
  }
}
