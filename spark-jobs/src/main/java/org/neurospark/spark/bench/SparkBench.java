package org.neurospark.spark.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.Frames;
import org.neurospark.spark.SparkSessions;
import org.neurospark.spark.frames.FrameStorage;
import org.neurospark.spark.frames.FramesJob;
import org.neurospark.spark.frames.FramesOptions;
import org.neurospark.spark.frames.FramesSummary;
import org.neurospark.spark.ingest.FileWork;
import org.neurospark.spark.ingest.IngestCatalogs;
import org.neurospark.spark.ingest.IngestJob;
import org.neurospark.spark.ingest.IngestOptions;
import org.neurospark.spark.ingest.IngestSummary;
import org.neurospark.spark.ingest.RecordingOpener;
import org.neurospark.spark.ingest.SampleLister;
import org.neurospark.spark.ingest.SampleSpec;

/**
 * {@code bench}: throughput of {@code ingest} and {@code frames} on several Spark masters against single-threaded
 * raw work on the same recordings in the same run.
 *
 * <ul>
 *   <li>Baselines (this JVM, one thread, files in the page cache after a warm-up pass): <b>raw decode</b> = every
 *   sample decoded with event-io's reader exactly as ingest opens it (events/s); <b>raw frames</b> = decode +
 *   {@link FrameIntegrator} + encoding to the table's bytes (samples/s).</li>
 *   <li>Per master (e.g. {@code local[1]}, {@code local[2]}, {@code spark://127.0.0.1:7077}): a fresh ingest into
 *   {@code WORK/<n>-<master>/} (events/s = events / job wall time, the job's own {@code seconds}), then frames on
 *   those tables (samples/s). Task CPU time (Spark's {@code executorCpuTime}) and this JVM's CPU time are
 *   reported, and the load average before and after, since a shared machine skews wall times.</li>
 *   <li>Ratios: Spark events/s per core over raw decode events/s (aim ≥ 0.5), each master over the first one
 *   (aim: 2 cores ≥ 1.7× 1 core), table size on disk over raw file size.</li>
 * </ul>
 *
 * <p>Prints the CPU model and vector width (from {@code /proc/cpuinfo}: AVX-512, AVX2, ...). With {@code --json}
 * the last line is one JSON object with every number.
 */
public final class SparkBench {
  private SparkBench() {}

  /** What one master gave. */
  record MasterResult(String master, int cores, double executorsReadyS, IngestSummary ingest, double ingestWallS,
      long ingestTaskCpuNs, long ingestDriverCpuNs, double ingestJitS, String ingestTaskTimes, FramesSummary frames,
      double framesWallS, long framesTaskCpuNs, long framesDriverCpuNs, long eventsBytes, long samplesBytes,
      long framesBytes, String loadBefore, String loadAfter) {}

  /**
   * Runs the benchmark.
   *
   * @param input dataset folder
   * @param catalog catalog name ({@link IngestCatalogs#names()})
   * @param work folder for the tables of each master (created; previous tables of the same name are replaced)
   * @param masters Spark masters, in order; the first is the reference for scaling ratios
   * @param coresPerMaster cores each master offers (1 for {@code local[1]}, ...), for per-core ratios
   * @param frames the frames job's options (its {@code tables} is replaced per master), or null to measure ingest
   *     only
   * @param conf extra Spark settings for every session
   */
  public static Map<String, Object> run(Path input, String catalog, Path work, List<String> masters,
      List<Integer> coresPerMaster, FramesOptions frames, Map<String, String> conf, PrintStream out)
      throws IOException {
    return run(input, catalog, work, masters, coresPerMaster, frames, conf, false, out);
  }

  /**
   * Runs the benchmark; with {@code warmup}, first one untimed ingest (and frames) on the first master, so the timed
   * runs, like the raw baselines, start with classes loaded and the JIT warm (its numbers are printed as "cold").
   */
  public static Map<String, Object> run(Path input, String catalog, Path work, List<String> masters,
      List<Integer> coresPerMaster, FramesOptions frames, Map<String, String> conf, boolean warmup,
      PrintStream out) throws IOException {
    String cat = IngestCatalogs.canonical(catalog);
    Map<String, Object> json = new LinkedHashMap<>();
    String cpu = cpuModel();
    String vector = vectorWidth();
    out.printf(Locale.ROOT, "cpu            %s, %d hardware threads visible, vector width %s%n", cpu,
        Runtime.getRuntime().availableProcessors(), vector);
    out.printf(Locale.ROOT, "java           %s; load average %s%n", System.getProperty("java.version"), loadAverage());
    json.put("cpu", cpu);
    json.put("vector", vector);
    json.put("hardware_threads", Runtime.getRuntime().availableProcessors());

    List<FileWork> files = SampleLister.list(cat, input.toAbsolutePath());
    long rawBytes = 0;
    int samples = 0;
    for (FileWork w : files) {
      rawBytes += w.sizeBytes();
      samples += w.samples().size();
    }
    json.put("files", files.size());
    json.put("samples", samples);
    json.put("raw_bytes", rawBytes);

    // baselines: a warm-up pass (page cache, JIT), then the timed pass
    ReadOptions options = IngestCatalogs.readOptions(cat);
    DatasetCatalog datasetCatalog = IngestCatalogs.catalog(cat);
    rawDecode(files, options, datasetCatalog);
    long cpu0 = threadCpu();
    long t0 = System.nanoTime();
    long[] decoded = rawDecode(files, options, datasetCatalog);
    double decodeS = (System.nanoTime() - t0) / 1e9;
    double decodeCpuS = (threadCpu() - cpu0) / 1e9;
    long events = decoded[0];
    double rawEventsPerS = events / decodeS;
    out.printf(Locale.ROOT, "input          %s: %d files, %d samples, %d events, %.1f MB%n", input, files.size(),
        samples, events, rawBytes / 1e6);
    out.printf(Locale.ROOT, "raw decode     1 thread: %.2f s (%.2f s CPU), %.2f M events/s%n", decodeS, decodeCpuS,
        rawEventsPerS / 1e6);
    double rawSamplesPerS = 0;
    double framesS = 0;
    if (frames != null) {
      rawFrames(files, options, datasetCatalog, frames, 200);
      cpu0 = threadCpu();
      t0 = System.nanoTime();
      long frameBytes = rawFrames(files, options, datasetCatalog, frames, Integer.MAX_VALUE);
      framesS = (System.nanoTime() - t0) / 1e9;
      double framesCpuS = (threadCpu() - cpu0) / 1e9;
      rawSamplesPerS = samples / framesS;
      out.printf(Locale.ROOT, "raw frames     1 thread: decode + integrate + encode %.2f s (%.2f s CPU), %.0f "
          + "samples/s (%d bytes)%n", framesS, framesCpuS, rawSamplesPerS, frameBytes);
    }
    json.put("events", events);
    json.put("raw_decode_s", decodeS);
    json.put("raw_decode_events_per_s", rawEventsPerS);
    json.put("raw_decode_cpu_s", decodeCpuS);
    if (frames != null) {
      json.put("raw_frames_s", framesS);
      json.put("raw_frames_samples_per_s", rawSamplesPerS);
    }

    if (warmup) {
      Path tables = work.resolve("warmup");
      deleteTree(tables);
      MasterResult r = runMaster(masters.get(0), coresPerMaster.get(0), tables, cat, input, frames, conf);
      out.printf(Locale.ROOT, "warm-up        %s, untimed (cold JVM): ingest %.2f s (%.2f M events/s), frames %.2f s%n",
          masters.get(0), r.ingestWallS(), r.ingest().events() / r.ingestWallS() / 1e6, r.framesWallS());
      json.put("warmup_ingest_s", r.ingestWallS());
      json.put("warmup_frames_s", r.framesWallS());
      deleteTree(tables);
    }
    List<MasterResult> results = new ArrayList<>();
    for (int i = 0; i < masters.size(); i++) {
      String master = masters.get(i);
      int cores = coresPerMaster.get(i);
      Path tables = work.resolve(i + "-" + master.replaceAll("[^A-Za-z0-9]+", "_"));
      deleteTree(tables);
      MasterResult r = runMaster(master, cores, tables, cat, input, frames, conf);
      results.add(r);
      double evS = r.ingest().events() / r.ingestWallS();
      double smS = r.frames() == null ? 0 : r.frames().samples() / r.framesWallS();
      out.printf(Locale.ROOT, "%-14s ingest %6.2f s: %.2f M events/s (%.2f M/s per core = %.2f x raw decode); "
          + "task CPU %.1f s, driver CPU %.1f s%n", master, r.ingestWallS(), evS / 1e6, evS / cores / 1e6,
          evS / cores / rawEventsPerS, r.ingestTaskCpuNs() / 1e9, r.ingestDriverCpuNs() / 1e9);
      if (!master.startsWith("local")) {
        out.printf(Locale.ROOT, "%-14s executors up %.2f s after the session started (not in the times below; "
            + "their JVMs are fresh: the first tasks run cold code)%n", "", r.executorsReadyS());
      }
      out.printf(Locale.ROOT, "%-14s ingest phases: %s%n", "", r.ingest().phases().toText());
      out.printf(Locale.ROOT, "%-14s ingest tasks: %s%n", "", r.ingestTaskTimes());
      double perTaskCpu = r.ingest().events() / (r.ingestTaskCpuNs() / 1e9);
      double rawPerCpu = events / decodeCpuS;
      out.printf(Locale.ROOT, "%-14s ingest per CPU second: %.2f M events/s of task CPU (%.2f x raw decode per CPU "
          + "second), %.2f M events/s of process CPU (%.2f x); JIT compiling %.2f s%n", "", perTaskCpu / 1e6,
          perTaskCpu / rawPerCpu, r.ingest().events() / (r.ingestDriverCpuNs() / 1e9) / 1e6,
          r.ingest().events() / (r.ingestDriverCpuNs() / 1e9) / rawPerCpu, r.ingestJitS());
      if (r.frames() != null) {
        out.printf(Locale.ROOT, "%-14s frames %6.2f s: %.0f samples/s (%.0f per core = %.2f x raw frames); "
            + "task CPU %.1f s, driver CPU %.1f s%n", "", r.framesWallS(), smS, smS / cores, smS / cores
            / rawSamplesPerS, r.framesTaskCpuNs() / 1e9, r.framesDriverCpuNs() / 1e9);
        out.printf(Locale.ROOT, "%-14s frames phases: %s%n", "", r.frames().phases().toText());
      }
      out.printf(Locale.ROOT, "%-14s tables: events %.1f MB (%.2f x raw files), samples %.2f MB, frames %.1f MB; "
          + "load average %s -> %s%n", "", r.eventsBytes() / 1e6, (double) r.eventsBytes() / rawBytes,
          r.samplesBytes() / 1e6, r.framesBytes() / 1e6, r.loadBefore(), r.loadAfter());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("master", master);
      m.put("cores", cores);
      m.put("executors_ready_s", r.executorsReadyS());
      m.put("ingest_s", r.ingestWallS());
      m.put("ingest_events_per_s", evS);
      m.put("ingest_per_core_vs_raw_decode", evS / cores / rawEventsPerS);
      m.put("ingest_task_cpu_s", r.ingestTaskCpuNs() / 1e9);
      m.put("ingest_driver_cpu_s", r.ingestDriverCpuNs() / 1e9);
      m.put("ingest_per_task_cpu_vs_raw_decode_cpu", perTaskCpu / rawPerCpu);
      m.put("ingest_jit_s", r.ingestJitS());
      r.ingest().phases().toMap().forEach((k, v) -> m.put("ingest_" + k, v));
      if (r.frames() != null) {
        m.put("frames_s", r.framesWallS());
        m.put("frames_samples_per_s", smS);
        m.put("frames_per_core_vs_raw", smS / cores / rawSamplesPerS);
        m.put("frames_task_cpu_s", r.framesTaskCpuNs() / 1e9);
        m.put("frames_driver_cpu_s", r.framesDriverCpuNs() / 1e9);
        r.frames().phases().toMap().forEach((k, v) -> m.put("frames_" + k, v));
      }
      m.put("events_table_bytes", r.eventsBytes());
      m.put("events_table_vs_raw", (double) r.eventsBytes() / rawBytes);
      m.put("samples_table_bytes", r.samplesBytes());
      m.put("frames_table_bytes", r.framesBytes());
      m.put("load_before", r.loadBefore());
      m.put("load_after", r.loadAfter());
      if (i > 0) {
        // against the first run, and against the latest earlier run of the first master: as warm as this one
        MasterResult ref = results.get(0);
        MasterResult latest = results.get(latestOfFirst(masters, i));
        double ingestScale = evS / (ref.ingest().events() / ref.ingestWallS());
        double ingestLatest = evS / (latest.ingest().events() / latest.ingestWallS());
        m.put("ingest_vs_first", ingestScale);
        m.put("ingest_vs_latest_first", ingestLatest);
        String vs = String.format(Locale.ROOT, "ingest %.2f x", ingestScale);
        String vsLatest = String.format(Locale.ROOT, "ingest %.2f x", ingestLatest);
        if (r.frames() != null) {
          double framesScale = smS / (ref.frames().samples() / ref.framesWallS());
          double framesLatest = smS / (latest.frames().samples() / latest.framesWallS());
          m.put("frames_vs_first", framesScale);
          m.put("frames_vs_latest_first", framesLatest);
          vs += String.format(Locale.ROOT, ", frames %.2f x", framesScale);
          vsLatest += String.format(Locale.ROOT, ", frames %.2f x", framesLatest);
        }
        out.printf(Locale.ROOT, "%-14s vs %s: %s%s%n", "", ref.master(), vs, latest == ref ? ""
            : "; vs the latest " + ref.master() + " run: " + vsLatest);
      }
      json.put("run_" + i, m);
    }
    if (!results.isEmpty() && results.get(0).eventsBytes() > 0) {
      pageCache(results.get(0), work.resolve("page-cache"), events, rawEventsPerS, json, out);
    }
    out.printf(Locale.ROOT, "load average   %s at the end%n", loadAverage());
    return json;
  }

  /**
   * Times writing as many bytes as {@code first}'s events table into new files ({@link PageCacheWrites}) and prints
   * what that says about {@code first}'s ingest.
   */
  private static void pageCache(MasterResult first, Path dir, long events, double rawEventsPerS,
      Map<String, Object> json, PrintStream out) throws IOException {
    PageCacheWrites w = PageCacheWrites.measure(dir, first.eventsBytes(), PAGE_CACHE_PAUSE_MS);
    double rest = first.ingestWallS() - w.excessS();
    out.printf(Locale.ROOT, "page cache     %.1f MB (the events table) in 1 MiB writes: %.2f s into free memory "
        + "(%.2f GB/s), %.2f s into pages just freed (%.2f GB/s)%n", w.bytes() / 1e6, w.freshS(),
        w.bytes() / w.freshS() / 1e9, w.reusedS(), w.bytes() / w.reusedS() / 1e9);
    out.printf(Locale.ROOT, "%-14s %s without the %.2f s difference: %.2f s, %.2f x raw decode per core (an "
        + "estimate: ingest writes its output into free memory, raw decode writes nothing)%n", "", first.master(),
        w.excessS(), rest, events / rest / first.cores() / rawEventsPerS);
    json.put("page_cache_bytes", w.bytes());
    json.put("page_cache_fresh_s", w.freshS());
    json.put("page_cache_reused_s", w.reusedS());
  }

  /** Pause before {@link PageCacheWrites}: Linux reports free pages to the host 2 s after they gather. */
  private static final long PAGE_CACHE_PAUSE_MS = 3000;

  private static MasterResult runMaster(String master, int cores, Path tables, String catalog, Path input,
      FramesOptions frames, Map<String, String> conf) throws IOException {
    SparkSession.Builder b = SparkSessions.configure(SparkSession.builder().appName("neurospark bench " + master)
        .master(master));
    conf.forEach(b::config);
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    SparkSession spark = SparkSessions.onDriver(b.getOrCreate());
    TaskCpu cpu = new TaskCpu();
    spark.sparkContext().addSparkListener(cpu);
    double executorsReady = master.startsWith("local") ? 0 : awaitExecutorCores(spark, cpu, cores);
    String load0 = loadAverage();
    IngestSummary ingest;
    FramesSummary fs;
    long ingestTaskCpu;
    String ingestTaskTimes;
    long ingestDriverCpu;
    double ingestWall;
    double framesWall;
    long driver0 = processCpu();
    double ingestJit;
    try {
      long jit0 = jitMs();
      long t0 = System.nanoTime();
      ingest = IngestJob.run(spark, new IngestOptions(input.toAbsolutePath().toString(), catalog,
          tables.toAbsolutePath().toString()));
      ingestWall = (System.nanoTime() - t0) / 1e9;
      ingestJit = (jitMs() - jit0) / 1e3;
      Thread.sleep(500); // the listener bus delivers task ends asynchronously
      ingestTaskCpu = cpu.nanos.getAndSet(0);
      ingestTaskTimes = cpu.timesAndReset();
      long driver1 = processCpu();
      ingestDriverCpu = driver1 - driver0;
      driver0 = driver1;
      if (frames != null) {
        t0 = System.nanoTime();
        fs = FramesJob.run(spark, new FramesOptions(tables.toAbsolutePath().toString(), frames.frames(),
            frames.splitBy(), frames.durationUs(), frames.durationMode(), frames.storage(), frames.width(),
            frames.height()));
        framesWall = (System.nanoTime() - t0) / 1e9;
      } else {
        fs = null;
        framesWall = 0;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      spark.stop(); // drains the listener bus
    }
    long framesDriverCpu = processCpu() - driver0;
    // in local mode the tasks run in this JVM: the process CPU time includes the task CPU time
    return new MasterResult(master, cores, executorsReady, ingest, ingestWall, ingestTaskCpu, ingestDriverCpu,
        ingestJit, ingestTaskTimes, fs, framesWall, cpu.nanos.get(), framesDriverCpu, size(tables.resolve("events")),
        size(tables.resolve("samples")), size(tables.resolve("frames")), load0, loadAverage());
  }

  /**
   * Waits (at most {@link #EXECUTOR_WAIT_S}) until executors with {@code cores} cores in all have registered, so a
   * cluster's timed runs start with its executors up, as local runs do; returns the seconds waited. Executors that
   * registered before {@code cpu} listened count one core each.
   */
  private static double awaitExecutorCores(SparkSession spark, TaskCpu cpu, int cores) throws IOException {
    long t0 = System.nanoTime();
    int early = spark.sparkContext().getExecutorIds().size();
    try {
      while (early + cpu.executorCores.get() < cores && System.nanoTime() - t0 < EXECUTOR_WAIT_S * 1_000_000_000L) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static final int EXECUTOR_WAIT_S = 120;

  /**
   * Sums the executors' CPU time of finished tasks (ns), and where the tasks' time went: Spark's run, deserialization,
   * result serialization and GC times (ms) and the time from launch to finish. Counts the cores of executors that
   * register.
   */
  static final class TaskCpu extends SparkListener {
    final AtomicLong nanos = new AtomicLong();
    final AtomicLong executorCores = new AtomicLong();
    private long tasks;
    private long runMs;
    private long deserializeMs;
    private long resultMs;
    private long gcMs;
    private long launchToFinishMs;

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
      executorCores.addAndGet(added.executorInfo().totalCores());
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      TaskMetrics m = taskEnd.taskMetrics();
      if (m != null) {
        nanos.addAndGet(m.executorCpuTime());
        tasks++;
        runMs += m.executorRunTime();
        deserializeMs += m.executorDeserializeTime();
        resultMs += m.resultSerializationTime();
        gcMs += m.jvmGCTime();
        launchToFinishMs += taskEnd.taskInfo().duration();
      }
    }

    /** The task times since the last call, as text; resets them. */
    synchronized String timesAndReset() {
      String s = String.format(Locale.ROOT, "%d tasks, launch to finish %.2f s (sum), run %.2f s, deserialize "
          + "%.2f s, result serialization %.2f s, GC %.2f s", tasks, launchToFinishMs / 1e3, runMs / 1e3,
          deserializeMs / 1e3, resultMs / 1e3, gcMs / 1e3);
      tasks = 0;
      runMs = 0;
      deserializeMs = 0;
      resultMs = 0;
      gcMs = 0;
      launchToFinishMs = 0;
      return s;
    }
  }

  /** Decodes every sample as ingest does; returns {events, Σt} (the sum keeps the work observable). */
  static long[] rawDecode(List<FileWork> files, ReadOptions options, DatasetCatalog catalog) throws IOException {
    long n = 0;
    long sum = 0;
    EventBatch b = new EventBatch();
    for (FileWork w : files) {
      for (SampleSpec s : w.samples()) {
        try (EventReader r = open(s, options, catalog)) {
          while (r.read(b)) {
            n += b.size();
            long[] t = b.t();
            for (int i = 0; i < b.size(); i++) {
              sum += t[i];
            }
          }
        }
      }
    }
    return new long[] {n, sum};
  }

  /**
   * Decode, integrate and encode (as the frames table stores them) the first {@code limit} samples; returns the
   * encoded bytes.
   */
  static long rawFrames(List<FileWork> files, ReadOptions options, DatasetCatalog catalog, FramesOptions o,
      int limit) throws IOException {
    long bytes = 0;
    int done = 0;
    EventBatch all = new EventBatch();
    EventBatch b = new EventBatch();
    Frames reuse = null;
    for (FileWork w : files) {
      for (SampleSpec s : w.samples()) {
        if (done++ >= limit) {
          return bytes;
        }
        all.clear();
        int width;
        int height;
        try (EventReader r = open(s, options, catalog)) {
          width = s.width() > 0 && s.height() > 0 ? s.width() : r.info().width() > 0 ? r.info().width() : o.width();
          height = s.width() > 0 && s.height() > 0 ? s.height() : r.info().width() > 0 ? r.info().height()
              : o.height();
          while (r.read(b)) {
            all.addAll(b);
          }
        }
        FrameIntegrator fi = new FrameIntegrator(height, width);
        Frames f = o.frames() > 0 ? fi.byFramesNumber(all, o.splitBy(), o.frames(), reuse)
            : fi.byDuration(all, o.durationUs(), o.durationMode(), reuse);
        reuse = f;
        bytes += encode(f, o.storage());
      }
    }
    return bytes;
  }

  /** The frames table's encoding of {@code f} (dense float32 LE, or sparse indices + counts); returns its size. */
  private static int encode(Frames f, FrameStorage storage) {
    float[] data = f.data();
    int n = f.size();
    if (storage == FrameStorage.DENSE) {
      ByteBuffer bb = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      bb.asFloatBuffer().put(data, 0, n);
      return bb.array().length;
    }
    int nnz = 0;
    for (int i = 0; i < n; i++) {
      if (data[i] != 0f) {
        nnz++;
      }
    }
    ByteBuffer idx = ByteBuffer.allocate(4 * nnz).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer val = ByteBuffer.allocate(4 * nnz).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      if (data[i] != 0f) {
        idx.putInt(i);
        val.putFloat(data[i]);
      }
    }
    return idx.array().length + val.array().length;
  }

  private static EventReader open(SampleSpec s, ReadOptions options, DatasetCatalog catalog) throws IOException {
    return s.wholeFile() ? RecordingOpener.open(s.path(), options) : RecordingOpener.openSample(s, catalog);
  }

  /** The {@code model name} of {@code /proc/cpuinfo}, or {@code os.arch} where there is none. */
  static String cpuModel() {
    for (String line : cpuinfo()) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return System.getProperty("os.arch");
  }

  /** The widest x86 SIMD extension the CPU flags list (AVX-512F, AVX2, AVX, SSE4.2), else "unknown". */
  static String vectorWidth() {
    for (String line : cpuinfo()) {
      if (line.startsWith("flags")) {
        List<String> flags = List.of(line.substring(line.indexOf(':') + 1).strip().split("\\s+"));
        if (flags.contains("avx512f")) {
          return "512-bit (AVX-512F" + (flags.contains("avx512vl") ? ", VL" : "") + ")";
        }
        if (flags.contains("avx2")) {
          return "256-bit (AVX2, no AVX-512)";
        }
        if (flags.contains("avx")) {
          return "256-bit (AVX, no AVX2)";
        }
        return "128-bit (no AVX)";
      }
    }
    return "unknown (no /proc/cpuinfo flags)";
  }

  private static List<String> cpuinfo() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or "n/a". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "n/a";
    }
  }

  /** Milliseconds this JVM's JIT compiler threads have spent compiling (summed over them), or 0 if unknown. */
  private static long jitMs() {
    java.lang.management.CompilationMXBean c = ManagementFactory.getCompilationMXBean();
    return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
  }

  private static long threadCpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static long processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Bytes of the regular files under {@code dir} (0 when absent). */
  static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      long n = 0;
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        n += Files.size(p);
      }
      return n;
    }
  }

  /** Deletes {@code dir} and everything below it (nothing when it does not exist). */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Index of the latest run before run {@code i} (> 0) on the same master as run 0 (0 when there is none other). */
  static int latestOfFirst(List<String> masters, int i) {
    for (int j = i - 1; j > 0; j--) {
      if (masters.get(j).equals(masters.get(0))) {
        return j;
      }
    }
    return 0;
  }

  /** Cores of a master URL: {@code local[N]} gives N, {@code local} 1, anything else {@code fallback}. */
  static int cores(String master, int fallback) {
    if (master.equals("local")) {
      return 1;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+)(,\\d+)?]").matcher(master);
    if (m.matches()) {
      return Integer.parseInt(m.group(1));
    }
    if (master.startsWith("local[*")) {
      return Runtime.getRuntime().availableProcessors();
    }
    return fallback;
  }
}
