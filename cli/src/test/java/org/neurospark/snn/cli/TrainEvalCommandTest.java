package org.neurospark.snn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.testing.SnnShared;
import picocli.CommandLine;

/** {@code snn train} and {@code snn eval} through the CLI on the real MNIST test split. */
class TrainEvalCommandTest {
  @TempDir
  Path dir;

  /** {@code snn train} then {@code snn eval} through the CLI on a folder of IDX files. */
  @Test
  void cliTrainAndEval() throws Exception {
    Path data = dir.resolve("idx");
    Files.createDirectories(data);
    Path src = SnnShared.root().resolve("data/mnist/mnist");
    Files.copy(src.resolve("t10k-images-idx3-ubyte.gz"), data.resolve("train-images-idx3-ubyte.gz"));
    Files.copy(src.resolve("t10k-labels-idx1-ubyte.gz"), data.resolve("train-labels-idx1-ubyte.gz"));
    Files.copy(src.resolve("t10k-images-idx3-ubyte.gz"), data.resolve("t10k-images-idx3-ubyte.gz"));
    Files.copy(src.resolve("t10k-labels-idx1-ubyte.gz"), data.resolve("t10k-labels-idx1-ubyte.gz"));
    Path out = dir.resolve("run");
    StringWriter sw = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setOut(new PrintWriter(sw));
    int rc = cl.execute("train", "--model", "csnn-fmnist", "--data", data.toString(), "--out", out.toString(),
        "--max-steps", "2", "--batch", "8", "-T", "2", "--channels", "2", "--threads", "1", "--train-limit", "64",
        "--test-limit", "16", "--no-progress");
    assertEquals(0, rc, sw.toString());
    assertTrue(sw.toString().contains("steps 2"), sw.toString());
    for (String f : new String[] {"model.safetensors", "metrics.jsonl", "curves.png", "args.json"}) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    StringWriter ew = new StringWriter();
    CommandLine ev = SnnCli.commandLine();
    ev.setOut(new PrintWriter(ew));
    rc = ev.execute("eval", "--model", "csnn-fmnist", "--checkpoint", out.resolve("model.safetensors").toString(),
        "--data", data.toString(), "--test-limit", "16", "--threads", "1", "--json");
    assertEquals(0, rc, ew.toString());
    JsonNode j = new ObjectMapper().readTree(ew.toString());
    assertEquals(16, j.get("images").asInt());
    double acc = j.get("test_acc").asDouble();
    JsonNode m = new ObjectMapper().readTree(Files.readAllLines(out.resolve("metrics.jsonl")).get(0));
    assertEquals(m.get("test_acc").asDouble(), acc, 1e-9, "eval of the saved weights reproduces the run's test accuracy");
    StringWriter err = new StringWriter();
    CommandLine bad = SnnCli.commandLine();
    bad.setErr(new PrintWriter(err));
    assertEquals(1, bad.execute("eval", "--model", "csnn-fmnist", "--checkpoint",
        out.resolve("model.safetensors").toString(), "--data", data.toString(), "--channels", "4"));
    assertTrue(err.toString().contains("does not match") || err.toString().contains("mismatch"), err.toString());
  }
}
