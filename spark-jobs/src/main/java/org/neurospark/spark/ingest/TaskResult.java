package org.neurospark.spark.ingest;

import java.io.Serializable;
import java.util.List;
import org.neurospark.spark.tables.EventsDataFile;

/**
 * What one ingest task sends back to the driver (metadata only, never events): an outcome per recording and the
 * {@code events} data files it wrote. Serializes as a {@link CompactForm}.
 */
public record TaskResult(List<FileOutcome> outcomes, List<EventsDataFile> files) implements Serializable {
  public TaskResult {
    outcomes = List.copyOf(outcomes);
    files = List.copyOf(files);
  }

  private Object writeReplace() {
    return CompactForm.of(this);
  }
}
