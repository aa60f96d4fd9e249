package org.neurospark.spark.testing;

import org.apache.spark.sql.SparkSession;
import org.neurospark.spark.SparkSessions;

/** The embedded {@code local[2]} session the tests share within a class (loopback only, no UI), set up as the jobs set up theirs. */
public final class TestSpark {
  private TestSpark() {}

  /** A new {@code local[2]} session; the test class stops it in {@code @AfterAll}. */
  public static SparkSession start(String name) {
    return SparkSessions.onDriver(SparkSessions.configure(SparkSession.builder().appName(name).master("local[2]"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
        .getOrCreate());
  }
}
