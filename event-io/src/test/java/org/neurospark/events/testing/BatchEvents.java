package org.neurospark.events.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.io.EventFiles;

/** Small helpers for tests: read a whole recording, build batches, slice columns. */
public final class BatchEvents {
  private BatchEvents() {}

  /** All events of {@code file} in one batch. */
  public static EventBatch readAll(Path file) throws IOException {
    EventBatch all = new EventBatch(1024);
    try (EventReader r = EventFiles.open(file)) {
      EventBatch b = new EventBatch(4096);
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }

  /** A batch holding the given rows {t, x, y, p}. */
  public static EventBatch of(long[]... rows) {
    EventBatch b = new EventBatch(Math.max(1, rows.length));
    for (long[] r : rows) {
      b.add(r[0], (int) r[1], (int) r[2], (int) r[3]);
    }
    return b;
  }

  /** Event {@code i} as {t, x, y, p}. */
  public static long[] event(EventBatch b, int i) {
    return new long[] {b.t()[i], b.x()[i], b.y()[i], b.p()[i]};
  }

  /** Events {@code [from, to)} as an independent batch. */
  public static EventBatch range(EventBatch b, int from, int to) {
    EventBatch c = new EventBatch(Math.max(1, to - from));
    for (int i = from; i < to; i++) {
      c.add(b.t()[i], b.x()[i], b.y()[i], b.p()[i]);
    }
    return c;
  }

  /** True when both batches hold the same events in the same order. */
  public static boolean same(EventBatch a, EventBatch b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.t()[i] != b.t()[i] || a.x()[i] != b.x()[i] || a.y()[i] != b.y()[i] || a.p()[i] != b.p()[i]) {
        return false;
      }
    }
    return true;
  }
}
