package org.neurospark.spark.tables;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;

/**
 * The {@link EventsFileWriter}s of one task: one open data file per {@code (split, label)} partition folder of the
 * {@code events} table, created on first use under {@code TABLE/split=S/label=L/}. At most {@link #MAX_OPEN} files
 * are open at once (the least recently used is finished when another is needed) and a file is finished once it
 * holds {@link #TARGET_BYTES}; both happen only between samples, so a sample's events are always in one file.
 *
 * <p>Files are named {@code part-<prefix>-<n>.<codec>.parquet}; {@code prefix} must be unique per task attempt. The
 * files are not part of the table until the driver commits them ({@link EventsCommit}); {@link #abort()} deletes
 * them after a failure (files a killed task leaves behind are never listed by the Delta log).
 */
public final class EventsPartitionWriters implements AutoCloseable {
  /** Open data files per task. */
  public static final int MAX_OPEN = 4;
  /** A data file is finished (between samples) once it reaches this many bytes. */
  public static final long TARGET_BYTES = 256L << 20;

  private final Path table;
  private final Configuration conf;
  private final String codecName;
  private final String prefix;
  private final FileSystem fs;
  private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(16, 0.75f, true);
  private final List<EventsDataFile> done = new ArrayList<>();
  private final List<Path> created = new ArrayList<>();
  private int seq;

  private record Open(String split, int label, String rel, Path path, EventsFileWriter writer) {}

  /**
   * Writers for the table at {@code table}.
   *
   * @param codecName Parquet codec as Spark names it ({@link PageCodec#named})
   * @param prefix unique per task attempt (e.g. run id, partition and attempt number)
   */
  public EventsPartitionWriters(String table, Configuration conf, String codecName, String prefix)
      throws IOException {
    PageCodec.named(codecName); // fail early on an unsupported codec
    this.table = new Path(table);
    this.conf = conf;
    this.codecName = codecName;
    this.prefix = prefix;
    this.fs = this.table.getFileSystem(conf);
  }

  /** The writer for partition {@code (split, label)}, positioned on the new sample {@code sampleId}. */
  public EventsFileWriter startSample(String split, int label, String sampleId) throws IOException {
    String key = split + "\u0000" + label;
    Open o = open.get(key);
    if (o != null && o.writer.bytesWritten() >= TARGET_BYTES) {
      finish(open.remove(key));
      o = null;
    }
    if (o == null) {
      while (open.size() >= MAX_OPEN) {
        Iterator<Map.Entry<String, Open>> eldest = open.entrySet().iterator();
        Open e = eldest.next().getValue();
        eldest.remove();
        finish(e);
      }
      PageCodec codec = PageCodec.named(codecName);
      String rel = "split=" + ExternalCatalogUtils.escapePathName(split) + "/label=" + label + "/part-" + prefix
          + "-" + String.format("%05d", seq++) + codec.extension() + ".parquet";
      Path path = new Path(table, rel);
      created.add(path);
      o = new Open(split, label, rel, path, new EventsFileWriter(DataFiles.create(fs, path, conf), codec));
      open.put(key, o);
    }
    o.writer.startSample(sampleId);
    return o.writer;
  }

  private void finish(Open o) throws IOException {
    o.writer.close();
    if (o.writer.rows() == 0) {
      DataFiles.delete(fs, o.path);
      return;
    }
    long[] st = DataFiles.sizeAndTime(fs, o.path);
    done.add(new EventsDataFile(new Path(o.rel).toUri().toString(), o.split, o.label, st[0], st[1],
        o.writer.rows(), o.writer.minSample(), o.writer.maxSample()));
  }

  /**
   * Finishes every open file; returns all data files this task wrote. Inside a Spark task, their rows and bytes
   * become the task's output metrics (records/bytes written in the UI and event log, as Spark's own writers report).
   */
  public List<EventsDataFile> finish() throws IOException {
    for (Open o : new ArrayList<>(open.values())) {
      finish(o);
    }
    open.clear();
    org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
    if (tc != null) {
      long rows = 0;
      long bytes = 0;
      for (EventsDataFile f : done) {
        rows += f.numRecords();
        bytes += f.sizeBytes();
      }
      org.apache.spark.executor.OutputMetrics m = tc.taskMetrics().outputMetrics();
      m.setRecordsWritten(m.recordsWritten() + rows);
      m.setBytesWritten(m.bytesWritten() + bytes);
    }
    return List.copyOf(done);
  }

  /** Closes and deletes every file created (best effort), after a failure. */
  public void abort() {
    for (Open o : open.values()) {
      try {
        o.writer.close();
      } catch (IOException | RuntimeException ignored) {
        // deleted next
      }
    }
    open.clear();
    for (Path p : created) {
      try {
        DataFiles.delete(fs, p);
      } catch (IOException ignored) {
        // an unreferenced file: the Delta log never lists it
      }
    }
  }

  /** Same as {@link #abort()} unless {@link #finish()} completed. */
  @Override
  public void close() {
    if (!open.isEmpty()) {
      abort();
    }
  }
}
