package org.neurospark.spark.source;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Scan metric {@link SourceMetrics#MALFORMED_RECORDINGS}: malformed samples left out (DROPMALFORMED), summed over tasks. */
public final class MalformedRecordingsMetric extends CustomSumMetric {
  public MalformedRecordingsMetric() {}

  @Override
  public String name() {
    return SourceMetrics.MALFORMED_RECORDINGS;
  }

  @Override
  public String description() {
    return "malformed samples left out (DROPMALFORMED)";
  }
}
