package org.neurospark.events.slicing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.transform.EventTransform;

/**
 * Cuts one time-ordered recording into labelled segments ({@code start ≤ t < end} each, e.g. DVS128 Gesture rows)
 * in a single pass, streaming each segment's events to a {@link SegmentSink} chunk by chunk: memory stays one batch
 * whatever the segment length. Every segment gets exactly one begin/end pair, also when it holds no event.
 */
public final class SegmentSlicer {
  private final List<LabeledSegment> segments;
  private final SegmentSink sink;
  private final boolean[] begun;
  private final boolean[] ended;
  private final long[] counts;
  private final EventBatch chunk = new EventBatch(1 << 12);
  private int firstOpen;
  private long lastT = Long.MIN_VALUE;

  public SegmentSlicer(List<LabeledSegment> segments, SegmentSink sink) {
    List<LabeledSegment> s = new ArrayList<>(segments);
    s.sort(Comparator.comparingLong(LabeledSegment::startUs).thenComparingInt(LabeledSegment::row));
    this.segments = s;
    this.sink = sink;
    this.begun = new boolean[s.size()];
    this.ended = new boolean[s.size()];
    this.counts = new long[s.size()];
  }

  /** Streams {@code reader} through {@code transform} (may be null) and finishes; returns the segments written. */
  public int run(EventReader reader, EventTransform transform) throws IOException {
    EventBatch b = new EventBatch();
    while (reader.read(b) && firstOpen < segments.size()) {
      if (transform != null) {
        transform.apply(b);
      }
      accept(b);
    }
    finish();
    return segments.size();
  }

  /** Routes the batch's events to the segments containing them. */
  public void accept(EventBatch b) throws IOException {
    int n = b.size();
    if (n == 0) {
      return;
    }
    long[] t = b.t();
    for (int i = 0; i < n; i++) {
      if (t[i] < lastT) {
        throw new IllegalArgumentException("events out of time order: t = " + t[i] + " µs after " + lastT + " µs");
      }
      lastT = t[i];
    }
    long last = t[n - 1];
    for (int j = firstOpen; j < segments.size(); j++) {
      LabeledSegment s = segments.get(j);
      if (s.startUs() > last) {
        break;
      }
      if (ended[j]) {
        continue;
      }
      int lo = lowerBound(t, n, s.startUs());
      int hi = lowerBound(t, n, s.endUs());
      if (!begun[j]) {
        begun[j] = true;
        sink.begin(s);
      }
      if (hi > lo) {
        copy(b, lo, hi);
        counts[j] += hi - lo;
        sink.events(s, chunk);
      }
      if (last >= s.endUs()) {
        ended[j] = true;
        sink.end(s, counts[j]);
      }
    }
    while (firstOpen < segments.size() && ended[firstOpen]) {
      firstOpen++;
    }
  }

  /** Ends every segment still open (the recording ended before them). */
  public void finish() throws IOException {
    for (int j = firstOpen; j < segments.size(); j++) {
      if (!ended[j]) {
        if (!begun[j]) {
          begun[j] = true;
          sink.begin(segments.get(j));
        }
        ended[j] = true;
        sink.end(segments.get(j), counts[j]);
      }
    }
    firstOpen = segments.size();
  }

  private void copy(EventBatch b, int lo, int hi) {
    int n = hi - lo;
    chunk.clear();
    chunk.ensureCapacity(n);
    System.arraycopy(b.t(), lo, chunk.t(), 0, n);
    System.arraycopy(b.x(), lo, chunk.x(), 0, n);
    System.arraycopy(b.y(), lo, chunk.y(), 0, n);
    System.arraycopy(b.p(), lo, chunk.p(), 0, n);
    chunk.setSize(n);
  }

  private static int lowerBound(long[] t, int n, long v) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
