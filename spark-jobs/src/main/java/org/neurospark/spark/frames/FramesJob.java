package org.neurospark.spark.frames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.neurospark.events.EventBatch;
import org.neurospark.spark.cli.UsageException;
import org.neurospark.spark.tables.DeltaReplay;
import org.neurospark.spark.tables.DirectRowsFile;
import org.neurospark.spark.tables.RowsParquetFile;
import org.neurospark.spark.tables.SmallTableCommit;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.tables.TablesLock;

/**
 * {@code frames}: integrates the events of every sample in {@code TABLES} into SpikingJelly frames with event-io's
 * {@link org.neurospark.events.frames.FrameIntegrator} and writes the Delta table {@code TABLES/frames/} in one
 * commit (replacing the previous frames; the parameters are recorded in the commit's {@code userMetadata}).
 *
 * <p>Events are read at the version the current {@code samples} belong to, whole Parquet data files per task, in
 * columnar batches in file order ({@link FrameBuilder}): ingest writes each sample contiguously into exactly one data
 * file, so each task integrates whole samples without a shuffle; no event reaches the driver. Each task writes its
 * frames rows into one Parquet file ({@link RowsParquetFile}, no Spark SQL) and the driver commits all files at once
 * ({@link SmallTableCommit}). The sensor size of a sample is the one in {@code samples} (from the catalog or the
 * file), else {@code --width/--height}; a sample with neither is an error, never a guess.
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
    // sample_id, split, label, width, height, events (the samples schema's order); read without a Spark job where
    // the log allows
    for (Row r : Tables.rows(spark, Tables.samples(o.tables()), SAMPLE_COLUMNS)) {
      int w = r.getInt(3) > 0 && r.getInt(4) > 0 ? r.getInt(3) : o.width();
      int h = r.getInt(3) > 0 && r.getInt(4) > 0 ? r.getInt(4) : o.height();
      if (w <= 0 || h <= 0) {
        unsized.add(r.getString(0));
      }
      shapes.put(r.getString(0), new SampleShape(r.getInt(2), r.getString(1), h, w, r.getLong(5)));
    }
    if (!unsized.isEmpty()) {
      throw new UsageException(unsized.size() + " sample(s) have no sensor size in the samples table (neither the "
          + "catalog nor the file declares one), e.g. '" + unsized.get(0) + "': pass --width W --height H");
    }
    Broadcast<Map<String, SampleShape>> bShapes = jsc.broadcast(shapes);
    String framesPath = Tables.frames(o.tables());
    String codec = spark.conf().get("spark.sql.parquet.compression.codec", "snappy");
    StructType schema = FrameRows.schema(o.storage());

    // each task reads whole events data files (a file holds whole samples, in file order: nothing is shuffled) and
    // writes its frames rows into one Parquet file of the frames table; the driver commits the files in one commit
    List<String> files = eventsFiles(spark, o.tables());
    int tasks = Math.max(1, Math.min(files.size(), 3 * jsc.defaultParallelism()));
    List<List<String>> groups = FileGroups.balance(files, sizes(files, jsc.hadoopConfiguration()), tasks);
    long tasksAt = System.nanoTime();
    List<TaskFrames> done = jsc.parallelize(groups, groups.size()).mapPartitions(it -> {
      TaskContext tc = TaskContext.get();
      String prefix = (tc == null ? 0 : tc.partitionId()) + "-" + (tc == null ? 0 : tc.attemptNumber()) + "-"
          + UUID.randomUUID();
      List<String> mine = new ArrayList<>();
      it.forEachRemaining(mine::addAll);
      try (FrameBuilder b = new FrameBuilder(mine.iterator(), bShapes.value(), o)) {
        String name = RowsParquetFile.fileName(prefix, codec);
        RowsParquetFile.Written w;
        if (DirectRowsFile.supports(codec)) {
          // values straight into the pages (uncompressed, snappy, zstd)
          try (DirectRowsFile f = new DirectRowsFile(new Path(framesPath), name, schema, codec,
              new Configuration())) {
            b.writeAll(f);
            w = f.finish();
          }
        } else {
          w = RowsParquetFile.write(new Path(framesPath), name, schema, b, codec, new Configuration());
        }
        if (tc != null && w != null) {
          // the rows and bytes written become the task's output metrics (UI, event log), as Spark's writers report
          org.apache.spark.executor.OutputMetrics m = tc.taskMetrics().outputMetrics();
          m.setRecordsWritten(m.recordsWritten() + w.numRecords());
          m.setBytesWritten(m.bytesWritten() + w.sizeBytes());
        }
        return List.of(new TaskFrames(w, b.totals())).iterator();
      }
    }).collect();
    long tasksDoneAt = System.nanoTime();
    bShapes.destroy();

    // samples without events have no events rows: their (empty) frames are made here
    List<RowsParquetFile.Written> written = new ArrayList<>();
    long[] totals = new long[4];
    for (TaskFrames t : done) {
      if (t.file() != null) {
        written.add(t.file());
      }
      for (int k = 0; k < totals.length; k++) {
        totals[k] += t.totals()[k];
      }
    }
    long withEvents = 0;
    List<Row> empty = new ArrayList<>();
    for (Map.Entry<String, SampleShape> e : shapes.entrySet()) {
      if (e.getValue().events() == 0) {
        empty.add(FrameBuilder.integrate(e.getKey(), e.getValue(), new EventBatch(1), o));
      } else {
        withEvents++;
      }
    }
    if (totals[0] != withEvents) {
      throw new IllegalStateException("frames made for " + totals[0] + " of the " + withEvents + " samples with "
          + "events: the events table lacks samples the samples table lists (re-run ingest)");
    }
    long emptyFrames = 0;
    long emptyBytes = 0;
    for (Row r : empty) {
      emptyFrames += r.getInt(3);
      emptyBytes += o.storage() == FrameStorage.DENSE ? ((byte[]) r.get(6)).length
          : ((byte[]) r.get(7)).length + ((byte[]) r.get(8)).length;
    }
    try {
      RowsParquetFile.Written w = RowsParquetFile.write(new Path(framesPath), RowsParquetFile.fileName("empty-"
          + UUID.randomUUID(), codec), schema, empty.iterator(), codec, new Configuration());
      if (w != null) {
        written.add(w);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a data file of " + framesPath + ": " + e.getMessage(), e);
    }
    SmallTableCommit.replaceWithFiles(spark, framesPath, schema, written, o.toJson());
    long end = System.nanoTime();
    return new FramesSummary(totals[0] + empty.size(), totals[1] + emptyFrames, totals[2], totals[3] + emptyBytes,
        (end - start) / 1e9, new FramesPhases((tasksAt - start) / 1e9, (tasksDoneAt - tasksAt) / 1e9,
        (end - tasksDoneAt) / 1e9));
  }

  /** The columns of {@code samples} frames needs. */
  private static final StructType SAMPLE_COLUMNS = new StructType(java.util.Arrays.stream(Tables.SAMPLES.fields())
      .filter(f -> List.of("sample_id", "label", "split", "width", "height", "events").contains(f.name()))
      .toArray(org.apache.spark.sql.types.StructField[]::new));

  /**
   * The data files of the {@code events} version the current {@code samples} belong to: replayed from the log on the
   * driver where it allows ({@link DeltaReplay}), else Delta's file list.
   */
  private static List<String> eventsFiles(SparkSession spark, String tables) {
    String path = Tables.events(tables);
    long version = Tables.pairedEventsVersion(spark, tables);
    java.util.Optional<DeltaReplay> replay = DeltaReplay.of(spark, path, version);
    if (replay.isPresent()) {
      return replay.get().uris(path, spark.sparkContext().hadoopConfiguration());
    }
    return List.of(spark.read().format("delta").option("versionAsOf", version).load(path).inputFiles());
  }

  /** The sizes in bytes of {@code files} (URIs), for balancing the tasks. */
  private static long[] sizes(List<String> files, Configuration conf) {
    long[] out = new long[files.size()];
    try {
      for (int i = 0; i < out.length; i++) {
        Path p = new Path(files.get(i));
        out[i] = p.getFileSystem(conf).getFileStatus(p).getLen();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of an events data file: " + e.getMessage(), e);
    }
    return out;
  }

  /** What one task wrote: its data file (null when it made no rows) and {samples, frames, events, bytes}. */
  private record TaskFrames(RowsParquetFile.Written file, long[] totals) implements java.io.Serializable {}
}
