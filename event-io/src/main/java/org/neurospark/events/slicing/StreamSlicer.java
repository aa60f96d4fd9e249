package org.neurospark.events.slicing;

import java.io.IOException;
import org.neurospark.events.limits.MemoryBudget;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.transform.EventTransform;

/**
 * Cuts a time-ordered event stream into windows in one pass, holding only the events of the windows still open
 * (memory bounded by the window, not the recording). Feed batches with {@link #accept}, then call {@link #finish}.
 * Subclasses define where windows start and end.
 */
public abstract class StreamSlicer {
  /**
   * Events of the windows still open, live from index {@link #head}; {@code buf[head]} has stream index
   * {@link #bufStart}. Consumed events are skipped by moving {@code head}; the buffer is compacted once per batch.
   */
  protected final EventBatch buf = new EventBatch(1 << 12);
  protected int head;
  /** Reused batch handed to the sink. */
  private final EventBatch out = new EventBatch(1 << 12);
  protected final WindowSink sink;
  protected long bufStart;
  protected long seen;
  protected long lastT = Long.MIN_VALUE;
  protected long windows;

  protected StreamSlicer(WindowSink sink) {
    this.sink = sink;
  }

  /** Streams every batch of {@code reader} through {@code transform} (may be null) into this slicer, then finishes. */
  public final long run(EventReader reader, EventTransform transform) throws IOException {
    EventBatch b = new EventBatch();
    while (reader.read(b)) {
      if (transform != null) {
        transform.apply(b);
      }
      accept(b);
    }
    finish();
    return windows;
  }

  /**
   * Adds the next events of the stream and emits every window they complete.
   *
   * @throws IllegalArgumentException when time goes backwards (naming the stream index)
   */
  public final void accept(EventBatch b) throws IOException {
    int n = b.size();
    long[] t = b.t();
    long prev = lastT;
    for (int i = 0; i < n; i++) {
      if (t[i] < prev) {
        throw new IllegalArgumentException("events out of time order at stream index " + (seen + i) + ": t = "
            + t[i] + " µs after " + prev + " µs (sort first, e.g. timejitter(...,sort=true))");
      }
      prev = t[i];
    }
    if (n == 0) {
      return;
    }
    if (seen == 0) {
      start(t[0]);
    }
    compact();
    long held = (long) live() + n;
    if (held > buf.capacity()) {
      // growing doubles the buffer and copies it: check before allocating
      MemoryBudget.require(MemoryBudget.product(held, 3L * MemoryBudget.EVENT_BYTES), "the open windows, holding "
          + held + " events at stream index " + (seen + n) + ",", "use shorter windows");
    }
    buf.addAll(b);
    seen += n;
    lastT = prev;
    emitReady();
  }

  /** Emits the windows that the end of the stream completes. */
  public final void finish() throws IOException {
    if (seen > 0) {
      emitRemaining();
    }
  }

  /** Number of windows emitted so far. */
  public final long windowsEmitted() {
    return windows;
  }

  /** Called once with the first event's time. */
  protected void start(long t0) {}

  /** Emits every window complete given the events seen so far. */
  protected abstract void emitReady() throws IOException;

  /** Emits the windows left at the end of the stream. */
  protected abstract void emitRemaining() throws IOException;

  /** Number of buffered events not yet consumed. */
  protected final int live() {
    return buf.size() - head;
  }

  /** First buffer index at or after {@link #head} with {@code t ≥ time}. */
  protected final int lowerBound(long time) {
    long[] t = buf.t();
    int lo = head;
    int hi = buf.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Hands buffer events {@code [from, to)} (absolute indices) to the sink as window number {@code windows}. */
  protected final void emit(long tStart, long tEnd, int from, int to) throws IOException {
    int n = to - from;
    out.clear();
    out.ensureCapacity(Math.max(1, n));
    System.arraycopy(buf.t(), from, out.t(), 0, n);
    System.arraycopy(buf.x(), from, out.x(), 0, n);
    System.arraycopy(buf.y(), from, out.y(), 0, n);
    System.arraycopy(buf.p(), from, out.p(), 0, n);
    out.setSize(n);
    sink.window(new Window(windows, tStart, tEnd, bufStart + (from - head), n), out);
    windows++;
  }

  /** Forgets the buffered events before absolute index {@code index}. */
  protected final void dropTo(int index) {
    if (index > head) {
      bufStart += index - head;
      head = index;
    }
  }

  /** Moves the live events to the front of the buffer. */
  private void compact() {
    if (head == 0) {
      return;
    }
    int n = buf.size() - head;
    System.arraycopy(buf.t(), head, buf.t(), 0, n);
    System.arraycopy(buf.x(), head, buf.x(), 0, n);
    System.arraycopy(buf.y(), head, buf.y(), 0, n);
    System.arraycopy(buf.p(), head, buf.p(), 0, n);
    buf.setSize(n);
    head = 0;
  }
}
