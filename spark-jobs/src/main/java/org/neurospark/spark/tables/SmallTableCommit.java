package org.neurospark.spark.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.VersionChecksum;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Format;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Replaces the whole content of an unpartitioned Delta table in one commit, without Spark SQL: the new data files are
 * written with {@link RowsParquetFile} (by the driver for small tables such as {@code samples} and {@code errors}, by
 * executors for {@code frames}) and committed with {@code remove} actions for every file of the version read. A
 * table that does not exist yet is created with the schema in the same commit; a table whose schema differs (dense
 * vs sparse frames) gets the new schema in that commit. Readers see the previous content or the new one, never a mix;
 * files of a run killed before its commit are never listed by the log.
 */
public final class SmallTableCommit {
  private SmallTableCommit() {}

  /**
   * Writes {@code rows} (matching {@code schema}) on the driver as the new content of the table at {@code path}.
   *
   * @param codecName Parquet codec as Spark names it ({@code snappy}, {@code zstd}, {@code none}/{@code uncompressed})
   * @param userMetadata JSON recorded in the commit info
   * @param skipWhenBothEmpty when true, an existing table with no data files and no {@code rows} is left as it is
   *     (no commit)
   * @return the table's version after the call
   */
  public static long replace(SparkSession spark, String path, StructType schema, List<Row> rows, String codecName,
      String userMetadata, boolean skipWhenBothEmpty) {
    DeltaLog log = DeltaLog.forTable(spark, new Path(path));
    OptimisticTransaction txn = log.startTransaction();
    List<AddFile> current = current(txn);
    if (skipWhenBothEmpty && txn.readVersion() >= 0 && current.isEmpty() && rows.isEmpty()) {
      return txn.readVersion();
    }
    // write() makes a new table's folders first
    return commit(txn, current, schema, write(spark, path, schema, rows, codecName), userMetadata);
  }

  /**
   * Writes {@code rows} (matching {@code schema}) on the driver as one new data file in the folder of the table at
   * {@code path}, for {@link #replaceWithFiles} (no file when there are no rows). Until that commit no reader sees
   * it, so it can be written while other work (e.g. another table's commit) goes on.
   *
   * @param codecName Parquet codec as Spark names it ({@code snappy}, {@code zstd}, {@code none}/{@code uncompressed})
   * @return the written file, or no file
   */
  public static List<RowsParquetFile.Written> write(SparkSession spark, String path, StructType schema,
      List<Row> rows, String codecName) {
    // a copy of the session's Hadoop settings (new Configuration() would parse Hadoop's XML files again)
    Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
    DeltaLogFolders.create(conf, path); // before the data file: its folder is the table's
    List<RowsParquetFile.Written> files = new ArrayList<>();
    try {
      RowsParquetFile.Written w = RowsParquetFile.write(new Path(path),
          RowsParquetFile.fileName("00000-" + UUID.randomUUID(), codecName), schema, rows.iterator(), codecName,
          conf);
      if (w != null) {
        files.add(w);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a data file of " + path + ": " + e.getMessage(), e);
    }
    return files;
  }

  /**
   * Commits {@code files} (already written into the table's folder by {@link RowsParquetFile}) as the new content of
   * the table at {@code path}, with schema {@code schema}; returns the new version.
   */
  public static long replaceWithFiles(SparkSession spark, String path, StructType schema,
      List<RowsParquetFile.Written> files, String userMetadata) {
    OptimisticTransaction txn = DeltaLog.forTable(spark, new Path(path)).startTransaction();
    if (txn.readVersion() < 0) {
      DeltaLogFolders.create(spark.sparkContext().hadoopConfiguration(), path);
    }
    return commit(txn, current(txn), schema, files, userMetadata);
  }

  private static List<AddFile> current(OptimisticTransaction txn) {
    if (txn.readVersion() < 0) {
      return List.of();
    }
    txn.readWholeTable();
    // the file count from the version's checksum file when it has one: an empty table needs no Spark job
    Option<VersionChecksum> crc = txn.snapshot().checksumOpt();
    if (crc.isDefined() && crc.get().numFiles() == 0) {
      return List.of();
    }
    return txn.snapshot().allFiles().collectAsList();
  }

  private static long commit(OptimisticTransaction txn, List<AddFile> current, StructType schema,
      List<RowsParquetFile.Written> files, String userMetadata) {
    List<Action> actions = new ArrayList<>();
    long now = System.currentTimeMillis();
    if (txn.readVersion() < 0) {
      txn.updateMetadataForNewTable(new Metadata(UUID.randomUUID().toString(), null, null,
          new Format("parquet", scalaMap(Map.of())), schema.json(),
          CollectionConverters.asScala(List.<String>of()).toSeq(), scalaMap(Map.of()), Option.apply(now)));
    } else if (!txn.metadata().schema().equals(schema)) {
      Metadata m = txn.metadata();
      txn.updateMetadata(new Metadata(m.id(), m.name(), m.description(), m.format(), schema.json(),
          m.partitionColumns(), m.configuration(), m.createdTime()), false);
    }
    for (AddFile a : current) {
      actions.add(a.removeWithTimestamp(now, true));
    }
    for (RowsParquetFile.Written f : files) {
      actions.add(new AddFile(new Path(f.name()).toUri().toString(), scalaMap(Map.of()), f.sizeBytes(),
          f.modificationTime(), true, "{\"numRecords\":" + f.numRecords() + "}", null, null, Option.empty(),
          Option.empty(), Option.empty()));
    }
    DeltaOperations.Write op = new DeltaOperations.Write(SaveMode.Overwrite,
        Option.apply(CollectionConverters.asScala(List.<String>of()).toSeq()), Option.empty(),
        Option.apply(userMetadata));
    return txn.commit(CollectionConverters.asScala(actions).toSeq(), op);
  }

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> m) {
    scala.collection.immutable.Map<String, String> out = scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> e : m.entrySet()) {
      out = out.updated(e.getKey(), e.getValue());
    }
    return out;
  }
}
