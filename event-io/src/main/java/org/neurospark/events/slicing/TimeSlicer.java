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
      long s = t0 + windows * stride;
      long e = s + window;
      if (lastT < e) {
        return;
      }
      emitWindow(s, e);
    }
  }

  private void emitWindow(long s, long e) throws IOException {
    emit(s, e, lowerBound(s), lowerBound(e));
    dropTo(lowerBound(t0 + windows * stride));
  }

  @Override
  protected void emitRemaining() throws IOException {
    double q = ((double) (lastT - t0) - window) / stride;
    long n = (long) (includeIncomplete ? Math.ceil(q) : Math.floor(q)) + 1;
    while (windows < n) {
      long s = t0 + windows * stride;
      emitWindow(s, s + window);
    }
  }
}
