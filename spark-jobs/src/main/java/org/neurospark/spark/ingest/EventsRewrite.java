package org.neurospark.spark.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.functions;
import org.neurospark.events.EventBatch;
import org.neurospark.spark.tables.EventsDataFile;
import org.neurospark.spark.tables.EventsFileWriter;
import org.neurospark.spark.tables.EventsPartitionWriters;
import org.neurospark.spark.tables.Tables;

/**
 * The incremental part of an ingest commit: data files that hold rows of changed or removed samples are removed
 * whole, so the rows of the other samples they hold are first copied into new files (same partition, same order:
 * by source file and row index). Only those files are read; a file holding nothing but stale samples yields no new
 * file. The copy goes through the same {@link EventsFileWriter} as fresh events.
 */
final class EventsRewrite {
  private EventsRewrite() {}

  /**
   * Writes the rows of {@code files} whose {@code sample_id} is not in {@code stale} into new data files of the
   * table at {@code eventsPath}; returns them (not yet committed).
   */
  static List<EventsDataFile> keepOthers(SparkSession spark, JavaSparkContext jsc, String eventsPath,
      List<AddFile> files, Set<String> stale, String codec, String run) {
    if (files.isEmpty()) {
      return List.of();
    }
    String[] paths = new String[files.size()];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = new Path(new Path(eventsPath), new Path(java.net.URI.create(files.get(i).path()))).toString();
    }
    Broadcast<Set<String>> bStale = jsc.broadcast(Set.copyOf(stale));
    List<EventsDataFile> out = new ArrayList<>();
    var rows = spark.read().option("basePath", eventsPath).schema(Tables.EVENTS).parquet(paths)
        .selectExpr("sample_id", "t", "x", "y", "p", "split", "label", "_metadata.file_path AS f",
            "_metadata.row_index AS r")
        .repartition(Math.max(1, Math.min(paths.length, jsc.defaultParallelism())), functions.col("f"))
        .sortWithinPartitions("f", "r");
    for (List<EventsDataFile> part : rows.javaRDD().mapPartitions((Iterator<Row> it) -> {
      TaskContext tc = TaskContext.get();
      String prefix = run + "-rw-" + (tc == null ? 0 : tc.partitionId()) + "-"
          + (tc == null ? 0 : tc.attemptNumber()) + "-" + UUID.randomUUID().toString().substring(0, 8);
      try (EventsPartitionWriters w = new EventsPartitionWriters(eventsPath, new Configuration(), codec, prefix)) {
        copy(it, bStale.value(), w);
        return List.of(w.finish()).iterator();
      }
    }).collect()) {
      out.addAll(part);
    }
    bStale.destroy();
    return out;
  }

  private static void copy(Iterator<Row> rows, Set<String> stale, EventsPartitionWriters w) throws IOException {
    EventBatch b = new EventBatch();
    EventsFileWriter out = null;
    String sample = null;
    String file = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      String id = r.getString(0);
      if (stale.contains(id)) {
        continue;
      }
      String f = r.getString(7);
      if (!id.equals(sample) || !f.equals(file)) {
        flush(out, b);
        sample = id;
        file = f;
        out = w.startSample(r.getString(5), r.getInt(6), id);
      } else if (b.isFull()) {
        flush(out, b);
      }
      b.add(r.getLong(1), r.getShort(2), r.getShort(3), r.getByte(4));
    }
    flush(out, b);
  }

  private static void flush(EventsFileWriter out, EventBatch b) throws IOException {
    if (b.size() > 0) {
      out.write(b, 0, b.size());
      b.clear();
    }
  }
}
