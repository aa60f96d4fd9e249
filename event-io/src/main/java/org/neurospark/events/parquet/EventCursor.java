package org.neurospark.events.parquet;

import org.neurospark.events.EventBatch;

/** A reusable pointer to one row of an {@link EventBatch}, handed to Parquet's record writer. */
final class EventCursor {
  EventBatch batch;
  int row;
}
