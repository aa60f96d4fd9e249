package org.neurospark.events.parquet;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.neurospark.events.arrow.EventSchema;

/**
 * Writes one event per record from a reused {@link EventCursor} (no per-event objects): the cursor points at row
 * {@code i} of an {@link org.neurospark.events.EventBatch} and this support emits its t, x, y, p.
 */
final class EventWriteSupport extends WriteSupport<EventCursor> {
  private final Map<String, String> metadata;
  private RecordConsumer rc;

  EventWriteSupport(Map<String, String> metadata) {
    this.metadata = metadata;
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(ParquetEventSchema.MESSAGE, metadata);
  }

  /** Hadoop entry point (unused when writing through {@link ParquetEventWriter}; kept for Hadoop callers). */
  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(ParquetEventSchema.MESSAGE, metadata);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.rc = recordConsumer;
  }

  @Override
  public void write(EventCursor e) {
    int i = e.row;
    rc.startMessage();
    rc.startField(EventSchema.T, 0);
    rc.addLong(e.batch.t()[i]);
    rc.endField(EventSchema.T, 0);
    rc.startField(EventSchema.X, 1);
    rc.addInteger(e.batch.x()[i]);
    rc.endField(EventSchema.X, 1);
    rc.startField(EventSchema.Y, 2);
    rc.addInteger(e.batch.y()[i]);
    rc.endField(EventSchema.Y, 2);
    rc.startField(EventSchema.P, 3);
    rc.addInteger(e.batch.p()[i]);
    rc.endField(EventSchema.P, 3);
    rc.endMessage();
  }
}
