package org.neurospark.events.slicing;

import java.io.IOException;
import org.neurospark.events.EventBatch;

/**
 * Receives the events of labelled segments as they stream: {@link #begin}, zero or more {@link #events} chunks, then
 * {@link #end}. Segments that overlap in time may be open together. Chunk batches are reused after each call.
 */
public interface SegmentSink {
  void begin(LabeledSegment segment) throws IOException;

  void events(LabeledSegment segment, EventBatch chunk) throws IOException;

  void end(LabeledSegment segment, long eventCount) throws IOException;
}
