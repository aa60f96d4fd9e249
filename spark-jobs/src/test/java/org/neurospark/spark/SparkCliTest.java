package org.neurospark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.spark.testing.Fixtures;

/** The command line: help, usage errors, and both jobs end to end with {@code --json}. */
class SparkCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void loopbackOnly() {
    // the sessions SparkCli builds read spark.* system properties
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

  private int run(String... argv) {
    out.reset();
    err.reset();
    return SparkCli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpAndUsageErrors() {
    assertEquals(0, run("--help"));
    assertTrue(out().contains("ingest") && out().contains("frames"), out());
    assertEquals(0, run("ingest", "--help"));
    assertTrue(out().contains("--catalog") && out().contains("--master") && out().contains("--json"), out());
    assertEquals(0, run("frames", "--help"));
    assertTrue(out().contains("--split-by") && out().contains("--storage"), out());
    assertEquals(2, run());
    assertEquals(2, run("nope"));
    assertTrue(err().contains("unknown job 'nope'"), err());
    assertEquals(2, run("ingest", "--input", "x", "--catalog", "mnist-like", "--out", "y"));
    assertTrue(err().contains("unknown catalog 'mnist-like'") && err().contains("folder"), err());
    assertEquals(2, run("ingest", "--input", "x", "--catalog", "folder"));
    assertTrue(err().contains("missing required option --out"), err());
    assertEquals(2, run("frames", "--tables", "t", "-T", "4", "--duration", "1000"));
    assertTrue(err().contains("not both"), err());
    assertEquals(2, run("frames", "--tables", "t", "-T", "4"));
    assertTrue(err().contains("--split-by"), err());
    assertEquals(2, run("frames", "--tables", "t", "-T", "x", "--split-by", "number"));
    assertTrue(err().contains("needs an integer"), err());
  }

  @Test
  void ingestAndFramesPrintOneLineJsonWithTheIssuesKeys(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    Fixtures.place(in, "a", "events/nmnist/nmnist_test_60001_label7.bin", "x.bin");
    Fixtures.place(in, "b", "events/nmnist/nmnist_test_60002_label2.bin", "y.bin");
    String tables = tmp.resolve("tables").toString();
    assertEquals(0, run("ingest", "--input", in.toString(), "--catalog", "folder", "--out", tables, "--master",
        "local[2]", "--json"), err());
    String line = out().strip();
    assertEquals(1, line.lines().count(), line);
    JsonNode j = new ObjectMapper().readTree(line);
    assertEquals(List.of("files_seen", "files_ingested", "files_unchanged", "files_failed", "samples", "events",
        "seconds"), names(j));
    assertEquals(2, j.get("files_seen").asInt());
    assertEquals(2, j.get("files_ingested").asInt());
    assertEquals(2, j.get("samples").asInt());
    assertTrue(j.get("events").asLong() > 1000);

    assertEquals(0, run("frames", "--tables", tables, "-T", "4", "--split-by", "time", "--width", "34",
        "--height", "34", "--storage", "sparse", "--master", "local[2]", "--json"), err());
    JsonNode f = new ObjectMapper().readTree(out().strip());
    assertEquals(List.of("samples", "frames", "events", "bytes", "seconds"), names(f));
    assertEquals(2, f.get("samples").asInt());
    assertEquals(8, f.get("frames").asInt());
    assertEquals(j.get("events").asLong(), f.get("events").asLong());
  }

  private static List<String> names(JsonNode j) {
    List<String> l = new ArrayList<>();
    j.fieldNames().forEachRemaining(l::add);
    return l;
  }
}
