package org.neurospark.events.slicing;

import java.io.IOException;
import org.neurospark.events.EventBatch;

/**
 * Receives the windows of a {@link StreamSlicer} in order — the integrator interface: a frame integrator turns each
 * window's events into one frame, a writer stores them as one sample. The batch is reused after the call returns;
 * copy what must be kept.
 */
@FunctionalInterface
public interface WindowSink {
  void window(Window window, EventBatch events) throws IOException;
}
