package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.SparkCli;

/**
 * The command lines of {@code spark train}, {@code eval} and {@code pipeline}: help and usage errors (exit status 2)
 * before any Spark session starts.
 */
class TrainCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... argv) {
    out.reset();
    err.reset();
    return SparkCli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheOptions() {
    assertEquals(0, run("train", "--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String flag : new String[] {"--tables", "--model", "--channels", "--workers", "--sync-every", "--epochs",
        "--max-rounds", "--batch", "--opt", "--lr", "--out", "--resume", "--averaging", "--backend", "--master",
        "--json"}) {
      assertTrue(help.contains(flag), flag);
    }
    assertEquals(0, run("--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("train"));
  }

  @Test
  void usageErrorsExitWith2() {
    assertEquals(2, run("train", "--tables", "t", "--model", "plif-nmnist", "--sync-every", "2", "--out", "r"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--workers"), err.toString(StandardCharsets.UTF_8));
    assertEquals(2, run("train", "--tables", "t", "--model", "plif-nmnist", "--workers", "2", "--sync-every", "2",
        "--out", "r", "--averaging", "star"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("ring"), err.toString(StandardCharsets.UTF_8));
    assertEquals(2, run("train", "--tables", "t", "--model", "no-such-net", "--workers", "2", "--sync-every", "2",
        "--out", "r"));
    assertEquals(2, run("train", "--tables", "t", "--model", "plif-nmnist", "--workers", "0", "--sync-every", "2",
        "--out", "r"));
    assertEquals(2, run("train", "--tables", "t", "--model", "plif-nmnist", "--workers", "2", "--sync-every", "2",
        "--out", "r", "--averaging", "tree", "--local-optimizer-state"));
    assertEquals(2, run("train", "--tables", "t", "--model", "plif-nmnist", "--workers", "2", "--sync-every", "2",
        "--out", "r", "--lr", "fast"));
    assertEquals(2, run("train", "--tables", "t", "--model", "plif-nmnist", "--workers", "2", "--sync-every", "2",
        "--out", "r", "--backend", "tpu"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--backend must be one of auto, cuda, cpu, sealed"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void pipelineAndEvalUsage() {
    assertEquals(2, run("pipeline", "--catalog", "nmnist")); // --input missing (no arguments at all run the embedded default)
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--input"), err.toString(StandardCharsets.UTF_8));
    assertEquals(2, run("pipeline", "--images", "i", "--input", "p", "--catalog", "nmnist"));
    assertEquals(2, run("pipeline", "--input", "p", "--catalog", "nmnist", "--backend", "gpu"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--backend must be one of"),
        err.toString(StandardCharsets.UTF_8));
    assertEquals(0, run("pipeline", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--backend B"));
    assertEquals(0, run("eval", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--checkpoint"));
    assertEquals(2, run("eval", "--tables", "t", "--out", "r"));
  }
}
