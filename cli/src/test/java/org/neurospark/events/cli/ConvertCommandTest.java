package org.neurospark.events.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.arrow.ArrowEventReader;
import org.neurospark.events.parquet.ParquetEventReader;
import org.neurospark.events.testing.SharedData;

class ConvertCommandTest {
  static final Path AEDAT4 = SharedData.data("events/aedat4/tonic_sample_dvxplorer_lz4.aedat4");
  static final Path NMNIST = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");

  static CliRun run(String... args) {
    return CliRun.run(args);
  }

  @Test
  void convertsAedat4ToArrowAndParquet(@TempDir Path dir) throws IOException {
    Path arrow = dir.resolve("s.arrow");
    CliRun r = run("convert", AEDAT4.toString(), "--to", "arrow", "--out", arrow.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("wrote 111954 events (aedat4, 320 x 240) to " + arrow + " as arrow"), r.out());
    assertTrue(r.out().contains("skipped   {imu_packets=59}"), r.out());
    Path pq = dir.resolve("s.parquet");
    r = run("convert", AEDAT4.toString(), "--to", "parquet", "--out", pq.toString(), "--codec", "snappy");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("wrote 111954 events") && r.out().contains("as parquet (snappy)"), r.out());
    // the converted files read back through the registry, e.g. with events info
    r = run("info", pq.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"format\":\"parquet\",\"width\":320,\"height\":240,\"events\":111954,"
        + "\"t_first\":1605537493718345,\"t_last\":1605537494308262,\"on_events\":55023"), r.out());
    r = run("info", arrow.toString(), "--json");
    assertTrue(r.out().contains("\"format\":\"arrow\",\"width\":320,\"height\":240,\"events\":111954,"), r.out());
    EventBatch a = readAll(new ArrowEventReader(arrow, ReadOptions.DEFAULT));
    EventBatch p = readAll(new ParquetEventReader(pq, ReadOptions.DEFAULT));
    assertEquals(111954, a.size());
    assertArrayEquals(Arrays.copyOf(a.t(), a.size()), Arrays.copyOf(p.t(), p.size()));
    assertArrayEquals(new long[] {1605537493718345L, 154, 204, 0}, new long[] {a.t()[0], a.x()[0], a.y()[0],
        a.p()[0]});
  }

  @Test
  void readOptionsFlagsApply(@TempDir Path dir) throws IOException {
    Path arrow = dir.resolve("n.arrow");
    CliRun r = run("convert", NMNIST.toString(), "--to", "arrow", "--out", arrow.toString(), "--rebase-time",
        "--invert-polarity", "--batch", "100");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("wrote 4325 events (atis_bin, sensor size not declared)"), r.out());
    try (ArrowEventReader ar = new ArrowEventReader(arrow, ReadOptions.DEFAULT)) {
      assertEquals(44, ar.batches());
      EventBatch b = new EventBatch();
      ar.read(b);
      assertArrayEquals(new long[] {0, 7, 15, 0}, new long[] {b.t()[0], b.x()[0], b.y()[0], b.p()[0]});
      assertArrayEquals(new long[] {2999 - 654, 19, 18, 1}, new long[] {b.t()[1], b.x()[1], b.y()[1], b.p()[1]});
    }
    // flipping needs a sensor size, which ATIS .bin does not declare
    r = run("convert", NMNIST.toString(), "--to", "arrow", "--out", arrow.toString(), "--flip-x");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("flipX/flipY need the sensor size"), r.err());
  }

  @Test
  void badInputAndUsageErrors(@TempDir Path dir) throws IOException {
    Path cut = dir.resolve("cut.aedat4");
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(AEDAT4), 2334 + 100));
    CliRun r = run("convert", cut.toString(), "--to", "parquet", "--out", dir.resolve("x.parquet").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("error: ") && r.err().contains("cut.aedat4 @ byte 2334"), r.err());
    r = run("convert", AEDAT4.toString(), "--to", "parquet", "--out", dir.resolve("x.parquet").toString(),
        "--codec", "brotli");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--codec must be zstd, snappy or none"), r.err());
    r = run("convert", AEDAT4.toString(), "--to", "csv", "--out", dir.resolve("x.csv").toString());
    assertEquals(2, r.code());
    r = run("convert", AEDAT4.toString(), "--to", "arrow");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--out"), r.err());
  }

  static EventBatch readAll(EventReader r) throws IOException {
    EventBatch all = new EventBatch(1 << 17);
    try (r) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }
}
