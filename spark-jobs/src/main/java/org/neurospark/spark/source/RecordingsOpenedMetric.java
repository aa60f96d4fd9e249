package org.neurospark.spark.source;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Scan metric {@link SourceMetrics#RECORDINGS_OPENED}: samples whose recording was opened, summed over tasks. */
public final class RecordingsOpenedMetric extends CustomSumMetric {
  public RecordingsOpenedMetric() {}

  @Override
  public String name() {
    return SourceMetrics.RECORDINGS_OPENED;
  }

  @Override
  public String description() {
    return "samples whose recording was opened";
  }
}
