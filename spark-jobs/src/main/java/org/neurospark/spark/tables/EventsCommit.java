package org.neurospark.spark.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Format;
import org.apache.spark.sql.delta.actions.Metadata;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One Delta transaction on the {@code events} table written by {@link EventsPartitionWriters}: started before the
 * executors write (it reads the current version), committed once with {@code remove} actions for the data files the
 * run replaces and {@code add} actions for the files the executors reported, so readers see the previous version
 * or the new one, never a mix. The first commit of a new table also carries its metadata (schema
 * {@link Tables#EVENTS}, partitioned by {@link Tables#EVENTS_PARTITIONS}, statistics on {@code sample_id} only).
 * Concurrent writers are excluded by {@link TablesLock}; Delta's optimistic check still refuses a commit if the
 * table changed since the transaction started.
 */
public final class EventsCommit {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String path;
  private final OptimisticTransaction txn;
  private final List<AddFile> current;

  private EventsCommit(String path, OptimisticTransaction txn, List<AddFile> current) {
    this.path = path;
    this.txn = txn;
    this.current = current;
  }

  /** Starts the transaction on the events table at {@code path} (which need not exist yet). */
  public static EventsCommit start(SparkSession spark, String path) {
    DeltaLog log = DeltaLog.forTable(spark, new Path(path));
    OptimisticTransaction txn = log.startTransaction();
    List<AddFile> current = List.of();
    if (txn.readVersion() < 0) {
      DeltaLogFolders.create(spark.sparkContext().hadoopConfiguration(), path);
    } else {
      // the snapshot's files with their statistics (filterFiles() returns them without); the whole table counts as
      // read for Delta's conflict check
      txn.readWholeTable();
      current = new ArrayList<>(txn.snapshot().allFiles().collectAsList());
    }
    return new EventsCommit(path, txn, current);
  }

  /** The data files of the version the transaction read. */
  public List<AddFile> currentFiles() {
    return current;
  }

  /**
   * The data files that may hold rows of any of {@code sampleIds}: those whose {@code sample_id} min/max statistics
   * bracket one of them, and those without statistics.
   */
  public List<AddFile> filesMayHold(NavigableSet<String> sampleIds) {
    List<AddFile> out = new ArrayList<>();
    if (sampleIds.isEmpty()) {
      return out;
    }
    for (AddFile a : current) {
      String[] range = sampleIdRange(a);
      if (range == null) {
        out.add(a);
        continue;
      }
      String first = sampleIds.ceiling(range[0]);
      if (first != null && first.compareTo(range[1]) <= 0) {
        out.add(a);
      }
    }
    return out;
  }

  /** {min, max} of {@code sample_id} from the file's statistics, or null when it has none. */
  static String[] sampleIdRange(AddFile a) {
    if (a.stats() == null) {
      return null;
    }
    try {
      JsonNode s = JSON.readTree(a.stats());
      JsonNode min = s.path("minValues").path("sample_id");
      JsonNode max = s.path("maxValues").path("sample_id");
      if (!min.isTextual() || !max.isTextual()) {
        return null;
      }
      // Delta truncates long string statistics (the max then ends in U+10FFFF / a tie-breaker): a prefix bound is
      // still a bound for the comparison above only if extended, so a truncated max is widened to "anything after"
      String mx = max.asText();
      if (mx.length() >= 32) {
        mx = mx + "\uffff\uffff";
      }
      return new String[] {min.asText(), mx};
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Commits: removes {@code remove} (files of the version read) and adds {@code add}; returns the new version.
   *
   * @param userMetadata JSON recorded in the commit info
   */
  public long commit(Collection<AddFile> remove, Collection<EventsDataFile> add, String userMetadata) {
    List<Action> actions = new ArrayList<>();
    long now = System.currentTimeMillis();
    if (txn.readVersion() < 0) {
      Metadata md = new Metadata(UUID.randomUUID().toString(), null, null,
          new Format("parquet", scalaMap(Map.of())), Tables.EVENTS.json(),
          CollectionConverters.asScala(Tables.EVENTS_PARTITIONS).toSeq(),
          scalaMap(Map.of("delta.dataSkippingStatsColumns", "sample_id")), Option.apply(now));
      txn.updateMetadataForNewTable(md);
    }
    for (AddFile a : remove) {
      actions.add(a.removeWithTimestamp(now, true));
    }
    for (EventsDataFile f : add) {
      actions.add(new AddFile(f.path(), scalaMap(Map.of("split", f.split(), "label", Integer.toString(f.label()))),
          f.sizeBytes(), f.modificationTime(), true, f.statsJson(), null, null, Option.empty(), Option.empty(),
          Option.empty()));
    }
    DeltaOperations.Write op = new DeltaOperations.Write(SaveMode.Overwrite,
        Option.apply(CollectionConverters.asScala(Tables.EVENTS_PARTITIONS).toSeq()), Option.empty(),
        Option.apply(userMetadata));
    return txn.commit(CollectionConverters.asScala(actions).toSeq(), op);
  }

  /** The table's path. */
  public String path() {
    return path;
  }

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> m) {
    scala.collection.immutable.Map<String, String> out = scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> e : m.entrySet()) {
      out = out.updated(e.getKey(), e.getValue());
    }
    return out;
  }
}
