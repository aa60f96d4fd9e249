package org.neurospark.snn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.output.SpecialFiles;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.tensor.Tensor;
import picocli.CommandLine;

/** Issue 10 rows 8, 10, 11 for {@code snn train/eval}: nonsense is refused before any training or evaluation. */
class HostileSnnTest {
  @TempDir
  Path dir;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int rc = cl.execute(args);
    return new Run(rc, err.toString());
  }

  private Run train(String... extra) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    String[] base = {"train", "--model", "csnn-fmnist", "--data", data.toString(), "--out",
        dir.resolve("out").toString(), "--no-progress"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return run(all);
  }

  @Test
  void nonFiniteOrOutOfRangeHyperParametersAreRefused() throws Exception {
    String[][] bad = {
        {"--lr", "Infinity"}, {"--lr", "NaN"}, {"--lr", "0"}, {"--lr", "-1e-3"},
        {"--momentum", "NaN"}, {"--momentum", "1.5"}, {"--weight-decay", "-1"}, {"--weight-decay", "Infinity"},
        {"--batch", "0"}, {"-T", "0"}, {"--epochs", "0"}, {"--threads", "0"}, {"--train-limit", "-3"},
        {"--max-steps", "-1"}, {"--channels", "-2"},
    };
    for (String[] b : bad) {
      Run r = train(b);
      assertTrue(r.code() != 0, String.join(" ", b));
      assertTrue(r.err().contains(b[0] + " must be"), String.join(" ", b) + ": " + r.err());
    }
    assertFalse(Files.exists(dir.resolve("out")), "nothing was written");
  }

  @Test
  void resumeStateIsValidated() throws Exception {
    Path ck = Files.createDirectories(dir.resolve("out/checkpoint_latest"));
    Files.writeString(ck.resolve("trainer.json"), "{\"epoch\": -5, \"batch\": 0, \"global_step\": 3}");
    Run r = train("--resume");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("epoch = -5") && r.err().contains("trainer.json"), r.err());
    Files.writeString(ck.resolve("trainer.json"), "{\"epoch\": 0, \"batch\": 0, \"global_step\": "
        + (1L << 62) + "}");
    r = train("--resume");
    assertTrue(r.code() == 1 && r.err().contains("global_step"), r.err());
    Files.writeString(ck.resolve("trainer.json"), "");
    r = train("--resume");
    assertTrue(r.code() == 1 && r.err().contains("empty or not a JSON object"), r.err());
    Files.writeString(ck.resolve("trainer.json"), "{\"epoch\": 0, \"batch\": 0, \"global_step\": 3}");
    SafeTensors st = new SafeTensors();
    st.put("0.weight.exp_avg", Tensor.fromArray(new float[] {1f, Float.NaN}, 2));
    st.write(ck.resolve("optimizer.safetensors"));
    r = train("--resume");
    assertTrue(r.code() == 1 && r.err().contains("0.weight.exp_avg") && r.err().contains("NaN"), r.err());
  }

  @Test
  void evalRefusesBadBatchArgsAndNonRegularCheckpoints() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Path ck = run.resolve("model.safetensors");
    new SafeTensors().put("w", Tensor.fromArray(new float[] {1f}, 1)).write(ck);
    Run r = run("eval", "--model", "csnn-fmnist", "--checkpoint", ck.toString(), "--data", dir.toString(), "-b",
        "0");
    assertTrue(r.code() != 0 && r.err().contains("--batch must be in [1,"), r.err());
    assertFalse(r.err().contains("/ by zero"), r.err());
    Files.writeString(run.resolve("args.json"), "");
    r = run("eval", "--model", "csnn-fmnist", "--checkpoint", ck.toString(), "--data", dir.toString());
    assertTrue(r.code() == 1 && r.err().contains("args.json: empty or not a JSON object"), r.err());
    Files.writeString(run.resolve("args.json"), "{\"T\": 4}");
    r = run("eval", "--model", "csnn-fmnist", "--checkpoint", ck.toString(), "--data", dir.toString());
    assertTrue(r.code() == 1 && r.err().contains("no \"channels\""), r.err());
    Path fifo = SpecialFiles.fifo(dir.resolve("ck.fifo"));
    r = run("eval", "--model", "csnn-fmnist", "--checkpoint", fifo.toString(), "--data", dir.toString());
    assertTrue(r.code() == 1 && r.err().contains("FIFO"), r.err());
  }
}
