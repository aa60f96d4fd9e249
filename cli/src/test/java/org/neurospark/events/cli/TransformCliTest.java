package org.neurospark.events.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.slicing.SampleNpzWriter;
import org.neurospark.events.testing.BatchEvents;
import org.neurospark.events.testing.SharedData;

/** The dataset, slice, bench-transforms commands and info --transform, run in-process. */
class TransformCliTest {
  static final Path TONIC = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");

  static CliRun run(String... args) {
    return CliRun.run(args);
  }

  @Test
  void infoAfterATransformChain() throws IOException {
    CliRun r = run("info", TONIC.toString(), "--json", "--transform", "denoise(10000)");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(4012, j.get("events").asLong()); // tonic Denoise(10000), see TransformsOnNmnistTest
    CliRun d = run("info", TONIC.toString(), "--json", "--transform", "downsample(0.5,0.5),refractory(5000)");
    assertEquals(16, new ObjectMapper().readTree(d.out()).get("x_max").asInt());
    CliRun flipped = run("info", TONIC.toString(), "--json", "--transform", "fliplr(1)", "--sensor", "34x34");
    assertEquals(33 - 7, new ObjectMapper().readTree(flipped.out()).get("first").get(0).get(1).asInt());
    CliRun noSize = run("info", TONIC.toString(), "--transform", "fliplr(1)");
    assertEquals(1, noSize.code());
    assertTrue(noSize.err().contains("--sensor WxH"), noSize.err());
    CliRun bad = run("info", TONIC.toString(), "--transform", "blur(2)");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("unknown transform 'blur'"), bad.err());
  }

  @Test
  void datasetListsAndCountsAndNamesMissingFolders(@TempDir Path dir) throws IOException {
    for (int d = 0; d < 10; d++) {
      for (String split : new String[] {"Train", "Test"}) {
        Path f = dir.resolve(split + "/" + d + "/0000" + d + ".bin");
        Files.createDirectories(f.getParent());
        Files.createSymbolicLink(f, TONIC.toAbsolutePath());
      }
    }
    Path extra = dir.resolve("Train/7/00011.bin");
    Files.createSymbolicLink(extra, TONIC.toAbsolutePath());
    CliRun r = run("dataset", dir.toString(), "--catalog", "nmnist");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("samples   21 in 10 classes"), r.out());
    assertTrue(r.out().contains("train: 11 samples"), r.out());
    assertTrue(r.out().contains("7:7") && r.out().contains("test: 10 samples"), r.out());
    JsonNode j = new ObjectMapper().readTree(run("dataset", dir.toString(), "--catalog", "nmnist", "--json",
        "--list").out());
    assertEquals(21, j.get("samples").asInt());
    assertEquals(2, j.get("counts").get("train").get("7").asInt());
    assertEquals(21, j.get("items").size());
    assertEquals(34, j.get("width").asInt());
    CliRun missing = run("dataset", dir.resolve("Train").toString(), "--catalog", "nmnist");
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("no Train/ or Test/ folder"), missing.err());
    Path cache = dir.resolve("events_np");
    CliRun export = run("dataset", dir.toString(), "--catalog", "nmnist", "--export", cache.toString(), "--transform",
        "denoise(10000)");
    assertEquals(0, export.code(), export.err());
    assertTrue(export.out().contains("exported  21 samples, " + 21 * 4012 + " events"), export.out());
    EventBatch seven = BatchEvents.readAll(cache.resolve("train/7/00011.npz"));
    assertEquals(4012, seven.size()); // tonic Denoise(10000) on the tonic sample, reset per sample
    assertArrayEquals(new long[] {654, 7, 15, 1}, BatchEvents.event(seven, 0));
    assertEquals(4012, BatchEvents.readAll(cache.resolve("test/0/00000.npz")).size());
    CliRun ratio = run("dataset", dir.toString(), "--catalog", "nmnist", "--train-ratio", "0.5");
    assertEquals(1, ratio.code());
    assertTrue(ratio.err().contains("official train/test split"), ratio.err());
  }

  /** A recording spanning the gesture CSV (one event per ms, 50 s .. 180 s), written as npz. */
  static Path gestureLikeRecording(Path dir) throws IOException {
    EventBatch b = new EventBatch(1 << 17);
    for (long t = 50_000_000; t < 180_000_000; t += 1000) {
      b.add(t, (int) (t / 1000 % 128), (int) (t / 128_000 % 128), (int) (t / 1000 % 2));
    }
    Path f = dir.resolve("user01_natural.npz");
    new SampleNpzWriter(dir, "x", true).write(f, b);
    return f;
  }

  @Test
  void sliceByGestureLabelsWritesSpikingJellysLayout(@TempDir Path dir) throws IOException {
    Path rec = gestureLikeRecording(dir);
    Path out = dir.resolve("events_np");
    CliRun r = run("slice", rec.toString(), "--labels",
        SharedData.data("events/dvsgesture/user01_natural_labels.csv").toString(), "--out", out.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(12, j.get("samples").asInt());
    // row 1: class 1 → label 0, [53036986, 59508469): first event at 53037000, last at 59508000
    Path first = out.resolve("0/user01_natural_0.npz");
    EventBatch s = BatchEvents.readAll(first);
    assertEquals((59508000 - 53037000) / 1000 + 1, s.size());
    assertEquals(53037000, s.t()[0]);
    assertEquals(59508000, s.t()[s.size() - 1]);
    assertArrayEquals(new long[] {53037000, 53037 % 128, 53037000 / 128_000 % 128, 1}, BatchEvents.event(s, 0));
    // class 8 twice → label 7, files _0 and _1
    assertTrue(Files.exists(out.resolve("7/user01_natural_0.npz")));
    assertTrue(Files.exists(out.resolve("7/user01_natural_1.npz")));
    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(12, files.filter(p -> p.toString().endsWith(".npz")).count());
    }
  }

  @Test
  void sliceByWindowsWithATransform(@TempDir Path dir) throws IOException {
    CliRun r = run("slice", TONIC.toString(), "--window-us", "100000", "--out", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("3 samples"), r.out());
    assertEquals(654, BatchEvents.readAll(dir.resolve("tonic_sample_nmnist_0.npz")).t()[0]);
    CliRun c = run("slice", TONIC.toString(), "--count", "1000", "--include-incomplete", "--transform",
        "denoise(10000)", "--out", dir.resolve("c").toString(), "--json");
    JsonNode j = new ObjectMapper().readTree(c.out());
    assertEquals(5, j.get("samples").asInt()); // 4012 events after denoise: 4 full windows + 1 of 12
    assertEquals(4012, j.get("events").asLong());
    assertEquals(12, BatchEvents.readAll(dir.resolve("c/tonic_sample_nmnist_4.npz")).size());
    CliRun both = run("slice", TONIC.toString(), "--count", "10", "--window-us", "5", "--out", dir.toString());
    assertEquals(1, both.code());
    assertTrue(both.err().contains("exactly one of"), both.err());
  }

  @Test
  void benchTransformsRunsOnASmallBudget() {
    CliRun r = run("bench-transforms", TONIC.toString(), "--events", "100000", "--only", "denoise(10000);fliplr(1)",
        "--frame-us", "10000");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("denoise(10000)") && r.out().contains("Mev/s cpu"), r.out());
    assertTrue(r.out().contains("decode + denoise(10000,4),downsample(0.5,0.5,1.0) + frames(10000 µs)"), r.out());
    assertTrue(r.out().contains("chain cost relative to decoding alone"), r.out());
  }
}
