package org.neurospark.spark.source;

import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;
import org.neurospark.spark.ingest.SampleSpec;

/**
 * The samples one task reads, in order (one by default: a recording, or one segment of a DVS128 Gesture recording).
 * Metadata only; the recordings are opened on the executor.
 *
 * @param samples the samples, as the ingest job's lister describes them
 */
public record RecordingPartition(List<SampleSpec> samples) implements InputPartition {
  private static final long serialVersionUID = 1L;

  public RecordingPartition {
    samples = List.copyOf(samples);
  }
}
