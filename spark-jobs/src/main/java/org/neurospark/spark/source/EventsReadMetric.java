package org.neurospark.spark.source;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Scan metric {@link SourceMetrics#EVENTS_READ}: events read from recordings, summed over tasks. */
public final class EventsReadMetric extends CustomSumMetric {
  public EventsReadMetric() {}

  @Override
  public String name() {
    return SourceMetrics.EVENTS_READ;
  }

  @Override
  public String description() {
    return "events read from recordings";
  }
}
