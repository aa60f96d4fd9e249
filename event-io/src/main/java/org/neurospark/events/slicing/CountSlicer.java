package org.neurospark.events.slicing;

import java.io.IOException;

/**
 * tonic {@code SliceByEventCount(event_count, overlap, include_incomplete)}, streaming: window {@code k} holds
 * stream events {@code [k·s, k·s + count)} with stride {@code s = count − overlap}. For {@code N} events there are
 * {@code ⌊(N − count) / s⌋ + 1} windows, or {@code ⌈(N − count) / s⌉ + 1} with {@code includeIncomplete} (the
 * last ones shorter). This is also fixed-count frame integration of a recording of any length: each window is one
 * frame of {@code count} events.
 */
public final class CountSlicer extends StreamSlicer {
  private final int count;
  private final int stride;
  private final boolean includeIncomplete;

  /**
   * @param count events per window (> 0)
   * @param overlap events shared by consecutive windows, in [0, count)
   */
  public CountSlicer(int count, int overlap, boolean includeIncomplete, WindowSink sink) {
    super(sink);
    if (count <= 0 || overlap < 0 || overlap >= count) {
      throw new IllegalArgumentException("event count must be > 0 and overlap in [0, count): " + count + ", "
          + overlap);
    }
    this.count = count;
    this.stride = count - overlap;
    this.includeIncomplete = includeIncomplete;
  }

  @Override
  protected void emitReady() throws IOException {
    while (windows * stride + count <= seen) {
      emitWindow(count);
    }
  }

  private void emitWindow(int len) throws IOException {
    int from = head + (int) (windows * stride - bufStart);
    int to = from + len;
    long ts = len > 0 ? buf.t()[from] : lastT;
    long te = len > 0 ? buf.t()[to - 1] + 1 : lastT;
    emit(ts, te, from, to);
    dropTo(head + (int) Math.min(live(), windows * stride - bufStart));
  }

  @Override
  protected void emitRemaining() throws IOException {
    double q = ((double) seen - count) / stride;
    long n = (long) (includeIncomplete ? Math.ceil(q) : Math.floor(q)) + 1;
    while (windows < n) {
      long start = windows * stride;
      emitWindow((int) Math.max(0, Math.min(count, seen - start)));
    }
  }
}
