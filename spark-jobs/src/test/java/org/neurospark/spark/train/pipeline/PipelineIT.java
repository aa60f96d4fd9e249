package org.neurospark.spark.train.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.spark.SparkCli;
import org.neurospark.spark.testing.Fixtures;

/**
 * {@code spark pipeline} end to end on {@code local[2]} over the shared N-MNIST recordings in an N-MNIST layout (an
 * integration test: about two minutes on a loaded 2-core machine, most of it ingest and frames).
 */
class PipelineIT {
  private static final String[] FILES = {"nmnist_test_60001_label7", "nmnist_test_60002_label2",
      "nmnist_test_60003_label1", "nmnist_test_60004_label0", "nmnist_test_60005_label4", "nmnist_test_60008_label9",
      "nmnist_test_60009_label5", "nmnist_test_60012_label6"};

  @BeforeAll
  static void loopbackOnly() {
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.sql.shuffle.partitions", "4");
    System.setProperty("spark.databricks.delta.snapshotPartitions", "2");
  }

  @AfterAll
  static void clear() {
    for (String k : new String[] {"spark.driver.host", "spark.driver.bindAddress", "spark.ui.enabled",
        "spark.sql.shuffle.partitions", "spark.databricks.delta.snapshotPartitions"}) {
      System.clearProperty(k);
    }
  }

  @Test
  void ingestFramesTrainEvalInOneCommand(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("nmnist");
    // the catalog wants every class folder in both splits: one recording in each (labels are the folders)
    int k = 0;
    for (String split : new String[] {"Train", "Test"}) {
      for (int d = 0; d < 10; d++) {
        String f = FILES[k++ % FILES.length];
        Fixtures.place(in, split + "/" + d, "events/nmnist/" + f + ".bin", f + ".bin");
      }
    }
    Path dir = tmp.resolve("out");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = SparkCli.run(new String[] {"pipeline", "--input", in.toString(), "--catalog", "nmnist", "--out",
        dir.toString(), "-T", "2", "--channels", "2", "--workers", "2", "--sync-every", "2", "--batch", "2",
        "--master", "local[2]", "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String log = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, log);
    JsonNode j = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).trim());
    TreeSet<String> keys = new TreeSet<>();
    j.fieldNames().forEachRemaining(keys::add);
    assertEquals(new TreeSet<>(java.util.List.of("test_accuracy", "samples", "rounds", "seconds")), keys);
    assertEquals(10, j.get("samples").asLong());
    // 10 training samples, 2 workers, batches of 2: 3 steps per epoch, K = 2: two rounds
    assertEquals(2, j.get("rounds").asInt());
    for (String stage : new String[] {"[1/4] ingest", "[2/4] frames", "[3/4] train", "round 2/2", "[4/4] eval"}) {
      assertTrue(log.contains(stage), stage + " in\n" + log);
    }
    assertTrue(Files.isDirectory(dir.resolve("tables/frames")));
    assertEquals(2, Files.readAllLines(dir.resolve("run/rounds.jsonl")).size());
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report/report.json").toFile());
    assertEquals(j.get("test_accuracy").asDouble(), report.get("accuracy").asDouble());
  }

  /** With no data named it runs the embedded default; when that default's images are missing it says what to do. */
  @Test
  void withoutDataItNeedsTheEmbeddedDefaultsImages() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String before = System.getProperty("neurospark.images");
    System.setProperty("neurospark.images", "/nonexistent/fashion-mnist");
    try {
      int rc = SparkCli.run(new String[] {"pipeline"}, new PrintStream(new ByteArrayOutputStream(), true,
          StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(2, rc);
      String e = err.toString(StandardCharsets.UTF_8);
      assertTrue(e.contains("embedded default") && e.contains("/nonexistent/fashion-mnist")
          && e.contains("dataset-fashion-mnist"), e);
    } finally {
      if (before == null) {
        System.clearProperty("neurospark.images");
      } else {
        System.setProperty("neurospark.images", before);
      }
    }
  }
}
