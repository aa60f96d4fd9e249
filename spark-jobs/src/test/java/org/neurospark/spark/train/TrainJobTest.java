package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.data.FrameDataset;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.train.EvalResult;
import org.neurospark.snn.train.Evaluation;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.spark.frames.FrameRows;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.testing.TestSpark;
import org.neurospark.spark.train.eval.EvalJob;
import org.neurospark.spark.train.eval.EvalSummary;

/** {@code spark train} on embedded {@code local[2]}: two ring workers, the tree fallback, restarts and resume. */
class TrainJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path tmp;
  private static SparkSession spark;
  private static String tables;
  /** The reference run: ring, 2 workers, K = 1, 2 epochs. */
  private static Path clean;

  @BeforeAll
  static void framesTable() throws IOException {
    spark = TestSpark.start("TrainJobTest");
    tables = tmp.resolve("tables").toString();
    List<Row> rows = new ArrayList<>();
    addRows(rows, SyntheticFrames.make(18, 2, 34, 34, 10, 31), "train");
    addRows(rows, SyntheticFrames.make(6, 2, 34, 34, 10, 32), "test");
    spark.createDataFrame(rows, FrameRows.DENSE).repartition(3).write().format("delta").save(Tables.frames(tables));
    clean = tmp.resolve("clean");
    TrainSummary s = TrainJob.run(spark, options(clean), null);
    assertEquals(0, s.restarts());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static void addRows(List<Row> rows, FrameDataset d, String split) {
    for (int i = 0; i < d.size(); i++) {
      float[] f = new float[2 * 2 * 34 * 34];
      org.neurospark.snn.tensor.Tensor x = d.batch(new int[] {i}, 0, 1).inputs();
      System.arraycopy(x.toFloatArray(), 0, f, 0, f.length);
      ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(f);
      rows.add(RowFactory.create(String.format("%s-%03d", split, i), d.label(i), split, 2, 34, 34, b.array()));
    }
  }

  private static TrainOptions options(Path out) {
    TrainOptions d = TrainOptions.defaults(tables, out.toString(), "plif-nmnist", 2, 1);
    return new TrainOptions(d.tables(), d.out(), d.model(), 2, 2, 1, 2, 0, 4, "adam", 1e-2, 0.9, "cosine", "mse", 7,
        1, Averaging.RING, true, false, 3, 120, null);
  }

  private static List<JsonNode> rounds(Path run) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(run.resolve("rounds.jsonl"))) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  @Test
  void ringRunCommitsEveryRoundOnceWithTheSpecifiedKeys() throws IOException {
    // 18 training samples → shards of 9 → 3 steps of 4 per epoch, K = 1, 2 epochs: 6 rounds
    List<JsonNode> rs = rounds(clean);
    assertEquals(6, rs.size());
    for (int r = 0; r < rs.size(); r++) {
      JsonNode n = rs.get(r);
      TreeSet<String> keys = new TreeSet<>();
      n.fieldNames().forEachRemaining(keys::add);
      assertEquals(new TreeSet<>(RoundRecord.KEYS), keys);
      assertEquals(r, n.get("round").asInt());
      assertEquals(r + 1, n.get("step").asLong());
      assertEquals(r / 3, n.get("epoch").asInt());
      assertEquals(2, n.get("workers").asInt());
      assertEquals(0, n.get("attempt").asInt());
      assertEquals(r % 3 == 2 ? 2 : 8, n.get("samples").asLong(), "two workers, batches of 4, 4 and 1");
      assertTrue(n.get("loss").asDouble() > 0);
    }
    SafeTensors model = SafeTensors.read(clean.resolve("model.safetensors"));
    assertTrue(model.contains("conv_fc.0.weight"), model.entries().keySet().toString());
    assertEquals("pt", model.metadata().get("format"));
    assertTrue(Files.exists(clean.resolve("optimizer.safetensors")));
    try (Stream<Path> s = Files.list(clean.resolve("checkpoints"))) {
      assertEquals(List.of("round-000004", "round-000005"), s.map(p -> p.getFileName().toString()).sorted()
          .toList());
    }
    assertArrayEquals(Files.readAllBytes(clean.resolve("model.safetensors")),
        Files.readAllBytes(clean.resolve("checkpoints/round-000005/model.safetensors")));
  }

  @Test
  void aLostWorkerRestartsTheStageFromTheLastCommittedRound() throws IOException {
    Path out = tmp.resolve("restarted");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainSummary s = TrainJob.run(spark, options(out).withFailure(new TrainOptions.InjectedFailure(1, 2, 0)),
        new PrintStream(log, true, StandardCharsets.UTF_8));
    assertEquals(1, s.restarts());
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("restarting from round 2"), text);
    List<JsonNode> rs = rounds(out);
    assertEquals(6, rs.size());
    for (int r = 0; r < 6; r++) {
      assertEquals(r, rs.get(r).get("round").asInt());
      assertEquals(r < 2 ? 0 : 1, rs.get(r).get("attempt").asInt());
    }
    // the restarted stage continues from round 1's checkpoint exactly: same final state as the clean run
    assertArrayEquals(Files.readAllBytes(clean.resolve("model.safetensors")),
        Files.readAllBytes(out.resolve("model.safetensors")));
    assertArrayEquals(Files.readAllBytes(clean.resolve("optimizer.safetensors")),
        Files.readAllBytes(out.resolve("optimizer.safetensors")));
  }

  @Test
  void resumeFinishesARunWhoseDriverGaveUp() throws IOException {
    Path out = tmp.resolve("resumed");
    TrainOptions o = options(out);
    TrainOptions failing = new TrainOptions(o.tables(), o.out(), o.model(), o.channels(), o.workers(), o.syncEvery(),
        o.epochs(), o.maxRounds(), o.batch(), o.optimizer(), o.lr(), o.momentum(), o.schedule(), o.loss(), o.seed(),
        o.threads(), o.averaging(), true, false, 1, 120, new TrainOptions.InjectedFailure(0, 3, 0));
    IOException e = assertThrows(IOException.class, () -> TrainJob.run(spark, failing, null));
    assertTrue(e.getMessage().contains("3 rounds are committed"), e.getMessage());
    assertEquals(3, rounds(out).size());
    IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(spark, o,
        null));
    assertTrue(again.getMessage().contains("--resume"), again.getMessage());

    TrainSummary s = TrainJob.run(spark, o.withResume(true), null);
    assertEquals(3, s.roundsThisRun());
    List<JsonNode> rs = rounds(out);
    assertEquals(6, rs.size());
    assertEquals(1, rs.get(3).get("attempt").asInt());
    assertArrayEquals(Files.readAllBytes(clean.resolve("model.safetensors")),
        Files.readAllBytes(out.resolve("model.safetensors")));

    TrainOptions other = new TrainOptions(o.tables(), o.out(), o.model(), o.channels(), o.workers(), 2, o.epochs(),
        o.maxRounds(), o.batch(), o.optimizer(), o.lr(), o.momentum(), o.schedule(), o.loss(), o.seed(), o.threads(),
        o.averaging(), true, true, 3, 120, null);
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(spark,
        other, null));
    assertTrue(mismatch.getMessage().contains("other options"), mismatch.getMessage());
  }

  @Test
  void treeAveragingGivesTheRingsResult() throws IOException {
    Path out = tmp.resolve("tree");
    TrainOptions o = options(out);
    TrainOptions tree = new TrainOptions(o.tables(), o.out(), o.model(), o.channels(), o.workers(), o.syncEvery(),
        o.epochs(), o.maxRounds(), o.batch(), o.optimizer(), o.lr(), o.momentum(), o.schedule(), o.loss(), o.seed(),
        o.threads(), Averaging.TREE, true, false, 3, 120, null);
    TrainSummary s = TrainJob.run(spark, tree, null);
    assertEquals(6, s.rounds());
    // two workers: w0·x0 + w1·x1 in float64 on both paths, one rounding: bit-identical
    assertArrayEquals(Files.readAllBytes(clean.resolve("model.safetensors")),
        Files.readAllBytes(out.resolve("model.safetensors")));
    List<JsonNode> a = rounds(clean);
    List<JsonNode> b = rounds(out);
    for (int r = 0; r < 6; r++) {
      assertEquals(a.get(r).get("loss").asDouble(), b.get(r).get("loss").asDouble(), 1e-12);
      assertEquals(a.get(r).get("accuracy").asDouble(), b.get(r).get("accuracy").asDouble());
    }
  }

  /**
   * The replicas on snn-core's sealed backend (host reads only through downloads): the ring and the tree give the
   * CPU run's model bit for bit, and every worker reports its device as "sealed".
   */
  @Test
  void workersOnTheSealedBackendGiveTheCpuRunsModel() throws IOException {
    Path out = tmp.resolve("sealed");
    TrainSummary s = TrainJob.run(spark, options(out).withBackend("sealed"), null);
    assertEquals(List.of("sealed", "sealed"), s.devices());
    assertArrayEquals(Files.readAllBytes(clean.resolve("model.safetensors")),
        Files.readAllBytes(out.resolve("model.safetensors")));
    Path treeOut = tmp.resolve("sealed-tree");
    TrainOptions o = options(treeOut);
    TrainOptions tree = new TrainOptions(o.tables(), o.out(), o.model(), o.channels(), o.workers(), o.syncEvery(),
        o.epochs(), o.maxRounds(), o.batch(), o.optimizer(), o.lr(), o.momentum(), o.schedule(), o.loss(), o.seed(),
        o.threads(), Averaging.TREE, true, false, 3, 120, null, "sealed");
    TrainSummary t = TrainJob.run(spark, tree, null);
    assertEquals(List.of("sealed", "sealed"), t.devices());
    assertArrayEquals(Files.readAllBytes(clean.resolve("model.safetensors")),
        Files.readAllBytes(treeOut.resolve("model.safetensors")));
  }

  @Test
  void evalMatchesALocalEvaluationOfTheFinalModel() throws IOException {
    Path report = tmp.resolve("report");
    EvalSummary s = EvalJob.run(spark, tables, clean.toString(), report.toString());
    assertEquals(6, s.samples());
    JsonNode r = JSON.readTree(report.resolve("report.json").toFile());
    TreeSet<String> keys = new TreeSet<>();
    r.fieldNames().forEachRemaining(keys::add);
    assertEquals(new TreeSet<>(List.of("accuracy", "per_class", "confusion", "firing_rates", "samples")), keys);

    // the same model evaluated in this JVM on the test samples in id order (eval mode: per-sample results)
    TrainConfig cfg = TrainConfig.builder().model("plif-nmnist").channels(2).encoder("frames").timeSteps(2).batch(4)
        .seed(7).threads(1).progress(false).build();
    Module m = cfg.createModel();
    m.loadStateDict(SafeTensors.read(clean.resolve("model.safetensors")), true);
    FrameDataset test = SyntheticFrames.make(6, 2, 34, 34, 10, 32);
    EvalResult local;
    try (CpuContext cpu = CpuContext.open(1)) {
      local = cpu.call(() -> Evaluation.evaluate(m, test, 6, 4, cfg.lossFunction(), cfg.inputEncoder(), 7, null));
    }
    assertEquals(local.accuracy(), r.get("accuracy").asDouble());
    assertEquals(local.accuracy(), s.accuracy());
    assertEquals(local.loss(), s.loss(), 1e-6);
    for (int t = 0; t < 10; t++) {
      for (int p = 0; p < 10; p++) {
        assertEquals(local.confusion()[t][p], r.get("confusion").get(t).get(p).asLong(), "confusion " + t + "," + p);
      }
    }
    assertTrue(r.get("per_class").get(9).isNull(), "no test sample of class 9");
    JsonNode rates = r.get("firing_rates");
    assertEquals(4, rates.size(), rates.toString());
    rates.fields().forEachRemaining(e -> assertTrue(e.getValue().asDouble() >= 0 && e.getValue().asDouble() <= 1));
    List<Row> preds = spark.read().parquet(report.resolve("predictions").toString()).collectAsList();
    assertEquals(6, preds.size());
    long ok = preds.stream().filter(x -> x.getBoolean(x.fieldIndex("correct"))).count();
    assertEquals(Math.round(local.accuracy() * 6), ok);
    assertTrue(javax.imageio.ImageIO.read(report.resolve("confusion.png").toFile()).getWidth() > 100);
  }

  @Test
  void tooFewTaskSlotsFailFast() {
    TrainOptions o = options(tmp.resolve("three"));
    TrainOptions three = new TrainOptions(o.tables(), o.out(), o.model(), o.channels(), 3, o.syncEvery(),
        o.epochs(), o.maxRounds(), o.batch(), o.optimizer(), o.lr(), o.momentum(), o.schedule(), o.loss(), o.seed(),
        o.threads(), o.averaging(), true, false, 3, 120, null);
    long t0 = System.nanoTime();
    NotEnoughSlotsException e = assertThrows(NotEnoughSlotsException.class, () -> TrainJob.run(spark, three, null));
    assertTrue(e.getMessage().contains("needs 3 task slots") && e.getMessage().contains("offers 2"),
        e.getMessage());
    assertTrue((System.nanoTime() - t0) / 1e9 < 20);
    assertFalse(Files.exists(tmp.resolve("three")), "nothing written for a refused run");
  }
}
