package org.neurospark.spark.ingest;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.Comparator;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.delta.actions.AddFile;
import org.neurospark.spark.SparkSessions;
import org.neurospark.spark.tables.EventsCommit;
import org.neurospark.spark.tables.EventsDataFile;
import org.neurospark.spark.tables.EventsPartitionWriters;
import org.neurospark.spark.tables.RowsParquetFile;
import org.neurospark.spark.tables.SerializableHadoopConf;
import org.neurospark.spark.tables.SmallTableCommit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.tables.TablesLock;

/**
 * {@code ingest}: decodes the recordings of a dataset folder on the executors into the Delta tables
 * {@code samples/}, {@code events/} and {@code errors/} under {@code TABLES} (schemas in {@link Tables}).
 *
 * <p>Incremental: a recording already in {@code samples} with the same path, size, modification time, checksum and
 * sample list is left alone; new and changed recordings are (re)decoded; rows of recordings no longer in the input
 * are removed. Recordings that fail to decode are retried on every run.
 *
 * <p>Events: executors decode each recording with event-io's readers straight into Parquet pages
 * ({@link org.neurospark.spark.tables.EventsFileWriter}, no Spark rows), one data file per task and partition folder
 * ({@code split=S/label=L/}), and send back only the files' metadata (path, size, row count, {@code sample_id}
 * min/max). The driver commits them in one Delta transaction ({@link EventsCommit}) that also removes the files
 * holding rows of changed or removed samples; rows of other samples in those files are first copied into new
 * files ({@link EventsRewrite}). Recordings are dealt to tasks sorted by partition and sample id, so a data file
 * holds a contiguous range of ids and later runs touch few files.
 *
 * <p>Atomic: each table changes in one Delta commit: events, then samples (samples only when something changed or
 * it names an older events version); errors, independent of both, commits on its own thread beside them, only
 * when it had or gets rows, and the run returns (and releases its lock) only after all three. {@code samples} and
 * {@code errors} are small: the driver writes each as one Parquet file and commits it directly
 * ({@link SmallTableCommit}, no Spark job). A run killed before the samples commit leaves {@code samples} (and
 * through its recorded {@code events_version}, the events that belong to it) at the previous version; the next run
 * redoes the work because the samples table does not yet describe it (data files of a killed run are never listed
 * by the log); {@code errors} holds the failures of the latest run that committed it, and failed recordings are
 * retried by every run. Runs on the same {@code TABLES} exclude each other through {@link TablesLock}.
 *
 * <p>While it runs, the job sets two Delta settings on its session where the session does not set them, and unsets
 * them after: {@code spark.databricks.delta.allFilesInCrc.enabled=false} ({@link #ALL_FILES_IN_CRC}) and
 * {@code spark.databricks.delta.snapshotPartitions} = the default parallelism, at most 50
 * ({@link #SNAPSHOT_PARTITIONS}); both change speed only. Executors get the session's Hadoop settings in one
 * broadcast.
 */
public final class IngestJob {
  private static final long BYTES_PER_TASK = 64L << 20;
  /**
   * At most this many recordings per task: a task carries its work list, and 70,000 small N-MNIST files in the
   * minimum number of tasks made 20 MB tasks (Spark warns above 1 MB and ships them through the driver).
   */
  private static final int FILES_PER_TASK = 2048;

  /**
   * Delta 4 keeps the file list of small tables in each commit's {@code .crc} file; computing it for a new table
   * runs a Spark job over the empty previous state on every commit (0.1-0.3 s each, three tables). Off while the job
   * runs: the log, its checksums and what readers see are the same.
   */
  static final String ALL_FILES_IN_CRC = "spark.databricks.delta.allFilesInCrc.enabled";
  /**
   * Partitions of Delta's snapshot state (default 50): reading a table's state (the previous {@code samples} on a
   * re-run) runs jobs of that many tasks, 2-4 s of scheduling for a log of a few small files. While the job runs:
   * the session's default parallelism, at most 50. Parallelism only; the state is the same.
   */
  static final String SNAPSHOT_PARTITIONS = SparkSessions.SNAPSHOT_PARTITIONS;

  private IngestJob() {}

  /** Runs an ingest in {@code spark}; never exits the JVM. */
  public static IngestSummary run(SparkSession spark, IngestOptions o) throws IOException {
    long start = System.nanoTime();
    String catalog = IngestCatalogs.canonical(o.catalog());
    String run = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Map<String, String> delta = new LinkedHashMap<>();
    delta.put(ALL_FILES_IN_CRC, "false");
    delta.put(SNAPSHOT_PARTITIONS, Integer.toString(Math.max(1, Math.min(50, jsc.defaultParallelism()))));
    try (SessionDefaults settings = new SessionDefaults(spark, delta);
        TablesLock lock = TablesLock.acquire(o.tables(), jsc.hadoopConfiguration(), "ingest", run)) {
      List<FileWork> listed = SampleLister.list(catalog, RecordingOpener.localPath(o.input()));
      return ingest(spark, jsc, o, catalog, run, listed, start, System.nanoTime());
    }
  }

  private static IngestSummary ingest(SparkSession spark, JavaSparkContext jsc, IngestOptions o, String catalog,
      String run, List<FileWork> listed, long start, long listedAt) {
    String samplesPath = Tables.samples(o.tables());
    String eventsPath = Tables.events(o.tables());
    boolean fresh = Tables.latestVersion(spark, samplesPath) < 0 || Tables.latestVersion(spark, eventsPath) < 0;
    Map<String, Known> known = fresh ? Map.of() : known(spark, samplesPath);

    // classify: candidates (same metadata) get their checksum verified on the executors
    List<FileWork> todo = new ArrayList<>();
    List<FileWork> candidates = new ArrayList<>();
    classify(listed, known, todo, candidates);
    long unchanged = verify(jsc, candidates, known, todo);
    List<String> removed = removed(known, listed);
    boolean full = fresh || unchanged == 0;

    // events: one Delta commit that removes the data files holding rows of touched samples (re-writing the rows of
    // untouched samples that share those files) and adds the files the executors wrote
    List<FileOutcome> reported = new ArrayList<>();
    String codec = spark.conf().get("spark.sql.parquet.compression.codec", "snappy");
    boolean eventsChange = full || !todo.isEmpty() || !removed.isEmpty();
    EventsCommit commit = null;
    List<AddFile> remove = List.of();
    List<EventsDataFile> add = new ArrayList<>();
    long tasksAt = System.nanoTime();
    if (eventsChange) {
      commit = EventsCommit.start(spark, eventsPath);
      if (full) {
        remove = commit.currentFiles();
      } else {
        NavigableSet<String> stale = new TreeSet<>();
        for (FileWork w : todo) {
          stale.addAll(keysOnly(w));
        }
        for (String p : removed) {
          stale.addAll(known.get(p).ids);
        }
        remove = commit.filesMayHold(stale);
        add.addAll(EventsRewrite.keepOthers(spark, jsc, eventsPath, remove, stale, codec, run));
      }
      // the recordings sorted by partition and sample, dealt in contiguous slices: each task writes few partition
      // folders, and the sample_id ranges of its files rarely overlap (cheap min/max pruning on later runs)
      List<FileWork> sorted = new ArrayList<>(todo);
      sorted.sort(Comparator.comparing((FileWork w) -> w.samples().isEmpty() ? "" : w.samples().get(0).split())
          .thenComparingInt(w -> w.samples().isEmpty() ? 0 : w.samples().get(0).label())
          .thenComparing(w -> w.samples().isEmpty() ? "" : w.samples().get(0).sampleId()));
      int bufferEvents = o.bufferEvents();
      // the session's Hadoop settings, shipped once per executor (a new Configuration() per task parses Hadoop's XML)
      Broadcast<SerializableHadoopConf> conf = jsc.broadcast(
          new SerializableHadoopConf(new Configuration(jsc.hadoopConfiguration())));
      tasksAt = System.nanoTime();
      // one WorkSlice per task: it ships as one compact byte array instead of a list of records
      List<WorkSlice> work = WorkSlice.split(sorted, slices(jsc, sorted));
      for (TaskResult r : jsc.parallelize(work, work.size())
          .mapPartitions(slice -> {
            org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
            String prefix = run + "-" + (tc == null ? 0 : tc.partitionId()) + "-"
                + (tc == null ? 0 : tc.attemptNumber()) + "-" + UUID.randomUUID().toString().substring(0, 8);
            EventsPartitionWriters writers = new EventsPartitionWriters(eventsPath,
                new Configuration(conf.value().get()), codec, prefix);
            // parallelize(work, work.size()) gives each partition exactly one slice
            return List.of(EventsTask.run(slice.next().files().iterator(), catalog, bufferEvents, writers))
                .iterator();
          }).collect()) {
        reported.addAll(r.outcomes());
        add.addAll(r.files());
      }
      conf.destroy();
    }
    long tasksDoneAt = System.nanoTime();

    TableRows rows = TableRows.of(todo, reported, run);
    List<Row> sampleRows = rows.samples;
    List<Row> errorRows = rows.errors;
    long ingested = rows.ingested;
    long samples = rows.sampleCount;
    long events = rows.events;

    // errors: the failures of this run (failed recordings are retried every run); no commit when there were none
    // before and none now. Independent of the other tables, so it commits on its own thread while events and
    // samples commit here; the run waits for it before it returns or fails (and releases the lock).
    FutureTask<Double> errorsCommit = startDaemon("ingest-errors-commit-" + run, () -> {
      SparkSession.setActiveSession(spark);
      long t = System.nanoTime();
      SmallTableCommit.replace(spark, Tables.errors(o.tables()), Tables.ERRORS, errorRows, codec,
          "{\"run\":\"" + run + "\"}", true);
      return (System.nanoTime() - t) / 1e9;
    });
    long eventsDoneAt;
    long samplesDoneAt;
    // samples: one commit of the whole (small) table, written here: the rows of unchanged recordings as they were,
    // then the new ones; it names the events version it belongs to. Its data file is written on another thread
    // while events commits (no reader sees it before the samples commit).
    if (!full) {
      sampleRows = withKeptRows(known, removed, todo, sampleRows);
    }
    List<Row> samplesRows = sampleRows;
    FutureTask<List<RowsParquetFile.Written>> samplesFile = null;
    try {
      if (eventsChange) {
        samplesFile = startDaemon("ingest-samples-file-" + run,
            () -> SmallTableCommit.write(spark, samplesPath, Tables.SAMPLES, samplesRows, codec));
      }
      // events: one Delta commit that removes the data files holding rows of touched samples (re-writing the rows
      // of untouched samples that share those files) and adds the files the executors wrote
      long eventsVersion;
      if (eventsChange) {
        eventsVersion = commit.commit(remove, add, "{\"run\":\"" + run + "\"}");
      } else {
        eventsVersion = Tables.latestVersion(spark, eventsPath);
      }
      eventsDoneAt = System.nanoTime();

      String samplesMeta = "{\"run\":\"" + run + "\",\"events_version\":" + eventsVersion + "}";
      if (eventsChange) {
        SmallTableCommit.replaceWithFiles(spark, samplesPath, Tables.SAMPLES, await(samplesFile), samplesMeta);
      } else if (Tables.pairedEventsVersion(spark, o.tables()) != eventsVersion) {
        // nothing changed (no new, changed, removed or failed recording), but samples names an older events
        // version: commit it again naming this one; when it names this one already, no commit
        SmallTableCommit.replace(spark, samplesPath, Tables.SAMPLES, samplesRows, codec, samplesMeta, false);
      }
      samplesDoneAt = System.nanoTime();
    } catch (RuntimeException | Error e) {
      if (samplesFile != null) {
        awaitQuietly(samplesFile, e);
      }
      awaitQuietly(errorsCommit, e);
      throw e;
    }
    double errorsSeconds = await(errorsCommit);
    long end = System.nanoTime();
    IngestPhases phases = new IngestPhases((listedAt - start) / 1e9, (tasksAt - listedAt) / 1e9,
        (tasksDoneAt - tasksAt) / 1e9, (eventsDoneAt - tasksDoneAt) / 1e9, (samplesDoneAt - eventsDoneAt) / 1e9,
        errorsSeconds);
    return new IngestSummary(listed.size(), ingested, unchanged, errorRows.size(), removed.size(), samples, events,
        (end - start) / 1e9, phases);
  }

  /**
   * Settings applied to a session while a job runs, each only where the session does not set it; {@link #close()}
   * unsets what it set.
   */
  private static final class SessionDefaults implements AutoCloseable {
    private final SparkSession spark;
    private final List<String> applied = new ArrayList<>();

    SessionDefaults(SparkSession spark, Map<String, String> defaults) {
      this.spark = spark;
      defaults.forEach((k, v) -> {
        if (!spark.conf().contains(k)) {
          spark.conf().set(k, v);
          applied.add(k);
        }
      });
    }

    @Override
    public void close() {
      applied.forEach(k -> spark.conf().unset(k));
    }
  }

  /** {@code work} running on a new daemon thread named {@code name}; {@link #await} takes its result. */
  private static <T> FutureTask<T> startDaemon(String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
    return task;
  }

  /** The result of {@code task}, waiting for it; its failure is rethrown as is (unchecked) or wrapped. */
  private static <T> T await(FutureTask<T> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true; // the commit is under way: the run cannot end before it does
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException r) {
            throw r;
          }
          if (c instanceof Error r) {
            throw r;
          }
          throw new IllegalStateException(c.getMessage(), c);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for {@code task}; a failure of it is added to {@code primary} as suppressed. */
  private static void awaitQuietly(FutureTask<?> task, Throwable primary) {
    try {
      await(task);
    } catch (RuntimeException | Error e) {
      primary.addSuppressed(e);
    }
  }

  /** {@code {path, checksum}} of {@code {path, known checksum}}: the file's checksum in the known one's algorithm. */
  private static String[] checksum(String[] pathAndKnown) throws IOException {
    String path = pathAndKnown[0];
    try {
      return new String[] {path, Checksums.of(path, pathAndKnown[1] == null ? Checksums.CRC : pathAndKnown[1])};
    } catch (java.nio.file.NoSuchFileException e) {
      return new String[] {path, null};
    } catch (IllegalArgumentException e) {
      // a checksum in an algorithm this version does not know: the recording is ingested again
      return new String[] {path, null};
    }
  }

  /** Tasks: at least 3 per core (load balance), more when the data is large; never more than recordings. */
  private static int slices(JavaSparkContext jsc, List<FileWork> work) {
    long bytes = 0;
    for (FileWork w : work) {
      bytes += w.sizeBytes();
    }
    return slices(jsc.defaultParallelism(), bytes, work.size());
  }

  /**
   * Tasks for {@code files} recordings of {@code bytes} on {@code cores} task slots: at least 3 per slot, at most
   * {@link #BYTES_PER_TASK} and {@link #FILES_PER_TASK} each, and a whole number of waves (a multiple of the slots:
   * 11 equal tasks on 2 slots left one slot idle for the last), never more than the recordings.
   */
  static int slices(int cores, long bytes, int files) {
    int slots = Math.max(1, cores);
    long n = Math.max(3L * slots, (bytes + BYTES_PER_TASK - 1) / BYTES_PER_TASK);
    n = Math.max(n, (files + FILES_PER_TASK - 1) / FILES_PER_TASK);
    n = (n + slots - 1) / slots * slots;
    return (int) Math.max(1, Math.min(n, files));
  }

  // The driver's per-recording loops live in small methods of their own: inside one large method, each of them was
  // compiled on-stack (C2, 0.4-0.6 s per run) and ran interpreted until then, on every run of a long-lived driver.

  /** Sorts {@code listed} into {@code candidates} (same size, time and samples as known) and {@code todo}. */
  private static void classify(List<FileWork> listed, Map<String, Known> known, List<FileWork> todo,
      List<FileWork> candidates) {
    for (FileWork w : listed) {
      Known k = known.get(w.path());
      if (k != null && k.size == w.sizeBytes() && k.modified == w.modifiedMs() && k.samples.equals(keys(w))) {
        candidates.add(w);
      } else {
        todo.add(w);
      }
    }
  }

  /**
   * Verifies the checksums of {@code candidates} on the executors, each in the algorithm of the known checksum
   * (tables of earlier versions hold SHA-256); adds the changed ones to {@code todo}; returns the unchanged count.
   */
  private static long verify(JavaSparkContext jsc, List<FileWork> candidates, Map<String, Known> known,
      List<FileWork> todo) {
    if (candidates.isEmpty()) {
      return 0;
    }
    List<String[]> paths = new ArrayList<>(candidates.size());
    for (FileWork w : candidates) {
      paths.add(new String[] {w.path(), known.get(w.path()).checksum});
    }
    Map<String, String> sums = new HashMap<>();
    for (String[] ps : jsc.parallelize(paths, slices(jsc, candidates)).map(IngestJob::checksum).collect()) {
      sums.put(ps[0], ps[1]);
    }
    long unchanged = 0;
    for (FileWork w : candidates) {
      if (Objects.equals(sums.get(w.path()), known.get(w.path()).checksum)) {
        unchanged++;
      } else {
        todo.add(w);
      }
    }
    return unchanged;
  }

  /** Known recordings no longer listed. */
  private static List<String> removed(Map<String, Known> known, List<FileWork> listed) {
    Set<String> listedPaths = new HashSet<>();
    for (FileWork w : listed) {
      listedPaths.add(w.path());
    }
    List<String> removed = new ArrayList<>();
    for (String p : known.keySet()) {
      if (!listedPaths.contains(p)) {
        removed.add(p);
      }
    }
    return removed;
  }

  /** The samples table of an incremental run: the known rows of untouched recordings, then {@code newRows}. */
  private static List<Row> withKeptRows(Map<String, Known> known, List<String> removed, List<FileWork> todo,
      List<Row> newRows) {
    Set<String> replaced = new HashSet<>(removed);
    for (FileWork w : todo) {
      replaced.add(w.path());
    }
    List<Row> all = new ArrayList<>(newRows.size() + known.size());
    for (Map.Entry<String, Known> e : known.entrySet()) {
      if (!replaced.contains(e.getKey())) {
        all.addAll(e.getValue().rows);
      }
    }
    all.addAll(newRows);
    return all;
  }

  /** The rows this run adds to {@code samples} and {@code errors}, from the executors' outcomes, with counts. */
  private static final class TableRows {
    final List<Row> samples = new ArrayList<>();
    final List<Row> errors = new ArrayList<>();
    long ingested;
    long sampleCount;
    long events;

    static TableRows of(List<FileWork> todo, List<FileOutcome> reported, String run) {
      Map<String, FileOutcome> outcomes = new HashMap<>();
      for (FileOutcome f : reported) {
        outcomes.put(f.path(), f);
      }
      TableRows t = new TableRows();
      for (FileWork w : todo) {
        FileOutcome f = outcomes.get(w.path());
        if (f == null) {
          throw new IllegalStateException("no outcome reported for " + w.path());
        }
        t.add(w, f, run);
      }
      return t;
    }

    private void add(FileWork w, FileOutcome f, String run) {
      if (!f.ok()) {
        errors.add(RowFactory.create(w.path(), f.errorOffset(), f.error(), run));
        return;
      }
      ingested++;
      Map<String, FileOutcome.SampleStats> stats = new HashMap<>();
      for (FileOutcome.SampleStats s : f.samples()) {
        stats.put(s.sampleId(), s);
      }
      for (SampleSpec s : w.samples()) {
        FileOutcome.SampleStats st = stats.get(s.sampleId());
        int width = s.width() > 0 ? s.width() : f.fileWidth();
        int height = s.height() > 0 ? s.height() : f.fileHeight();
        samples.add(RowFactory.create(s.sampleId(), s.dataset(), s.split(), s.label(), s.className(), w.path(),
            f.format(), width, height, st.events(), st.tFirst(), st.tLast(), w.sizeBytes(), w.modifiedMs(),
            f.checksum()));
        sampleCount++;
        events += st.events();
      }
    }
  }

  /** What the samples table says about one recording. */
  private static final class Known {
    long size;
    long modified;
    String checksum;
    final Set<String> samples = new HashSet<>();
    final List<String> ids = new ArrayList<>();
    /** Its rows of the samples table, kept as they are while the recording is unchanged. */
    final List<Row> rows = new ArrayList<>();
  }

  private static Map<String, Known> known(SparkSession spark, String samplesPath) {
    Map<String, Known> m = new LinkedHashMap<>();
    for (Row r : Tables.rows(spark, samplesPath, Tables.SAMPLES)) {
      Known k = m.computeIfAbsent(r.getString(5), p -> new Known());
      k.size = r.getLong(12);
      k.modified = r.getLong(13);
      k.checksum = r.getString(14);
      k.samples.add(r.getString(0) + "\u0000" + r.getString(2) + "\u0000" + r.getInt(3));
      k.ids.add(r.getString(0));
      k.rows.add(r);
    }
    return m;
  }

  private static Set<String> keys(FileWork w) {
    Set<String> s = new HashSet<>();
    for (SampleSpec x : w.samples()) {
      s.add(x.sampleId() + "\u0000" + x.split() + "\u0000" + x.label());
    }
    return s;
  }

  private static List<String> keysOnly(FileWork w) {
    return w.samples().stream().map(SampleSpec::sampleId).toList();
  }

}
