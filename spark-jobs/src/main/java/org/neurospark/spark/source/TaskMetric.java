package org.neurospark.spark.source;

import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** One task's value of a {@link SourceMetrics} metric. */
record TaskMetric(String name, long value) implements CustomTaskMetric {}
