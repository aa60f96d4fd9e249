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
import org.neurospark.events.testing.SharedData;
import org.neurospark.snn.io.SafeTensors;
import picocli.CommandLine;

/** {@code snn train/eval --catalog nmnist} on a folder laid out like N-MNIST from the real recordings. */
class EventTrainCommandTest {
  @TempDir
  Path dir;

  private Path nmnistTree() throws Exception {
    Path root = dir.resolve("nmnist");
    Path sample = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");
    for (String split : new String[] {"Train", "Test"}) {
      for (int l = 0; l < 10; l++) {
        Path d = Files.createDirectories(root.resolve(split).resolve(Integer.toString(l)));
        String suffix = "_label" + l + ".bin";
        try (var files = Files.list(SharedData.data("events/nmnist"))) {
          for (Path f : files.filter(p -> p.getFileName().toString().endsWith(suffix))
              .toList()) {
            Files.copy(f, d.resolve(f.getFileName()));
          }
        }
        if (l == 3 || l == 8) {
          Files.copy(sample, d.resolve("tonic_sample_nmnist.bin"));
        }
      }
    }
    return root;
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int rc = cl.execute(args);
    return new String[] {Integer.toString(rc), out.toString(), err.toString()};
  }

  @Test
  void trainsPlifNmnistOnEventFramesAndEvalReproducesTheTestAccuracy() throws Exception {
    Path data = nmnistTree();
    Path out = dir.resolve("run");
    String[] r = run("train", "--model", "plif-nmnist", "--data", data.toString(), "--catalog", "nmnist", "-T", "4",
        "--channels", "4", "--batch", "5", "--epochs", "1", "--threads", "1", "--out", out.toString(),
        "--no-progress");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("steps 2, epochs done 1"), r[1]);
    JsonNode ds = new ObjectMapper().readTree(out.resolve("dataset.json").toFile());
    assertEquals("nmnist", ds.get("catalog").asText());
    assertEquals(10, ds.get("train_samples").asInt());
    assertEquals(0, ds.get("errors").size());
    JsonNode args = new ObjectMapper().readTree(out.resolve("args.json").toFile());
    assertEquals("frames", args.get("encoder").asText());
    // SpikingJelly's NMNISTNet names (PLIF paper net: conv_fc.* with the PLIF w parameters)
    SafeTensors st = SafeTensors.read(out.resolve("model.safetensors"));
    assertTrue(st.contains("conv_fc.0.weight"), st.entries().keySet().toString());
    String[] e = run("eval", "--model", "plif-nmnist", "--checkpoint", out.resolve("model.safetensors").toString(),
        "--data", data.toString(), "--threads", "1", "--json");
    assertEquals("0", e[0], e[1] + e[2]);
    JsonNode j = new ObjectMapper().readTree(e[1]);
    assertEquals(10, j.get("images").asInt());
    JsonNode m = new ObjectMapper().readTree(Files.readAllLines(out.resolve("metrics.jsonl")).get(0));
    assertEquals(m.get("test_acc").asDouble(), j.get("test_acc").asDouble(), 1e-9);
    pytorchLoadsTheCheckpoint(data, out, j.get("test_acc").asDouble());
  }

  /**
   * The checkpoint loads into the PLIF paper's NMNISTNet written in plain PyTorch with SpikingJelly's names
   * ({@code load_state_dict(strict=True)}), and classifies the test recordings (frames from {@code events frames},
   * SpikingJelly's integration) with the accuracy {@code snn eval} reports. Skipped where Debian's python3-torch is
   * missing ({@code .ci/run} installs it).
   */
  private void pytorchLoadsTheCheckpoint(Path data, Path out, double evalAccuracy) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(hasTorch(), "no python3 with torch: PyTorch interop not checked");
    StringBuilder list = new StringBuilder();
    int k = 0;
    for (int l = 0; l < 10; l++) {
      try (var files = Files.list(data.resolve("Test").resolve(Integer.toString(l)))) {
        for (Path f : files.sorted().toList()) {
          Path fd = dir.resolve("frames").resolve(Integer.toString(k++));
          int rc = org.neurospark.events.cli.EventsCli.commandLine().execute("frames", f.toString(), "-T", "4",
              "--split-by", "number", "--width", "34", "--height", "34", "--no-images", "--out", fd.toString());
          assertEquals(0, rc);
          list.append(fd.resolve("frames.npy")).append(' ').append(l).append('\n');
        }
      }
    }
    Path listFile = Files.writeString(dir.resolve("frames.txt"), list);
    Path script = repoRoot().resolve("tools/pytorch/plif_interop.py");
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "check",
        out.resolve("model.safetensors").toString(), "--channels", "4", "--frames", listFile.toString())
        .redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), text);
    JsonNode r = new ObjectMapper().readTree(text.lines().reduce((a, b) -> b).orElse(""));
    assertTrue(r.get("strict").asBoolean(), text);
    assertEquals(10, r.get("samples").asInt(), text);
    assertEquals(evalAccuracy, r.get("accuracy").asDouble(), 1e-9, text);
  }

  private static boolean hasTorch() {
    try {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (java.io.IOException | InterruptedException e) {
      return false;
    }
  }

  private static Path repoRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("tools/pytorch/plif_interop.py"))) {
        return d;
      }
    }
    throw new IllegalStateException("tools/pytorch/plif_interop.py not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void refusesCatalogsWithoutSplitAndUnknownNames() throws Exception {
    Path data = nmnistTree();
    String[] r = run("train", "--model", "plif-nmnist", "--data", data.toString(), "--catalog", "nope", "--out",
        dir.resolve("x").toString(), "--no-progress");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--catalog must be one of"), r[2]);
    r = run("train", "--model", "plif-nmnist", "--data", data.toString(), "--catalog", "nmnist", "--encoder",
        "poisson", "--out", dir.resolve("y").toString(), "--no-progress");
    assertTrue(r[2].contains("does not apply to event frames"), r[2]);
  }
}
