package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.AddFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.spark.testing.TestSpark;

/**
 * {@link DeltaReplay} and {@link SmallTableRows} against Delta's own reading: the same data files and rows for every
 * version of tables written by Delta (appends, overwrites, deletes, a checkpoint, partitions), and empty (Delta must
 * read) where the replay cannot stand for it: deletion vectors, column mapping, a cleaned-up log start.
 */
class DeltaReplayTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("DeltaReplayTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> rows(int from, int to) {
    return spark.range(from, to).selectExpr("CAST(id AS STRING) AS sample_id", "CAST(id % 3 AS INT) AS label",
        "CAST(id * 7 AS BIGINT) AS events", "IF(id % 5 = 0, NULL, 'train') AS split");
  }

  /** Delta's file list of version {@code v} (time travel, state reconstruction). */
  private static TreeSet<String> deltaFiles(String path, long v) {
    return new TreeSet<>(Arrays.asList(spark.read().format("delta").option("versionAsOf", v).load(path)
        .inputFiles()));
  }

  private static TreeSet<String> replayed(String path, long v) {
    DeltaReplay r = DeltaReplay.of(spark, path, v).orElseThrow(() -> new AssertionError("no replay of v" + v));
    return new TreeSet<>(r.uris(path, spark.sparkContext().hadoopConfiguration()));
  }

  @Test
  void everyVersionHasDeltasFilesAndRows(@TempDir Path tmp) throws Exception {
    String path = tmp.resolve("t").toUri().toString();
    rows(0, 10).repartition(2).write().format("delta").save(path); // v0
    rows(10, 20).write().format("delta").mode("append").save(path); // v1
    rows(20, 25).repartition(3).write().format("delta").mode("overwrite").save(path); // v2: removes
    spark.sql("DELETE FROM delta.`" + path + "` WHERE sample_id = '21'"); // v3: rewrites a file
    for (int i = 0; i < 8; i++) {
      rows(100 + i, 101 + i).write().format("delta").mode("append").save(path); // v4..v11, a checkpoint at v10
    }
    assertTrue(Files.exists(tmp.resolve("t/_delta_log/00000000000000000010.checkpoint.parquet")));
    long latest = Tables.latestVersion(spark, path);
    assertEquals(11, latest);
    for (long v = 0; v <= latest; v++) {
      assertEquals(deltaFiles(path, v), replayed(path, v), "version " + v);
    }
    Optional<List<Object[]>> direct = SmallTableRows.read(spark, path, List.of("sample_id", "label", "events",
        "split"), List.of(SmallTableRows.Kind.STRING, SmallTableRows.Kind.INT, SmallTableRows.Kind.LONG,
        SmallTableRows.Kind.STRING));
    assertTrue(direct.isPresent());
    TreeSet<String> got = new TreeSet<>();
    for (Object[] r : direct.get()) {
      got.add(Arrays.toString(r));
    }
    TreeSet<String> want = new TreeSet<>();
    for (Row r : spark.read().format("delta").load(path).collectAsList()) {
      want.add(Arrays.toString(new Object[] {r.getString(0), r.getInt(1), r.getLong(2), r.isNullAt(3) ? null
          : r.getString(3)}));
    }
    assertEquals(want, got);
    assertTrue(got.contains("[20, 2, 140, null]"), got.toString());
    assertFalse(got.contains("[21, 0, 147, train]"), "deleted");
    // a column the files lack, or another type: Spark must read
    assertTrue(SmallTableRows.read(spark, path, List.of("sample_id", "width"), List.of(SmallTableRows.Kind.STRING,
        SmallTableRows.Kind.INT)).isEmpty());
    assertTrue(SmallTableRows.read(spark, path, List.of("events"), List.of(SmallTableRows.Kind.INT)).isEmpty());
    assertTrue(DeltaReplay.of(spark, path, latest + 1).isEmpty(), "no such version");
  }

  @Test
  void partitionedTablesReplayTheirFilesButRowsAreLeftToSpark(@TempDir Path tmp) throws Exception {
    String path = tmp.resolve("p").toUri().toString();
    rows(0, 30).write().format("delta").partitionBy("label").save(path);
    rows(30, 40).write().format("delta").partitionBy("label").mode("append").save(path);
    assertEquals(deltaFiles(path, 1), replayed(path, 1));
    assertEquals(List.of("label"), DeltaReplay.of(spark, path, 1).orElseThrow().partitionColumns());
    assertTrue(SmallTableRows.read(spark, path, List.of("sample_id"), List.of(SmallTableRows.Kind.STRING))
        .isEmpty());
  }

  @Test
  void deletionVectorsColumnMappingAndACleanedLogAreLeftToDelta(@TempDir Path tmp) throws Exception {
    String dv = tmp.resolve("dv").toUri().toString();
    rows(0, 10).write().format("delta").option("delta.enableDeletionVectors", "true").save(dv);
    spark.sql("DELETE FROM delta.`" + dv + "` WHERE sample_id = '3'");
    assertTrue(hasDeletionVector(dv), "the delete wrote a deletion vector");
    assertTrue(DeltaReplay.of(spark, dv, Tables.latestVersion(spark, dv)).isEmpty());

    String cm = tmp.resolve("cm").toUri().toString();
    rows(0, 10).write().format("delta").option("delta.columnMapping.mode", "name")
        .option("delta.minReaderVersion", "2").option("delta.minWriterVersion", "5").save(cm);
    assertTrue(DeltaReplay.of(spark, cm, 0).isEmpty());
    assertTrue(SmallTableRows.read(spark, cm, List.of("sample_id"), List.of(SmallTableRows.Kind.STRING)).isEmpty());

    String cleaned = tmp.resolve("cleaned").toUri().toString();
    for (int i = 0; i < 12; i++) {
      rows(i, i + 1).write().format("delta").mode("append").save(cleaned);
    }
    Files.delete(tmp.resolve("cleaned/_delta_log/00000000000000000000.json")); // as log clean-up does
    DeltaLog.clearCache();
    assertTrue(DeltaReplay.of(spark, cleaned, 11).isEmpty(), "the log no longer starts at version 0");
    assertEquals(12, spark.read().format("delta").load(cleaned).count(), "Delta still reads it (checkpoint)");
  }

  private static boolean hasDeletionVector(String path) {
    List<AddFile> files = new ArrayList<>(DeltaLog.forTable(spark, path).update(false, scala.Option.empty(),
        scala.Option.empty()).allFiles().collectAsList());
    return files.stream().anyMatch(a -> a.deletionVector() != null);
  }
}
