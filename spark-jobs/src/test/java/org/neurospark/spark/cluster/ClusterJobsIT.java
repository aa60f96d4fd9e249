package org.neurospark.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.Frames;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.events.simulate.NmnistSimulator;
import org.neurospark.events.simulate.SimulationOptions;
import org.neurospark.events.simulate.SimulationSummary;
import org.neurospark.spark.SparkCli;
import org.neurospark.spark.ingest.IngestCatalogs;
import org.neurospark.spark.ingest.RecordingOpener;
import org.neurospark.spark.testing.DeltaLogFiles;
import org.neurospark.spark.testing.DuckDb;
import org.neurospark.spark.testing.ReaderStats;
import org.neurospark.spark.testing.ScriptResult;
import org.neurospark.spark.testing.StandaloneCluster;

/**
 * {@code ingest} and {@code frames} of the fat jar's {@link SparkCli} under spark-submit on a real 2-worker standalone
 * cluster (1 core, 1g per worker; one cluster for the whole class) over a small simulated N-MNIST dataset (made here
 * with {@link NmnistSimulator} from Fashion-MNIST when installed, else from the shared MNIST test images). The tables
 * are read back with DuckDB (the Parquet files the Delta logs list) and compared, sample by sample, with event-io's
 * reader and {@link FrameIntegrator}; Spark's event logs show that both executors ran tasks and wrote rows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterJobsIT {
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(4);
  private static int perSplit;
  private static final int FRAMES_T = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path itDir;
  private static Path fatJar;
  private static Path data;
  private static Path tables;
  private static List<Sample> recordings;
  private static StandaloneCluster cluster;
  private static final Set<Long> executorPids = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void setUp() throws Exception {
    itDir = Path.of(System.getProperty("neurospark.it.dir", "target/it")).toAbsolutePath().resolve("jobs");
    fatJar = Path.of(System.getProperty("neurospark.fat.jar", "target/neurospark-spark-jobs-all.jar"));
    assertTrue(Files.isRegularFile(fatJar), "fat jar missing: " + fatJar);
    deleteTree(itDir);
    data = itDir.resolve("nmnist");
    tables = itDir.resolve("tables");
    Path images = images();
    perSplit = Math.max(classCoveringPrefix(images.resolve("train-labels-idx1-ubyte.gz")),
        classCoveringPrefix(images.resolve("t10k-labels-idx1-ubyte.gz")));
    SimulationSummary sim = NmnistSimulator.run(SimulationOptions.of(images, data).withLimit(perSplit)
        .withSeed(13).withThreads(2), (split, index, label, events, done, total) -> { });
    assertEquals(2L * perSplit, sim.totalSamples());
    recordings = Catalogs.all().get("nmnist").list(data);
    assertEquals(2 * perSplit, recordings.size());
    cluster = StandaloneCluster.start(itDir.resolve("cluster"), 2, 1, "1g");
    assertTrue(cluster.status().requireSuccess("status").stdout().contains("2 alive of 2"));
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Fashion-MNIST from Debian's package, else the shared MNIST test split standing in for both splits. */
  private static Path images() throws IOException {
    Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
    if (Files.isRegularFile(fashion.resolve("t10k-images-idx3-ubyte.gz"))
        && Files.isRegularFile(fashion.resolve("train-images-idx3-ubyte.gz"))) {
      return fashion;
    }
    Path mnist = Path.of(System.getProperty("neurospark.shared.dir", "../../shared"), "data/mnist/mnist")
        .toAbsolutePath().normalize();
    Path idx = Files.createDirectories(itDir.resolve("idx"));
    for (String kind : new String[] {"images-idx3", "labels-idx1"}) {
      Path f = mnist.resolve("t10k-" + kind + "-ubyte.gz");
      assertTrue(Files.isRegularFile(f), "neither Fashion-MNIST nor " + f + " is present");
      Files.copy(f, idx.resolve("train-" + kind + "-ubyte.gz"));
      Files.copy(f, idx.resolve("t10k-" + kind + "-ubyte.gz"));
    }
    return idx;
  }

  /**
   * The shortest prefix of an IDX label file holding all ten classes (the nmnist layout needs every class folder):
   * 24 images for Fashion-MNIST, 62 for the MNIST test split.
   */
  private static int classCoveringPrefix(Path labels) throws IOException {
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(labels))) {
      byte[] b = in.readAllBytes();
      Set<Byte> seen = new java.util.HashSet<>();
      for (int i = 8; i < b.length; i++) {
        seen.add(b[i]);
        if (seen.size() == 10) {
          return i - 7;
        }
      }
    }
    throw new IOException(labels + " does not hold all ten classes");
  }

  @Test
  @Order(1)
  void ingestOnTheClusterEqualsTheReaderAndDuckDbReadsIt() throws Exception {
    Path eventLog = Files.createDirectories(itDir.resolve("eventlog-ingest"));
    JsonNode summary = submit(eventLog, "ingest", "--input", data.toString(), "--catalog", "nmnist", "--out",
        tables.toString(), "--json");
    long expectedEvents = 0;
    Map<String, ReaderStats> want = new TreeMap<>();
    ReadOptions options = IngestCatalogs.readOptions("nmnist");
    for (Sample s : recordings) {
      ReaderStats r = ReaderStats.of(RecordingOpener.open(s.file().toString(), options));
      want.put(data.relativize(s.file()).toString(), r);
      expectedEvents += r.count();
    }
    assertEquals(2 * perSplit, summary.get("files_seen").asInt(), summary.toString());
    assertEquals(2 * perSplit, summary.get("files_ingested").asInt(), summary.toString());
    assertEquals(0, summary.get("files_failed").asInt(), summary.toString());
    assertEquals(2 * perSplit, summary.get("samples").asInt(), summary.toString());
    assertEquals(expectedEvents, summary.get("events").asLong(), summary.toString());

    // samples: one row per recording with the reader's count and first/last timestamps
    List<Path> sampleFiles = files(tables.resolve("samples"));
    Map<String, JsonNode> samples = new HashMap<>();
    for (JsonNode r : DuckDb.query("SELECT sample_id, events, t_first, t_last, split, label, path FROM read_parquet("
        + DuckDb.files(sampleFiles) + ")")) {
      samples.put(r.get(0).asText(), r);
    }
    assertEquals(want.keySet(), samples.keySet());
    for (Sample s : recordings) {
      String id = data.relativize(s.file()).toString();
      JsonNode row = samples.get(id);
      ReaderStats w = want.get(id);
      assertEquals(w.count(), row.get(1).asLong(), id + " samples.events");
      assertEquals(w.tFirst().longValue(), row.get(2).asLong(), id + " t_first");
      assertEquals(w.tLast().longValue(), row.get(3).asLong(), id + " t_last");
      assertEquals(s.split().id(), row.get(4).asText(), id + " split");
      assertEquals(s.label(), row.get(5).asInt(), id + " label");
      assertEquals(s.file().toString(), row.get(6).asText(), id + " path");
    }

    // events: per-sample count, first/last event, column sums and the file-order checksum, as DuckDB reads them
    List<Path> eventFiles = files(tables.resolve("events"));
    String sql = "SELECT sample_id, count(*), arg_min(t, i), arg_max(t, i), sum(t::HUGEINT), sum(x::BIGINT), "
        + "sum(y::BIGINT), sum(p::BIGINT), sum(i::HUGEINT * (t + 3 * x::BIGINT + 5 * y::BIGINT + 7 * p::BIGINT)) "
        + "FROM (SELECT *, row_number() OVER (PARTITION BY sample_id ORDER BY filename, file_row_number) AS i "
        + "FROM read_parquet(" + DuckDb.files(eventFiles) + ", filename = true, file_row_number = true, "
        + "hive_partitioning = false)) GROUP BY sample_id";
    Map<String, JsonNode> stats = new HashMap<>();
    for (JsonNode r : DuckDb.query(sql)) {
      stats.put(r.get(0).asText(), r);
    }
    assertEquals(want.keySet(), stats.keySet());
    for (Map.Entry<String, ReaderStats> e : want.entrySet()) {
      JsonNode g = stats.get(e.getKey());
      ReaderStats w = e.getValue();
      String id = e.getKey();
      assertEquals(w.count(), g.get(1).asLong(), id + " events rows");
      assertEquals(w.tFirst().longValue(), g.get(2).asLong(), id + " first event");
      assertEquals(w.tLast().longValue(), g.get(3).asLong(), id + " last event");
      assertEquals(w.sumT(), new BigInteger(g.get(4).asText()), id + " sum t");
      assertEquals(w.sumX(), g.get(5).asLong(), id + " sum x");
      assertEquals(w.sumY(), g.get(6).asLong(), id + " sum y");
      assertEquals(w.sumP(), g.get(7).asLong(), id + " sum p");
      assertEquals(w.ordered(), new BigInteger(g.get(8).asText()), id + " file order");
    }
    assertBothExecutorsWorked(eventLog, "events rows");
  }

  @Test
  @Order(2)
  void framesOnTheClusterEqualTheIntegrator() throws Exception {
    Path eventLog = Files.createDirectories(itDir.resolve("eventlog-frames"));
    JsonNode summary = submit(eventLog, "frames", "--tables", tables.toString(), "-T", Integer.toString(FRAMES_T),
        "--split-by", "number", "--json");
    assertEquals(2 * perSplit, summary.get("samples").asInt(), summary.toString());
    assertEquals(2L * perSplit * FRAMES_T, summary.get("frames").asLong(), summary.toString());
    assertEquals(2L * perSplit * FRAMES_T * 2 * 34 * 34 * 4, summary.get("bytes").asLong(), summary.toString());

    Map<String, String> want = new HashMap<>();
    FrameIntegrator fi = new FrameIntegrator(34, 34);
    ReadOptions options = IngestCatalogs.readOptions("nmnist");
    for (Sample s : recordings) {
      EventBatch all = new EventBatch();
      try (EventReader r = RecordingOpener.open(s.file().toString(), options)) {
        EventBatch b = new EventBatch();
        while (r.read(b)) {
          all.addAll(b);
        }
      }
      Frames f = fi.byFramesNumber(all, SplitBy.NUMBER, FRAMES_T);
      float[] v = f.toArray();
      ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(v);
      want.put(data.relativize(s.file()).toString(), s.label() + "/" + f.frames() + "/"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array())));
    }
    Map<String, String> got = new HashMap<>();
    for (JsonNode r : DuckDb.query("SELECT sample_id, label, T, height, width, sha256(frames) FROM read_parquet("
        + DuckDb.files(files(tables.resolve("frames"))) + ")")) {
      assertEquals(34, r.get(3).asInt(), r.toString());
      assertEquals(34, r.get(4).asInt(), r.toString());
      assertTrue(got.put(r.get(0).asText(), r.get(1).asText() + "/" + r.get(2).asText() + "/" + r.get(5).asText())
          == null, "one frames row per sample: " + r);
    }
    assertEquals(want, got, "frames rows (label/T/SHA-256 of the float32 LE bytes) vs FrameIntegrator");
    assertBothExecutorsWorked(eventLog, "frames rows");
  }

  /** spark-submit of the fat jar's SparkCli on the cluster; returns the job's one-line JSON summary. */
  private static JsonNode submit(Path eventLog, String... jobArgs) throws Exception {
    String lean = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    List<String> args = new ArrayList<>(List.of(
        "--conf", "spark.executor.memory=768m",
        "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
        "--conf", "spark.sql.shuffle.partitions=4",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.eventLog.enabled=true",
        "--conf", "spark.eventLog.compress=false",
        "--conf", "spark.eventLog.rolling.enabled=false",
        "--conf", "spark.eventLog.dir=" + eventLog.toUri(),
        "--driver-java-options", lean,
        "--conf", "spark.executor.extraJavaOptions=" + lean,
        "--class", SparkCli.class.getName(), fatJar.toString()));
    args.addAll(List.of(jobArgs));
    AtomicBoolean done = new AtomicBoolean();
    Thread watcher = new Thread(() -> {
      while (!done.get()) {
        executorPids.addAll(cluster.executorPids());
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watcher.start();
    ScriptResult r;
    try {
      r = cluster.submit(SUBMIT_TIMEOUT, args.toArray(String[]::new));
    } finally {
      done.set(true);
      watcher.join();
    }
    r.requireSuccess("SparkCli " + jobArgs[0] + " on the cluster");
    String json = null;
    for (String line : r.stdout().split("\n")) {
      if (line.startsWith("{")) {
        json = line;
      }
    }
    assertTrue(json != null, "no JSON summary in\n" + r.stdout() + "\n" + r.stderr());
    return JSON.readTree(json);
  }

  /**
   * Spark's event log of the one application in {@code eventLogDir}: tasks ended successfully on two executors,
   * each writing rows (the Delta write of the job's table), in executor JVMs launched by the workers.
   */
  private static void assertBothExecutorsWorked(Path eventLogDir, String what) throws IOException {
    List<Path> logs;
    try (Stream<Path> s = Files.list(eventLogDir)) {
      logs = s.filter(Files::isRegularFile).toList();
    }
    assertEquals(1, logs.size(), "one event log: " + logs);
    Map<String, Long> tasks = new TreeMap<>();
    Map<String, Long> written = new TreeMap<>();
    try (BufferedReader in = Files.newBufferedReader(logs.get(0), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("{\"Event\":\"SparkListenerTaskEnd\"")) {
          continue;
        }
        JsonNode e = JSON.readTree(line);
        if (!"Success".equals(e.path("Task End Reason").path("Reason").asText())) {
          continue;
        }
        String executor = e.path("Task Info").path("Executor ID").asText();
        tasks.merge(executor, 1L, Long::sum);
        written.merge(executor, e.path("Task Metrics").path("Output Metrics").path("Records Written").asLong(0),
            Long::sum);
      }
    }
    assertEquals(Set.of("0", "1"), tasks.keySet(), "tasks per executor " + tasks);
    for (Map.Entry<String, Long> w : written.entrySet()) {
      assertTrue(w.getValue() > 0, "executor " + w.getKey() + " wrote no " + what + ": " + written);
    }
    assertTrue(executorPids.size() >= 2, "executor JVMs seen under the workers: " + executorPids);
    for (long pid : executorPids) {
      assertTrue(!cluster.workerPids().contains(pid) && pid != ProcessHandle.current().pid(), "pid " + pid);
    }
  }

  /** The Parquet files of the current version of the Delta table at {@code table}. */
  private static List<Path> files(Path table) throws IOException {
    List<Path> l = DeltaLogFiles.current(table).stream().map(DeltaLogFiles.DataFile::path).toList();
    assertTrue(!l.isEmpty(), "no data files in " + table);
    return l;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
