package org.neurospark.snn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code snn bench train --backend sealed}: the model and optimizer move to the sealed backend and the output ends
 * with {@code host transfers per step: N}, N the uploads + downloads of one optimizer step (as
 * {@code SealedBackendTest} counts them: the CSNN uploads its batch and labels, a PLIF net also its two host-drawn
 * dropout masks, and none downloads anything); the CPU run prints no such line.
 */
class BenchTrainBackendTest {

  /** Runs {@code snn bench train ARGS} with System.out captured (the benchmark prints there); returns its lines. */
  private static String[] bench(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int rc;
    try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      CommandLine cl = SnnCli.commandLine();
      cl.setErr(new PrintWriter(err));
      String[] all = new String[args.length + 2];
      all[0] = "bench";
      all[1] = "train";
      System.arraycopy(args, 0, all, 2, args.length);
      rc = cl.execute(all);
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, rc, err.toString());
    return buf.toString(StandardCharsets.UTF_8).trim().split("\n");
  }

  private static final String[] SMALL = {"--channels", "4", "-T", "2", "--batch", "3", "--steps", "2", "--warmup",
      "1", "--threads", "1"};

  private static String[] with(String... more) {
    String[] a = new String[SMALL.length + more.length];
    System.arraycopy(SMALL, 0, a, 0, SMALL.length);
    System.arraycopy(more, 0, a, SMALL.length, more.length);
    return a;
  }

  @Test
  void csnnOnTheSealedBackendUploadsBatchAndLabelsAndDownloadsNothing() {
    String[] lines = bench(with("--backend", "sealed"));
    assertEquals("host transfers per step: 2", lines[lines.length - 1]);
    assertTrue(lines[0].endsWith(", backend sealed"), lines[0]);
    // batch 3 × 1 × 28 × 28 float32 and 3 int32 labels
    assertTrue(lines[lines.length - 2].startsWith("sealed backend, per timed step: 2.00 uploads ("
        + (3 * 28 * 28 * 4 + 3 * 4) + " bytes), 0.00 downloads (0 bytes)"), lines[lines.length - 2]);
    // the steps released what they allocated: parameters, gradients, Adam's moments and buffers remain, not
    // the activations and saved tensors of every step
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("sealed backend after the last step: (\\d+) live"
        + " storages \\(\\d+ bytes\\)").matcher(lines[lines.length - 3]);
    assertTrue(m.matches(), lines[lines.length - 3]);
    int live = Integer.parseInt(m.group(1));
    assertTrue(live > 0 && live < 60, lines[lines.length - 3]);
  }

  @Test
  void plifNetDrawsItsDropoutMasksOnTheBackend() {
    String[] lines = bench(with("--model", "plif-mnist", "--backend", "sealed"));
    assertEquals("host transfers per step: 2", lines[lines.length - 1]);
  }

  @Test
  void cpuIsTheDefaultAndPrintsNoTransferLine() {
    String[] lines = bench(SMALL);
    assertTrue(lines[lines.length - 1].startsWith("process CPU"), lines[lines.length - 1]);
    for (String l : lines) {
      assertTrue(!l.contains("host transfers") && !l.contains("sealed"), l);
    }
  }

  @Test
  void aPeerIsTimedInTheSameRunAndTheMediansAndRatioPrinted() {
    // the peer echoes the settings appended to its command, then reports its rate as a JSON line
    String peer = "printf '{\"args\": \"%s\", \"images_per_s\": 12.5}\\n' \"$*\"; true";
    String[] lines = bench(with("--rounds", "3", "--peer", peer));
    assertTrue(lines[1].startsWith("cpu: ") && lines[1].contains("AVX-512 used: ")
        && lines[1].matches(".*Vector API preferred species: (0|128|256|512) bits"), lines[1]);
    int reports = 0;
    for (String l : lines) {
      if (l.startsWith("peer 1 reports: ")) {
        reports++;
        assertTrue(l.contains("--model csnn-fmnist -T 2 --channels 4 --batch 3 --threads 1 --steps 2 --warmup 1"), l);
      }
    }
    assertEquals(3, reports);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("same run, median of 3 rounds: Neurospark"
        + " ([0-9.]+) images/s on 1 threads; peer 1 12\\.5 images/s, ratio ([0-9.]+)x \\(median of the rounds' ratios"
        + " ([0-9.]+)x\\)").matcher(lines[lines.length - 1]);
    assertTrue(m.matches(), lines[lines.length - 1]);
    double ours = Double.parseDouble(m.group(1));
    assertEquals(ours / 12.5, Double.parseDouble(m.group(2)), 0.01);
    assertTrue(Double.parseDouble(m.group(3)) > 0, lines[lines.length - 1]);
  }

  @Test
  void aFailingPeerIsAnError() {
    String[] all = {"bench", "train", "--channels", "4", "-T", "2", "--batch", "3", "--steps", "1", "--warmup", "0",
        "--threads", "1", "--peer", "echo no rate here; exit 3"};
    PrintStream saved = System.out;
    StringWriter err = new StringWriter();
    int rc;
    try (PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      System.setOut(quiet);
      CommandLine cl = SnnCli.commandLine();
      cl.setErr(new PrintWriter(err));
      rc = cl.execute(all);
    } finally {
      System.setOut(saved);
    }
    assertTrue(rc != 0);
    assertTrue(err.toString().contains("peer 1 failed (exit 3"), err.toString());
  }
}
