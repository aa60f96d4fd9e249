package org.neurospark.spark.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.frames.DurationMode;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.Frames;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.events.npy.NpyArray;
import org.neurospark.spark.cli.UsageException;
import org.neurospark.spark.ingest.IngestJob;
import org.neurospark.spark.ingest.IngestOptions;
import org.neurospark.spark.ingest.RecordingOpener;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.testing.DeltaLogFiles;
import org.neurospark.spark.testing.DuckDb;
import org.neurospark.spark.testing.Fixtures;
import org.neurospark.spark.testing.TestSpark;

/** {@code frames} on embedded {@code local[2]} Spark against FrameIntegrator and SpikingJelly's golden frames. */
class FramesJobTest {
  private static final String[] POOL = {"nmnist_test_60002_label2", "nmnist_test_60003_label1",
      "nmnist_test_60005_label4", "nmnist_test_60008_label9", "nmnist_test_60009_label5",
      "nmnist_test_60012_label6"};

  @TempDir
  static Path tmp;
  private static SparkSession spark;
  private static String tables;

  @BeforeAll
  static void ingestNmnist() throws IOException {
    spark = TestSpark.start("FramesJobTest");
    // an N-MNIST layout (Train|Test/<digit>/*.bin) holding the golden recordings
    Path in = tmp.resolve("nmnist");
    Fixtures.place(in, "Test/7", "events/nmnist/nmnist_test_60001_label7.bin", "60001.bin");
    Fixtures.place(in, "Test/0", "events/nmnist/nmnist_test_60004_label0.bin", "60004.bin");
    Fixtures.place(in, "Train/0", "events/nmnist/tonic_sample_nmnist.bin", "tonic.bin");
    int k = 0;
    for (String split : new String[] {"Train", "Test"}) {
      for (int d = 0; d < 10; d++) {
        if ((split.equals("Test") && (d == 7 || d == 0)) || (split.equals("Train") && d == 0)) {
          continue;
        }
        String f = POOL[k++ % POOL.length];
        Fixtures.place(in, split + "/" + d, "events/nmnist/" + f + ".bin", f + ".bin");
      }
    }
    tables = tmp.resolve("tables").toString();
    assertEquals(20, IngestJob.run(spark, new IngestOptions(in.toString(), "nmnist", tables)).filesIngested());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Map<String, Row> framesById() {
    Map<String, Row> m = new HashMap<>();
    for (Row r : spark.read().format("delta").load(Tables.frames(tables)).collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  private static EventBatch readAll(String path) throws IOException {
    EventBatch all = new EventBatch(1024);
    try (EventReader r = RecordingOpener.open(path, ReadOptions.DEFAULT)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }

  private static float[] values(Row r) {
    if (r.schema().fieldNames().length == 7) {
      return FrameRows.dense((byte[]) r.get(6));
    }
    int size = r.getInt(3) * 2 * r.getInt(4) * r.getInt(5);
    float[] v = FrameRows.sparse((byte[]) r.get(7), (byte[]) r.get(8), size);
    assertEquals(r.getLong(6) * 4, ((byte[]) r.get(7)).length, "nnz vs indices");
    return v;
  }

  /** Every sample's row equals FrameIntegrator on that sample's recording, bit for bit. */
  private static void assertEqualsIntegrator(FramesOptions o) throws IOException {
    Map<String, Row> frames = framesById();
    List<Row> samples = Tables.samples(spark, tables).select("sample_id", "path", "label", "split").collectAsList();
    assertEquals(samples.size(), frames.size());
    for (Row s : samples) {
      Row f = frames.get(s.getString(0));
      assertEquals(s.getInt(2), f.getInt(1), "label");
      assertEquals(s.getString(3), f.getString(2), "split");
      assertEquals(34, f.getInt(4), "height from the nmnist catalog");
      assertEquals(34, f.getInt(5), "width from the nmnist catalog");
      FrameIntegrator fi = new FrameIntegrator(34, 34);
      EventBatch ev = readAll(s.getString(1));
      Frames want = o.frames() > 0 ? fi.byFramesNumber(ev, o.splitBy(), o.frames())
          : fi.byDuration(ev, o.durationUs(), o.durationMode());
      assertEquals(want.frames(), f.getInt(3), s.getString(0) + " T");
      assertBitEqual(s.getString(0), want.toArray(), values(f));
    }
  }

  private static void assertGolden(String sampleId, String goldenCase) throws IOException {
    NpyArray golden = NpyArray.read(Fixtures.reference("spikingjelly/frames/" + goldenCase + ".npy"));
    Row f = framesById().get(sampleId);
    assertArrayEquals(golden.shape(), new long[] {f.getInt(3), 2, f.getInt(4), f.getInt(5)}, goldenCase + " shape");
    assertBitEqual(goldenCase, golden.toFloats(), values(f));
  }

  private static void assertBitEqual(String what, float[] want, float[] got) {
    assertEquals(want.length, got.length, what + " length");
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
        fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i]);
      }
    }
  }

  @Test
  void fixedFrameNumberEqualsIntegratorAndGolden() throws IOException {
    FramesOptions o = new FramesOptions(tables, 16, SplitBy.NUMBER, 0, DurationMode.UPSTREAM, FrameStorage.DENSE, 0,
        0);
    FramesSummary s = FramesJob.run(spark, o);
    assertEquals(20, s.samples());
    assertEquals(20 * 16, s.frames());
    assertEquals(20L * 16 * 2 * 34 * 34 * 4, s.bytes());
    assertEqualsIntegrator(o);
    assertGolden("Test/7/60001.bin", "nmnist_test_60001_label7.frames_number_T16");
    assertGolden("Test/0/60004.bin", "nmnist_test_60004_label0.frames_number_T16");
    assertGolden("Train/0/tonic.bin", "tonic_sample_nmnist.frames_number_T16");
  }

  @Test
  void fixedDurationSparseEqualsIntegratorAndGoldenAndDuckDbAgrees() throws Exception {
    FramesOptions o = new FramesOptions(tables, 0, null, 10_000, DurationMode.UPSTREAM, FrameStorage.SPARSE, 0, 0);
    FramesSummary s = FramesJob.run(spark, o);
    assertEqualsIntegrator(o);
    assertGolden("Test/7/60001.bin", "nmnist_test_60001_label7.duration_10000");
    assertGolden("Train/0/tonic.bin", "tonic_sample_nmnist.duration_10000");

    List<Path> files = DeltaLogFiles.current(Path.of(tables, "frames")).stream().map(DeltaLogFiles.DataFile::path)
        .toList();
    JsonNode duck = DuckDb.query("SELECT count(*), sum(T), sum(nnz), sum(octet_length(indices)) + "
        + "sum(octet_length(counts)) FROM read_parquet(" + DuckDb.files(files) + ")").get(0);
    assertEquals(Long.toString(s.samples()), duck.get(0).asText());
    assertEquals(Long.toString(s.frames()), duck.get(1).asText());
    assertEquals(Long.toString(s.bytes()), duck.get(3).asText());
    Row spk = spark.read().format("delta").load(Tables.frames(tables)).selectExpr("sum(nnz)").head();
    assertEquals(Long.toString(spk.getLong(0)), duck.get(2).asText());
  }

  @Test
  void splitByTimeEqualsIntegratorAndDuckDbReadsDenseFrames() throws Exception {
    FramesOptions o = new FramesOptions(tables, 8, SplitBy.TIME, 0, DurationMode.UPSTREAM, FrameStorage.DENSE, 0, 0);
    FramesSummary s = FramesJob.run(spark, o);
    assertEqualsIntegrator(o);
    assertGolden("Test/0/60004.bin", "nmnist_test_60004_label0.frames_time_T8");
    List<Path> files = DeltaLogFiles.current(Path.of(tables, "frames")).stream().map(DeltaLogFiles.DataFile::path)
        .toList();
    JsonNode duck = DuckDb.query("SELECT count(*), sum(T), sum(octet_length(frames)) FROM read_parquet("
        + DuckDb.files(files) + ")").get(0);
    assertEquals(Long.toString(s.samples()), duck.get(0).asText());
    assertEquals(Long.toString(s.frames()), duck.get(1).asText());
    assertEquals(Long.toString(s.bytes()), duck.get(2).asText());
  }

  @Test
  void sensorSizeComesFromTheFlagsWhenNothingDeclaresIt() throws IOException {
    Path in = tmp.resolve("folder");
    Fixtures.place(in, "seven", "events/nmnist/nmnist_test_60001_label7.bin", "a.bin");
    String t2 = tmp.resolve("tables2").toString();
    IngestJob.run(spark, new IngestOptions(in.toString(), "folder", t2));
    UsageException e = assertThrows(UsageException.class, () -> FramesJob.run(spark,
        new FramesOptions(t2, 10, SplitBy.NUMBER, 0, DurationMode.UPSTREAM, FrameStorage.DENSE, 0, 0)));
    assertTrue(e.getMessage().contains("--width"), e.getMessage());
    FramesJob.run(spark, new FramesOptions(t2, 10, SplitBy.NUMBER, 0, DurationMode.UPSTREAM, FrameStorage.DENSE,
        34, 34));
    Row f = spark.read().format("delta").load(Tables.frames(t2)).head();
    NpyArray golden = NpyArray.read(Fixtures.reference(
        "spikingjelly/frames/nmnist_test_60001_label7.frames_number_T10.npy"));
    assertBitEqual("flags 34x34", golden.toFloats(), FrameRows.dense((byte[]) f.get(6)));
  }
}
