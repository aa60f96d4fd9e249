package org.neurospark.spark.source;

import org.apache.spark.sql.connector.metric.CustomMetric;

/**
 * The scan's metrics (shown on the scan node in Spark's SQL UI; summed over tasks): {@value #RECORDINGS_OPENED}
 * samples whose recording a task opened, {@value #MALFORMED_RECORDINGS} samples left out by {@code DROPMALFORMED},
 * {@value #EVENTS_READ} events returned.
 */
public final class SourceMetrics {
  private SourceMetrics() {}

  public static final String RECORDINGS_OPENED = "recordingsOpened";
  public static final String MALFORMED_RECORDINGS = "malformedRecordings";
  public static final String EVENTS_READ = "eventsRead";

  static CustomMetric[] all() {
    return new CustomMetric[] {new RecordingsOpenedMetric(), new MalformedRecordingsMetric(), new EventsReadMetric()};
  }
}
