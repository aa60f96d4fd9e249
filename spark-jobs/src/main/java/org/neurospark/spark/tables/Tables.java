package org.neurospark.spark.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta tables under a {@code TABLES} folder and their schemas.
 *
 * <ul>
 *   <li>{@code samples/}: one row per sample ({@link #SAMPLES}).</li>
 *   <li>{@code events/}: one row per event ({@link #EVENTS}), partitioned by {@code split} and {@code label}; the
 *   events of a sample are contiguous and in file order within one Parquet file.</li>
 *   <li>{@code errors/}: recordings that failed to decode in the latest ingest ({@link #ERRORS}).</li>
 *   <li>{@code frames/}: integrated frames ({@code frames} job).</li>
 * </ul>
 *
 * <p>Cross-table consistency: ingest commits {@code events} first and then {@code samples}; the {@code samples}
 * commit records, in its commit info's {@code userMetadata} (JSON), the {@code events_version} it belongs to. A
 * reader that wants exactly the events of the current samples reads {@code events} at that version
 * ({@link #events(SparkSession, String)}); a run killed between the two commits leaves {@code samples} pointing at
 * the previous, complete {@code events} version.
 */
public final class Tables {
  private Tables() {}

  /** {@code samples} columns: widths/heights in pixels (0 when undeclared), times in µs, size in bytes. */
  public static final StructType SAMPLES = new StructType(new StructField[] {
      DataTypes.createStructField("sample_id", DataTypes.StringType, false),
      DataTypes.createStructField("dataset", DataTypes.StringType, false),
      DataTypes.createStructField("split", DataTypes.StringType, false),
      DataTypes.createStructField("label", DataTypes.IntegerType, false),
      DataTypes.createStructField("class_name", DataTypes.StringType, false),
      DataTypes.createStructField("path", DataTypes.StringType, false),
      DataTypes.createStructField("format", DataTypes.StringType, false),
      DataTypes.createStructField("width", DataTypes.IntegerType, false),
      DataTypes.createStructField("height", DataTypes.IntegerType, false),
      DataTypes.createStructField("events", DataTypes.LongType, false),
      DataTypes.createStructField("t_first", DataTypes.LongType, true),
      DataTypes.createStructField("t_last", DataTypes.LongType, true),
      DataTypes.createStructField("size_bytes", DataTypes.LongType, false),
      DataTypes.createStructField("modified_ms", DataTypes.LongType, false),
      DataTypes.createStructField("checksum", DataTypes.StringType, false)});

  /** {@code events} columns: t in µs as the file stores it, x/y pixels, p 1 = ON; split/label partition it. */
  public static final StructType EVENTS = new StructType(new StructField[] {
      DataTypes.createStructField("sample_id", DataTypes.StringType, false),
      DataTypes.createStructField("t", DataTypes.LongType, false),
      DataTypes.createStructField("x", DataTypes.ShortType, false),
      DataTypes.createStructField("y", DataTypes.ShortType, false),
      DataTypes.createStructField("p", DataTypes.ByteType, false),
      DataTypes.createStructField("split", DataTypes.StringType, false),
      DataTypes.createStructField("label", DataTypes.IntegerType, false)});

  /** Partition columns of {@code events}. */
  public static final List<String> EVENTS_PARTITIONS = List.of("split", "label");

  /** {@code errors} columns: the recording, the byte offset of the problem (−1 when unknown), message, run id. */
  public static final StructType ERRORS = new StructType(new StructField[] {
      DataTypes.createStructField("path", DataTypes.StringType, false),
      DataTypes.createStructField("offset", DataTypes.LongType, false),
      DataTypes.createStructField("message", DataTypes.StringType, false),
      DataTypes.createStructField("run", DataTypes.StringType, false)});

  public static String samples(String tables) {
    return child(tables, "samples");
  }

  public static String events(String tables) {
    return child(tables, "events");
  }

  public static String errors(String tables) {
    return child(tables, "errors");
  }

  public static String frames(String tables) {
    return child(tables, "frames");
  }

  private static String child(String tables, String name) {
    return tables.endsWith("/") ? tables + name : tables + "/" + name;
  }

  /** True when {@code path} holds a Delta table. */
  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /**
   * The latest version of the Delta table at {@code path}, or −1 when there is none; reads only the log's newest
   * entries (no Spark job), and the snapshot stays cached for a transaction started next on the same table.
   */
  public static long latestVersion(SparkSession spark, String path) {
    org.apache.spark.sql.delta.DeltaLog log = org.apache.spark.sql.delta.DeltaLog.forTable(spark,
        new org.apache.hadoop.fs.Path(path));
    return log.update(false, scala.Option.empty(), scala.Option.empty()).version();
  }

  /** The latest version of the Delta table at {@code path}. */
  public static long version(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
  }

  /**
   * The commit's {@code userMetadata} of the latest version of the table at {@code path}, or null. Read on the driver
   * from the newest commit file, parsed by Delta ({@code DeltaLog.getChanges}): Delta's history API runs a Spark job
   * and its DataFrame query planning, 0.3-0.5 s per call on a warm session.
   */
  public static JsonNode latestUserMetadata(SparkSession spark, String path) {
    long v = latestVersion(spark, path);
    if (v < 0) {
      return null;
    }
    scala.collection.Iterator<scala.Tuple2<Object, scala.collection.immutable.Seq<
        org.apache.spark.sql.delta.actions.Action>>> changes = org.apache.spark.sql.delta.DeltaLog.forTable(spark,
            new org.apache.hadoop.fs.Path(path)).getChanges(v, v, true);
    while (changes.hasNext()) {
      scala.collection.Iterator<org.apache.spark.sql.delta.actions.Action> actions = changes.next()._2().iterator();
      while (actions.hasNext()) {
        if (actions.next() instanceof org.apache.spark.sql.delta.actions.CommitInfo info) {
          if (info.userMetadata().isEmpty()) {
            return null;
          }
          try {
            return new ObjectMapper().readTree(info.userMetadata().get());
          } catch (IOException e) {
            return null;
          }
        }
      }
    }
    return null;
  }

  /**
   * The rows of the latest version of the small unpartitioned table at {@code path} ({@code samples}), with the
   * columns of {@code columns} in that order: read on the driver from its data files where the log allows
   * ({@link SmallTableRows}), else through Spark. The same rows either way.
   */
  public static List<Row> rows(SparkSession spark, String path, StructType columns) {
    java.util.Optional<List<Row>> direct = SmallTableRows.read(spark, path, columns);
    if (direct.isPresent()) {
      return direct.get();
    }
    String[] names = columns.fieldNames();
    return spark.read().format("delta").load(path).select(names[0], java.util.Arrays.copyOfRange(names, 1,
        names.length)).collectAsList();
  }

  /** The current {@code samples} table. */
  public static Dataset<Row> samples(SparkSession spark, String tables) {
    return spark.read().format("delta").load(samples(tables));
  }

  /**
   * The {@code events} table at the version the current {@code samples} belong to (the latest version when the
   * samples commit does not name one).
   */
  public static Dataset<Row> events(SparkSession spark, String tables) {
    return spark.read().format("delta").option("versionAsOf", pairedEventsVersion(spark, tables))
        .load(events(tables));
  }

  /**
   * The same rows as {@link #events(SparkSession, String)} with their position in the table's Parquet files: column
   * {@code f} (data file URI) and {@code r} (0-based row index in that file). Ordering by {@code (f, r)} gives file
   * order within each sample (ingest writes a sample's events contiguously, in file order, into one data file).
   * Reads the data files of the paired Delta version with Spark's Parquet source, which exposes
   * {@code _metadata.row_index} (Delta's own scan does not).
   */
  public static Dataset<Row> eventsInFileOrder(SparkSession spark, String tables) {
    String[] files = events(spark, tables).inputFiles();
    if (files.length == 0) {
      return spark.createDataFrame(java.util.List.of(), EVENTS)
          .selectExpr("*", "CAST(NULL AS string) AS f", "CAST(NULL AS bigint) AS r");
    }
    return spark.read().option("basePath", events(tables)).schema(EVENTS).parquet(files)
        .selectExpr("sample_id", "t", "x", "y", "p", "split", "label", "_metadata.file_path AS f",
            "_metadata.row_index AS r");
  }

  /** The {@code events} version recorded by the latest {@code samples} commit (or the latest events version). */
  public static long pairedEventsVersion(SparkSession spark, String tables) {
    JsonNode meta = latestUserMetadata(spark, samples(tables));
    if (meta != null && meta.has("events_version")) {
      return meta.get("events_version").asLong();
    }
    return latestVersion(spark, events(tables));
  }
}
