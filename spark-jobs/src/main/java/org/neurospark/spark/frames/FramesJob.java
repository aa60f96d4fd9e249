package org.neurospark.spark.frames;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.neurospark.events.EventBatch;
import org.neurospark.spark.cli.UsageException;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.tables.TablesLock;

/**
 * {@code frames}: integrates the events of every sample in {@code TABLES} into SpikingJelly frames with event-io's
 * {@link org.neurospark.events.frames.FrameIntegrator} and writes the Delta table {@code TABLES/frames/} in one
 * commit (replacing the previous frames; the parameters are recorded in the commit's {@code userMetadata}).
 *
 * <p>Events are read at the version the current {@code samples} belong to, one task per Parquet data file, column
 * by column in file order ({@link FrameBuilder}): ingest writes each sample contiguously into exactly one data file,
 * so each task integrates whole samples without a shuffle; no event reaches the driver. The sensor size of a sample is the one in {@code samples} (from the
 * catalog or the file), else {@code --width/--height}; a sample with neither is an error, never a guess.
 */
public final class FramesJob {
  private FramesJob() {}

  /** Runs a frames job in {@code spark}; never exits the JVM. */
  public static FramesSummary run(SparkSession spark, FramesOptions o) throws IOException {
    long start = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String run = Instant.now().toString() + "-" + UUID.randomUUID().toString().substring(0, 8);
    if (!Tables.exists(spark, Tables.samples(o.tables())) || !Tables.exists(spark, Tables.events(o.tables()))) {
      throw new UsageException(o.tables() + " holds no samples/events tables: run ingest first");
    }
    try (TablesLock lock = TablesLock.acquire(o.tables(), jsc.hadoopConfiguration(), "frames", run)) {
      return frames(spark, jsc, o, start);
    }
  }

  private static FramesSummary frames(SparkSession spark, JavaSparkContext jsc, FramesOptions o, long start) {
    Map<String, SampleShape> shapes = new HashMap<>();
    List<String> unsized = new ArrayList<>();
    for (Row r : Tables.samples(spark, o.tables()).select("sample_id", "label", "split", "width", "height", "events")
        .collectAsList()) {
      int w = r.getInt(3) > 0 && r.getInt(4) > 0 ? r.getInt(3) : o.width();
      int h = r.getInt(3) > 0 && r.getInt(4) > 0 ? r.getInt(4) : o.height();
      if (w <= 0 || h <= 0) {
        unsized.add(r.getString(0));
      }
      shapes.put(r.getString(0), new SampleShape(r.getInt(1), r.getString(2), h, w, r.getLong(5)));
    }
    if (!unsized.isEmpty()) {
      throw new UsageException(unsized.size() + " sample(s) have no sensor size in the samples table (neither the "
          + "catalog nor the file declares one), e.g. '" + unsized.get(0) + "': pass --width W --height H");
    }
    Broadcast<Map<String, SampleShape>> bShapes = jsc.broadcast(shapes);
    LongAccumulator frames = jsc.sc().longAccumulator("neurospark.frames.frames");
    LongAccumulator events = jsc.sc().longAccumulator("neurospark.frames.events");
    LongAccumulator bytes = jsc.sc().longAccumulator("neurospark.frames.bytes");
    LongAccumulator samples = jsc.sc().longAccumulator("neurospark.frames.samples");

    // one task per events data file: a file holds whole samples, in file order, so nothing is shuffled
    List<String> files = List.of(Tables.events(spark, o.tables()).inputFiles());
    JavaRDD<Row> built = jsc.parallelize(files, Math.max(1, files.size())).mapPartitions(it -> {
      FrameBuilder b = new FrameBuilder(it, new Configuration(), bShapes.value(), o, frames, events, bytes, samples);
      TaskContext tc = TaskContext.get();
      if (tc != null) {
        tc.addTaskCompletionListener(ctx -> {
          try {
            b.close();
          } catch (IOException e) {
            // a reader that failed to close after the task ended: nothing was written through it
          }
        });
      }
      return b;
    });
    Dataset<Row> rows = spark.createDataFrame(built, FrameRows.schema(o.storage()));

    // samples without events have no rows to group: their (empty) frames are made here
    Set<String> withEvents = new java.util.HashSet<>();
    List<Row> empty = new ArrayList<>();
    for (Map.Entry<String, SampleShape> e : shapes.entrySet()) {
      if (e.getValue().events() == 0) {
        empty.add(FrameBuilder.integrate(e.getKey(), e.getValue(), new EventBatch(1), o));
      } else {
        withEvents.add(e.getKey());
      }
    }
    long emptyFrames = 0;
    long emptyBytes = 0;
    for (Row r : empty) {
      emptyFrames += r.getInt(3);
      emptyBytes += o.storage() == FrameStorage.DENSE ? ((byte[]) r.get(6)).length
          : ((byte[]) r.get(7)).length + ((byte[]) r.get(8)).length;
    }
    Dataset<Row> all = empty.isEmpty() ? rows
        : rows.union(spark.createDataFrame(empty, FrameRows.schema(o.storage())));
    all.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
        .option("userMetadata", o.toJson()).save(Tables.frames(o.tables()));
    if (samples.value() != withEvents.size()) {
      throw new IllegalStateException("frames written for " + samples.value() + " of the " + withEvents.size()
          + " samples with events: the events table lacks samples the samples table lists (re-run ingest)");
    }
    return new FramesSummary(samples.value() + empty.size(), frames.value() + emptyFrames, events.value(),
        bytes.value() + emptyBytes, (System.nanoTime() - start) / 1e9);
  }
}
