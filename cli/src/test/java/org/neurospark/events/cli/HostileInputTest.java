package org.neurospark.events.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.format.numpy.NumpyEventWriter;
import org.neurospark.events.hostile.AtisFiles;
import org.neurospark.events.hostile.MatFiles;
import org.neurospark.events.output.SpecialFiles;
import org.neurospark.events.testing.BatchEvents;

/**
 * Issue 10, command level: every row of the hostile-input table, on small files generated here. Each case checks
 * the exit code, that the message names the flag or the path, and what was left on disk.
 */
class HostileInputTest {
  @TempDir
  Path dir;

  private static CliRun run(String... args) {
    return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.run(args));
  }

  private List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private Path recording(int n) throws IOException {
    return AtisFiles.write(dir.resolve("rec.bin"), n);
  }

  /** An .npz holding the given rows {t, x, y, p}. */
  private Path npz(String name, long[]... rows) throws IOException {
    EventBatch b = BatchEvents.of(rows);
    Path f = dir.resolve(name);
    NumpyEventWriter.writeNpz(f, b, false);
    return f;
  }

  @Test
  void row1FailedConvertLeavesNoOutputOrThePreviousOne() throws IOException {
    Path rec = recording(200);
    byte[] b = Files.readAllBytes(rec);
    Path trunc = Files.write(dir.resolve("t.bin"), java.util.Arrays.copyOf(b, b.length - 3));
    Path out = dir.resolve("t.parquet");
    CliRun r = run("convert", trunc.toString(), "--to", "parquet", "--out", out.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("truncated") && r.err().contains("was not created"), r.err());
    assertFalse(Files.exists(out));
    Files.writeString(out, "previous");
    r = run("convert", trunc.toString(), "--to", "arrow", "--out", out.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("previous " + out + " is unchanged"), r.err());
    assertEquals("previous", Files.readString(out));
    assertEquals(List.of("rec.bin", "t.bin", "t.parquet"), names(dir), "no temporary file is left");
    r = run("convert", rec.toString(), "--to", "parquet", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(run("info", out.toString(), "--json").out().contains("\"events\":200"));
  }

  @Test
  void row2OutThatIsNotARegularFileIsRefused() throws Exception {
    Path rec = recording(50);
    Path d = Files.createDirectory(dir.resolve("e"));
    Files.writeString(d.resolve("keep"), "x");
    CliRun r = run("convert", rec.toString(), "--to", "parquet", "--out", d.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("is a directory") && r.err().contains(d.toString()), r.err());
    assertTrue(Files.isRegularFile(d.resolve("keep")));
    Path fifo = SpecialFiles.fifo(dir.resolve("fifo"));
    r = run("convert", rec.toString(), "--to", "arrow", "--out", fifo.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("FIFO"), r.err());
    assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo));
    Path file = Files.writeString(dir.resolve("plain"), "x");
    r = run("frames", rec.toString(), "-T", "2", "--split-by", "number", "--width", "34", "--height", "34", "--out",
        file.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("not a directory"), r.err());
  }

  @Test
  void row3OutputIsBoundedByTheCaps() throws IOException {
    Path f = npz("far.npz", new long[] {0, 1, 1, 1}, new long[] {9_000_000_000_000_000_000L, 2, 2, 0});
    Path out = dir.resolve("fr");
    CliRun r = run("frames", f.toString(), "--width", "34", "--height", "34", "--duration", "1000", "--out",
        out.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--max-frames = 100000") && r.err().contains("up to 9000000000000001 frames")
        && r.err().contains("was not created"), r.err());
    assertFalse(Files.exists(out));
    assertEquals(List.of("far.npz"), names(dir), "no PNG, GIF or frames.npy left, no staging folder");
    r = run("frames", f.toString(), "--width", "34", "--height", "34", "--duration", "1000", "--no-images",
        "--max-frames", "10", "--out", out.toString());
    assertTrue(r.err().contains("--max-frames = 10;"), r.err());
    r = run("slice", f.toString(), "--window-us", "1000", "--out", dir.resolve("s").toString(), "--max-windows",
        "50");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--max-windows = 50"), r.err());
    assertEquals(List.of("far.npz"), names(dir));
  }

  @Test
  void row4WindowArithmeticDoesNotOverflow() throws IOException {
    Path rec = recording(100);
    Path out = dir.resolve("s1");
    CliRun r = run("slice", rec.toString(), "--window-us", Long.toString(Long.MAX_VALUE), "--include-incomplete",
        "--json", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(1, j.get("samples").asInt());
    assertEquals(Long.MAX_VALUE, j.get("items").get(0).get("end_us").asLong());
    r = run("slice", rec.toString(), "--window-us", Long.toString(Long.MAX_VALUE), "--overlap-us",
        Long.toString(Long.MAX_VALUE - 1), "--include-incomplete", "--out", dir.resolve("s2").toString());
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void row5DeclaredSizesAreCheckedBeforeAllocating() throws IOException {
    Path a4 = HostileFiles.aedat4(dir.resolve("big.aedat4"), 30000, 30000);
    CliRun r = run("frames", a4.toString(), "-T", "100", "--split-by", "number", "--out",
        dir.resolve("f1").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("30000 x 30000") && r.err().contains("memory"), r.err());
    if (Runtime.getRuntime().maxMemory() < 28L << 30) { // two 30000 x 30000 frames (14.4 GB) exceed half the heap
      r = run("frames", a4.toString(), "--duration", "1000", "--no-images", "--out", dir.resolve("f2").toString());
      assertEquals(1, r.code());
      assertTrue(r.err().contains("30000 x 30000") && r.err().contains("memory"), r.err());
    }
    Path huge = HostileFiles.aedat4(dir.resolve("huge.aedat4"), 46000, 46000);
    r = run("frames", huge.toString(), "--duration", "1000", "--no-images", "--out", dir.resolve("f2").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("46000 x 46000"), r.err());
    assertFalse(Files.exists(dir.resolve("f1")) || Files.exists(dir.resolve("f2")));
    Path bomb = HostileFiles.npzBomb(dir.resolve("bomb.npz"), 1 << 22);
    assertTrue(Files.size(bomb) < 1 << 20, "a bomb: " + Files.size(bomb) + " bytes");
    r = run("slice", bomb.toString(), "--count", Integer.toString(Integer.MAX_VALUE), "--out",
        dir.resolve("s").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--count 2147483647") && r.err().contains("memory"), r.err());
    assertFalse(r.err().contains("OutOfMemoryError"), r.err());
  }

  @Test
  void row6FlagsAreRefusedNamingTheFlag() throws IOException {
    Path rec = recording(50);
    CliRun r = run("convert", rec.toString(), "--to", "parquet", "--batch", "2147483647", "--out",
        dir.resolve("o.parquet").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--batch 2147483647"), r.err());
    r = run("frames", rec.toString(), "--width", "20000", "--height", "20000", "-T", "100", "--split-by", "number",
        "--out", dir.resolve("f").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("20000 x 20000") && r.err().contains("--width/--height"), r.err());
    r = run("frames", rec.toString(), "--duration", "100000", "--width", "100000", "--height", "100000", "--out",
        dir.resolve("f").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("2^31") && !r.err().contains("-1474836480"), r.err());
    r = run("info", rec.toString(), "--sensor", "2000000000x2000000000", "--transform", "denoise(10000)");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--sensor must be between 1 and 65536"), r.err());
    r = run("frames", rec.toString(), "-T", "0", "--split-by", "number", "--width", "34", "--height", "34",
        "--out", dir.resolve("f").toString());
    assertTrue(r.code() != 0 && r.err().contains("-T must be in [1,"), r.err());
    r = run("slice", rec.toString(), "--count", "0", "--out", dir.resolve("s").toString());
    assertTrue(r.code() != 0 && r.err().contains("--count must be > 0"), r.err());
    assertFalse(Files.exists(dir.resolve("f")) || Files.exists(dir.resolve("s")));
  }

  @Test
  void row7DatasetExportRecordsAndSkipsBadSamples() throws IOException {
    Path root = dir.resolve("nmnist");
    Path bad = AtisFiles.nmnistTree(root, 1);
    Path out = dir.resolve("cache");
    CliRun r = run("dataset", root.toString(), "--catalog", "nmnist", "--export", out.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(19, j.get("exported_samples").asInt());
    assertEquals(1, j.get("failed_samples").asInt());
    List<String> errors = Files.readAllLines(out.resolve("errors.jsonl"));
    assertEquals(1, errors.size());
    JsonNode e = new ObjectMapper().readTree(errors.get(0));
    assertEquals(bad.toString(), e.get("file").asText());
    assertTrue(e.get("offset").asLong() >= 0 && e.get("message").asText().contains("truncated"), errors.get(0));
    assertTrue(Files.isRegularFile(out.resolve("train/9/00000.npz")));
    Path ff = dir.resolve("ff");
    r = run("dataset", root.toString(), "--catalog", "nmnist", "--export", ff.toString(), "--fail-fast");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("truncated") && r.err().contains("was not created"), r.err());
    assertFalse(Files.exists(ff));
  }

  @Test
  void row5MatBombInDatasetExportFailsOnlyItsSample() throws IOException {
    Path root = dir.resolve("asl");
    for (String letter : org.neurospark.events.dataset.Catalogs.ASL_LETTERS) {
      MatFiles.aslZeros(root.resolve(letter).resolve(letter + "_0001.mat"), 10);
    }
    Path bomb = MatFiles.aslZeros(root.resolve("c/c_0002.mat"), 1 << 22);
    assertTrue(Files.size(bomb) < 1 << 20, "a bomb: " + Files.size(bomb) + " bytes for 4M events");
    Path out = dir.resolve("cache");
    CliRun r = run("dataset", root.toString(), "--catalog", "asldvs", "--export", out.toString(),
        "--max-sample-events", "1000000", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(24, j.get("exported_samples").asInt());
    assertEquals(1, j.get("failed_samples").asInt());
    String errors = Files.readString(out.resolve("errors.jsonl"));
    assertTrue(errors.contains("c_0002.mat") && errors.contains("limit of 1000000 events"), errors);
  }

  @Test
  void row10NonRegularInputsAreRefusedAtOnce() throws Exception {
    Path fifo = SpecialFiles.fifo(dir.resolve("f.bin"));
    String f = fifo.toString();
    String out = dir.resolve("o").toString();
    String[][] cmds = {
        {"info", f},
        {"convert", f, "--to", "parquet", "--out", out + ".parquet"},
        {"frames", f, "-T", "2", "--split-by", "number", "--width", "34", "--height", "34", "--out", out},
        {"slice", f, "--count", "10", "--out", out},
        {"slice", recording(20).toString(), "--labels", f, "--out", out},
        {"info", dir.toString()},
    };
    for (String[] c : cmds) {
      CliRun r = run(c);
      assertEquals(1, r.code(), String.join(" ", c));
      assertTrue(r.err().contains("FIFO") && r.err().contains(f) || r.err().contains("is a directory"),
          String.join(" ", c) + ": " + r.err());
    }
    if (Files.exists(Path.of("/dev/zero"))) {
      CliRun r = run("info", "/dev/zero");
      assertTrue(r.code() == 1 && r.err().contains("/dev/zero: is a character device"), r.err());
    }
    CliRun r = run("info", dir.resolve("missing.bin").toString());
    assertTrue(r.code() == 1 && r.err().contains("missing.bin: no such file"), r.err());
  }

  @Test
  void row11SmallerItems() throws IOException {
    // --split-by time on time-reversed events: a clear error, not everything in the last frame
    Path rev = npz("rev.npz", new long[] {1000, 1, 1, 1}, new long[] {500, 2, 2, 0}, new long[] {0, 3, 3, 1});
    CliRun r = run("frames", rev.toString(), "-T", "3", "--split-by", "time", "--width", "4", "--height", "4",
        "--out", dir.resolve("fr").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("backwards"), r.err());
    assertFalse(Files.exists(dir.resolve("fr")));
    Path rec = recording(50);
    r = run("info", rec.toString(), "--transform", "downsample(1e308,1e308)", "--sensor", "34x34");
    assertTrue(r.code() == 1 && r.err().contains("(0, 1]"), r.err());
    r = run("info", rec.toString(), "--transform", "denoise(1000)", "--sensor", "0x0");
    assertTrue(r.code() == 1 && r.err().contains("--sensor must be between 1"), r.err());
    // names echoed to the terminal are escaped
    Path evil = dir.resolve("a\u001b[2Jb.bin");
    Files.copy(rec, evil);
    r = run("info", evil.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("a\\x1b[2Jb.bin") && !r.out().contains("\u001b"), r.out());
    r = run("info", dir.resolve("x\u0007y.bin").toString());
    assertTrue(r.err().contains("x\\x07y.bin") && !r.err().contains("\u0007"), r.err());
  }
}
