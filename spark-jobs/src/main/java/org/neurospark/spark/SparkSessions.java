package org.neurospark.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.neurospark.spark.io.NioLocalFs;

/**
 * Builds the {@link SparkSession} the Neurospark jobs run in: Delta Lake's SQL extension and catalog, plus the
 * settings the jobs rely on. Callers own the session and stop it.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The settings every Neurospark session needs, applied to {@code builder}:
   * <ul>
   *   <li>Delta Lake's session extension and catalog;</li>
   *   <li>{@code spark.sql.maxConcurrentOutputFileWriters}: partitioned writes route rows to one open writer per
   *   partition folder instead of sorting by the partition columns, so the events of a sample stay in file order
   *   in the Parquet files (a sort by partition columns is not guaranteed stable once it spills);</li>
   *   <li>{@value #SNAPSHOT_PARTITIONS} = 1 unless the launcher sets it ({@code --conf}, {@code spark-defaults}):
   *   Delta rebuilds a table's state with a Spark job each time a job reads or commits one, in 50 partitions by
   *   default; the Neurospark tables' logs are small (a commit per run, at most thousands of files), and 50 tiny
   *   tasks per snapshot cost seconds (a frames run on 22,400 samples: 42 s → 28 s in a fresh JVM on
   *   {@code local[1]}). Tables with very long logs may want more.</li>
   *   <li>{@value #ADAPTIVE} = false unless the launcher sets it: the jobs' own work runs as RDD jobs, and the Spark
   *   SQL they run is Delta's state reconstruction and reads of the small {@code samples} table, where adaptive
   *   execution's query stages cost more than they save (a frames run's planning on 22,400 samples:
   *   2.1-2.5 s → 1.6-1.7 s, warm JVM, {@code local[1]} and {@code local[2]}). Results are the same either way.</li>
   * </ul>
   */
  public static SparkSession.Builder configure(SparkSession.Builder builder) {
    builder
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.maxConcurrentOutputFileWriters", "1024");
    SparkConf launcher = new SparkConf();
    if (!launcher.contains(SNAPSHOT_PARTITIONS)) {
      builder.config(SNAPSHOT_PARTITIONS, "1");
    }
    if (!launcher.contains(ADAPTIVE)) {
      builder.config(ADAPTIVE, "false");
    }
    return builder;
  }

  /** Spark SQL's adaptive query execution. */
  public static final String ADAPTIVE = "spark.sql.adaptive.enabled";

  /** Delta Lake's setting for the partitions of a snapshot's state reconstruction. */
  public static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  /**
   * A session for {@code master} (e.g. {@code local[*]}, {@code spark://host:7077}); when {@code master} is null the
   * master comes from the launcher ({@code spark-submit --master}).
   */
  public static SparkSession create(String appName, String master) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (master != null) {
      b.master(master);
    }
    return onDriver(configure(b).getOrCreate());
  }

  /**
   * Settings of a started session's driver, returning {@code spark}: the {@code file:} file system of Hadoop's
   * {@code FileContext} ({@value NioLocalFs#SETTING}) becomes {@link NioLocalFs} where it is Hadoop's default
   * ({@value #HADOOP_LOCAL_FS}; a launcher's {@code spark.hadoop.} setting or a {@code core-site.xml} that names
   * another stays). Delta Lake writes each commit and checksum file of a local table through it; Hadoop's own starts
   * about 20 {@code chmod}/{@code readlink} processes per commit, which took 60 % of a commit on a busy 2-core machine.
   * Only the driver commits, so executors keep Hadoop's.
   */
  public static SparkSession onDriver(SparkSession spark) {
    org.apache.hadoop.conf.Configuration h = spark.sparkContext().hadoopConfiguration();
    if (HADOOP_LOCAL_FS.equals(h.get(NioLocalFs.SETTING))) {
      h.set(NioLocalFs.SETTING, NioLocalFs.class.getName());
    }
    return spark;
  }

  /** Hadoop's default {@code file:} {@code AbstractFileSystem}. */
  static final String HADOOP_LOCAL_FS = "org.apache.hadoop.fs.local.LocalFs";
}
