package org.neurospark.events.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;

/**
 * A reader drained to its end by one reused batch: the events read and the bytes the reading thread allocated after
 * the first batch (which may set up lazy one-time state). Streaming tests bound the allocation.
 *
 * @param events events read in total
 * @param allocated bytes allocated by this thread while reading every batch after the first
 */
public record ReadLoop(long events, long allocated) {
  /** Drains {@code r}. */
  public static ReadLoop drain(EventReader r) throws IOException {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    EventBatch b = new EventBatch();
    r.read(b);
    long events = b.size();
    long before = mx.getThreadAllocatedBytes(self);
    while (r.read(b)) {
      events += b.size();
    }
    return new ReadLoop(events, mx.getThreadAllocatedBytes(self) - before);
  }
}
