package org.neurospark.spark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.ReadOptions;
import org.neurospark.spark.SparkCli;
import org.neurospark.spark.ingest.IngestCatalogs;
import org.neurospark.spark.ingest.RecordingOpener;
import org.neurospark.spark.testing.Fixtures;
import org.neurospark.spark.testing.ReaderStats;

/** {@code neurospark spark bench} end to end on {@code local[1]} over a 20-recording N-MNIST layout. */
class SparkBenchTest {
  private static final String[] POOL = {"nmnist_test_60001_label7", "nmnist_test_60002_label2",
      "nmnist_test_60003_label1", "nmnist_test_60005_label4", "nmnist_test_60008_label9"};

  @BeforeAll
  static void loopbackOnly() {
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.sql.shuffle.partitions", "2");
    System.setProperty("spark.databricks.delta.snapshotPartitions", "2");
  }

  @AfterAll
  static void clear() {
    for (String k : new String[] {"spark.driver.host", "spark.driver.bindAddress", "spark.sql.shuffle.partitions",
        "spark.databricks.delta.snapshotPartitions"}) {
      System.clearProperty(k);
    }
  }

  @Test
  void measuresIngestAndFramesAgainstRawDecodingOfTheSameFiles(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("nmnist");
    long events = 0;
    long bytes = 0;
    int k = 0;
    ReadOptions options = IngestCatalogs.readOptions("nmnist");
    for (String split : new String[] {"Train", "Test"}) {
      for (int d = 0; d < 10; d++) {
        String f = POOL[k++ % POOL.length];
        Path p = Fixtures.place(in, split + "/" + d, "events/nmnist/" + f + ".bin", f + ".bin");
        events += ReaderStats.of(RecordingOpener.open(p.toString(), options)).count();
        bytes += Files.size(p);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SparkCli.run(new String[] {"bench", "--input", in.toString(), "--catalog", "nmnist", "--work",
        tmp.resolve("work").toString(), "--masters", "local[1]", "-T", "4", "--json"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("vector width"), text);
    assertTrue(text.contains("raw decode     1 thread"), text);
    String[] lines = text.strip().split("\n");
    JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(20, j.get("files").asInt());
    assertEquals(20, j.get("samples").asInt());
    assertEquals(events, j.get("events").asLong());
    assertEquals(bytes, j.get("raw_bytes").asLong());
    assertTrue(j.get("raw_decode_events_per_s").asDouble() > 0);
    assertTrue(j.get("raw_frames_samples_per_s").asDouble() > 0);
    JsonNode r = j.get("run_0");
    assertEquals("local[1]", r.get("master").asText());
    assertEquals(1, r.get("cores").asInt());
    assertTrue(r.get("ingest_s").asDouble() > 0 && r.get("frames_s").asDouble() > 0, r.toString());
    assertEquals(events / r.get("ingest_s").asDouble(), r.get("ingest_events_per_s").asDouble(), 1e-6 * events);
    assertEquals(r.get("ingest_events_per_s").asDouble() / j.get("raw_decode_events_per_s").asDouble(),
        r.get("ingest_per_core_vs_raw_decode").asDouble(), 1e-9);
    assertTrue(r.get("ingest_task_cpu_s").asDouble() > 0, r.toString());
    assertTrue(text.contains("ingest phases: list "), text);
    double sequential = 0;
    for (String phase : List.of("list_s", "plan_s", "tasks_s", "events_commit_s", "samples_commit_s",
        "errors_commit_s")) {
      double v = r.get("ingest_" + phase).asDouble(-1);
      assertTrue(v >= 0 && v <= r.get("ingest_s").asDouble(), phase + " " + r);
      sequential += phase.equals("errors_commit_s") ? 0 : v;
    }
    assertTrue(r.get("ingest_tasks_s").asDouble() > 0 && r.get("ingest_events_commit_s").asDouble() > 0,
        r.toString());
    // the phases are parts of the run, one after the other (the errors commit runs beside the other commits)
    assertTrue(sequential <= r.get("ingest_s").asDouble() + 1e-3, r.toString());
    assertTrue(text.contains("frames phases: plan "), text);
    double framesPhases = 0;
    for (String phase : List.of("plan_s", "tasks_s", "commit_s")) {
      double v = r.get("frames_" + phase).asDouble(-1);
      assertTrue(v > 0 && v <= r.get("frames_s").asDouble(), phase + " " + r);
      framesPhases += v;
    }
    assertTrue(framesPhases <= r.get("frames_s").asDouble() + 1e-3, r.toString());
    assertTrue(r.get("events_table_bytes").asLong() > 0 && r.get("frames_table_bytes").asLong() > 0, r.toString());
    assertTrue(Files.isDirectory(tmp.resolve("work/0-local_1_/frames/_delta_log")));
    assertTrue(r.get("ingest_jit_s").asDouble(-1) >= 0, r.toString());
    // the page-cache baseline writes as many bytes as the first run's events table, and leaves nothing behind
    assertEquals(r.get("events_table_bytes").asLong(), j.get("page_cache_bytes").asLong());
    assertTrue(j.get("page_cache_fresh_s").asDouble() > 0 && j.get("page_cache_reused_s").asDouble() > 0,
        j.toString());
    assertTrue(text.contains("page cache     "), text);
    try (var left = Files.list(tmp.resolve("work/page-cache"))) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void refusesAnEmptyMasterListAndParsesCores() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, SparkCli.run(new String[] {"bench", "--input", "x", "--catalog", "nmnist", "--work", "w",
        "--masters", ","}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
        StandardCharsets.UTF_8)));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--masters names no master"));
    assertEquals(1, SparkBench.cores("local", 2));
    assertEquals(3, SparkBench.cores("local[3]", 2));
    assertEquals(2, SparkBench.cores("local[2,4]", 7));
    assertEquals(2, SparkBench.cores("spark://127.0.0.1:7077", 2));
    List<String> masters = List.of("local[1]", "local[2]", "local[1]", "spark://127.0.0.1:7077", "local[2]");
    assertEquals(0, SparkBench.latestOfFirst(masters, 1));
    assertEquals(0, SparkBench.latestOfFirst(masters, 2));
    assertEquals(2, SparkBench.latestOfFirst(masters, 3));
    assertEquals(2, SparkBench.latestOfFirst(masters, 4));
    assertTrue(List.of("512-bit", "256-bit", "128-bit", "unknown").stream()
        .anyMatch(SparkBench.vectorWidth()::startsWith));
  }
}
