package org.neurospark.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.arrow.ArrowEventWriter;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.parquet.ParquetEventWriter;
import org.neurospark.spark.testing.ScriptResult;
import org.neurospark.spark.testing.StandaloneCluster;

/**
 * The fat jar under spark-submit on stock Spark (a SPARK_HOME assembled from Maven Central): {@link ClusterSmoke}
 * on a real 2-worker standalone cluster (executors in separate JVMs launched by the workers) and on
 * {@code local[2]}. Expected numbers come from how the test files were written (the ATIS files and their Arrow and
 * Parquet copies), except for the optional shared AEDAT 4 fixture.
 */
class ClusterSmokeIT {
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(4);
  private static Path itDir;
  private static Path fatJar;
  private static final Map<String, AtisTestFiles.Expected> FILES = new LinkedHashMap<>();

  @BeforeAll
  static void files() throws IOException {
    itDir = Path.of(System.getProperty("neurospark.it.dir", "target/it")).toAbsolutePath().resolve("smoke");
    fatJar = Path.of(System.getProperty("neurospark.fat.jar", "target/neurospark-spark-jobs-all.jar"));
    assertTrue(Files.isRegularFile(fatJar), "fat jar missing: " + fatJar);
    Path data = Files.createDirectories(itDir.resolve("data"));
    for (int k = 0; k < 2; k++) {
      Path f = data.resolve("sample_" + k + ".bin");
      FILES.put(f.toString(), AtisTestFiles.write(f, 2_000 + 1_500 * k, 100 * k));
    }
    // Arrow and Parquet (zstd, snappy) copies of sample_1, written here by event-io: on the executors they are read
    // with the Arrow, Parquet, zstd-jni and snappy-java that Spark ships
    Path source = data.resolve("sample_1.bin");
    AtisTestFiles.Expected expected = FILES.get(source.toString());
    RecordingInfo info = new RecordingInfo(source, EventFormat.ATIS_BIN, 34, 34);
    Path arrow = data.resolve("sample_1.arrow");
    try (ArrowEventWriter w = new ArrowEventWriter(arrow, info)) {
      copy(source, w::write);
    }
    FILES.put(arrow.toString(), expected);
    for (CompressionCodecName codec : List.of(CompressionCodecName.ZSTD, CompressionCodecName.SNAPPY)) {
      Path parquet = data.resolve("sample_1." + codec.name().toLowerCase(java.util.Locale.ROOT) + ".parquet");
      try (ParquetEventWriter w = new ParquetEventWriter(parquet, info, codec)) {
        copy(source, w::write);
      }
      FILES.put(parquet.toString(), expected);
    }
    // an LZ4-compressed AEDAT 4 recording from the shared fixtures, when they are beside the checkout (as in CI):
    // lz4-java comes from Spark (at.yawk.lz4 on Spark 4.2); expected numbers from event-io in this JVM
    Path aedat4 = Path.of(System.getProperty("neurospark.shared.dir", "../../shared"),
        "data/events/aedat4/tonic_sample_dvxplorer_lz4.aedat4").toAbsolutePath().normalize();
    if (Files.isRegularFile(aedat4)) {
      FILES.put(aedat4.toString(), readHere(aedat4));
    }
  }

  private interface BatchSink {
    void write(EventBatch batch) throws IOException;
  }

  private static void copy(Path source, BatchSink sink) throws IOException {
    try (EventReader r = EventFiles.open(source)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        sink.write(b);
      }
    }
  }

  private static AtisTestFiles.Expected readHere(Path file) throws IOException {
    FileCount c = ClusterSmoke.count(file.toString());
    return new AtisTestFiles.Expected(c.events(), c.firstT(), c.lastT(), c.on());
  }

  @Test
  void countsEventsOnTheExecutorsOfA2WorkerCluster() throws Exception {
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    ScriptResult r;
    List<Long> workers;
    try (StandaloneCluster cluster = StandaloneCluster.start(itDir.resolve("cluster"), 2, 1, "1g")) {
      workers = cluster.workerPids();
      assertTrue(cluster.masterUrl().matches("spark://127\\.0\\.0\\.1:\\d+"), cluster.masterUrl());
      ScriptResult status = cluster.status().requireSuccess("status");
      assertTrue(status.stdout().contains("2 alive of 2"), status.stdout());
      // watch the workers' children while the application runs
      AtomicBoolean done = new AtomicBoolean();
      Thread watcher = new Thread(() -> {
        while (!done.get()) {
          seen.addAll(cluster.executorPids());
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      watcher.start();
      try {
        r = cluster.submit(SUBMIT_TIMEOUT, submitArgs(List.of(
            "--conf", "spark.executor.memory=512m",
            "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
            "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s")));
      } finally {
        done.set(true);
        watcher.join();
      }
    }
    System.out.println(r.stdout());
    r.requireSuccess("ClusterSmoke on the cluster");
    List<String[]> rows = checkCounts(r);
    Set<String> executorIds = new HashSet<>();
    Set<Long> pids = new HashSet<>();
    for (String[] row : rows) {
      executorIds.add(row[6]);
      pids.add(Long.parseLong(row[7]));
    }
    // both workers' executors took tasks (one core each; the job waited for both to register)
    assertEquals(Set.of("0", "1"), executorIds, r.stdout());
    assertEquals(2, pids.size(), r.stdout());
    assertTrue(seen.containsAll(pids), "tasks ran in " + pids + ", the workers' executors were " + seen);
    for (long pid : pids) {
      assertFalse(workers.contains(pid));
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "executor " + pid + " alive");
    }
  }

  @Test
  void countsEventsOnLocal2() throws Exception {
    ScriptResult r = StandaloneCluster.run(Files.createDirectories(itDir.resolve("local")), SUBMIT_TIMEOUT,
        prepend("submit", submitArgs(List.of("--master", "local[2]"))));
    System.out.println(r.stdout());
    r.requireSuccess("ClusterSmoke on local[2]");
    for (String[] row : checkCounts(r)) {
      assertEquals("driver", row[6]);
      assertNotEquals(ProcessHandle.current().pid(), Long.parseLong(row[7]));
    }
  }

  private static String[] submitArgs(List<String> conf) {
    List<String> args = new ArrayList<>(conf);
    // tiny jobs on a shared 2-core machine: C1 and the serial collector start the JVMs with half the CPU
    String lean = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    args.addAll(List.of("--driver-java-options", lean, "--conf", "spark.executor.extraJavaOptions=" + lean,
        "--conf", "spark.ui.enabled=false", "--class", ClusterSmoke.class.getName(),
        fatJar.toString()));
    args.addAll(FILES.keySet());
    return args.toArray(String[]::new);
  }

  /** Checks every FILE row and the TOTAL row against the files' known content; returns the FILE rows. */
  private static List<String[]> checkCounts(ScriptResult r) {
    List<String[]> rows = new ArrayList<>();
    String[] total = null;
    for (String line : r.stdout().split("\n")) {
      String[] f = line.split("\t");
      if (f[0].equals("FILE")) {
        rows.add(f);
      } else if (f[0].equals("TOTAL")) {
        total = f;
      }
    }
    assertEquals(FILES.size(), rows.size(), r.stdout() + r.stderr());
    long sum = 0;
    int i = 0;
    for (Map.Entry<String, AtisTestFiles.Expected> e : FILES.entrySet()) {
      String[] row = rows.get(i++);
      AtisTestFiles.Expected x = e.getValue();
      assertEquals(e.getKey(), row[1]);
      assertEquals(x.events(), Long.parseLong(row[2]), "events of " + row[1]);
      assertEquals(x.firstT(), Long.parseLong(row[3]), "first t of " + row[1]);
      assertEquals(x.lastT(), Long.parseLong(row[4]), "last t of " + row[1]);
      assertEquals(x.on(), Long.parseLong(row[5]), "ON events of " + row[1]);
      sum += x.events();
    }
    assertTrue(total != null, r.stdout());
    assertEquals(Integer.toString(FILES.size()), total[1]);
    assertEquals(Long.toString(sum), total[2]);
    return rows;
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
