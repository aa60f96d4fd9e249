package org.neurospark.snn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.data.ImageDataset;
import org.neurospark.snn.testing.SnnShared;

/** Training on the real MNIST test split (the shared fixtures hold no MNIST training images). */
class TrainerTest {
  private static ImageDataset mnist;

  @TempDir
  Path dir;

  @BeforeAll
  static void load() throws IOException {
    Path d = SnnShared.root().resolve("data/mnist/mnist");
    mnist = ImageDataset.loadIdx(d.resolve("t10k-images-idx3-ubyte.gz"), d.resolve("t10k-labels-idx1-ubyte.gz"), 10);
  }

  private TrainConfig cfg(Path out, String model, long maxSteps) {
    return TrainConfig.builder().model(model).channels(3).timeSteps(2).batch(16).epochs(2).maxSteps(maxSteps)
        .trainLimit(56) // 4 batches per epoch, the last one partial (8 images)
        .testLimit(32).threads(1).out(out.toString()).progress(false)
        .encoder(model.startsWith("plif") ? "poisson" : "direct").build();
  }

  /** A run stopped by --max-steps and resumed ends with the same weights and optimizer state as one run. */
  @Test
  void resumedRunEqualsUninterruptedRun() throws Exception {
    for (String model : new String[] {"csnn-fmnist", "plif-mnist"}) {
      Path full = dir.resolve(model + "-full");
      Path part = dir.resolve(model + "-part");
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
      Trainer.Result a = new Trainer(cfg(full, model, 0), mnist, mnist, quiet).run(false);
      assertEquals(2, a.epochsDone());
      assertEquals(8, a.steps());
      Trainer.Result b = new Trainer(cfg(part, model, 3), mnist, mnist, quiet).run(false);
      assertTrue(b.stoppedByMaxSteps());
      assertEquals(3, b.steps());
      assertThrows(IOException.class, () -> {
        TrainConfig other = cfg(part, model, 0).toBuilder().lr(0.5).build();
        new Trainer(other, mnist, mnist, quiet).run(true);
      }, "resuming with other arguments is refused");
      Trainer.Result c = new Trainer(cfg(part, model, 0), mnist, mnist, quiet).run(true);
      assertEquals(8, c.steps());
      for (String f : new String[] {"model.safetensors", "checkpoint_latest/model.safetensors",
          "checkpoint_latest/optimizer.safetensors"}) {
        assertArrayEquals(Files.readAllBytes(full.resolve(f)), Files.readAllBytes(part.resolve(f)), model + " " + f);
      }
      List<String> fl = Files.readAllLines(full.resolve("metrics.jsonl"));
      List<String> pl = Files.readAllLines(part.resolve("metrics.jsonl"));
      assertEquals(2, fl.size());
      assertEquals(3, pl.size(), "the stop wrote a partial line");
      ObjectMapper om = new ObjectMapper();
      JsonNode last = om.readTree(fl.get(1));
      JsonNode lastResumed = om.readTree(pl.get(2));
      for (String k : new String[] {"train_loss", "train_acc", "test_loss", "test_acc", "step", "lr"}) {
        assertEquals(last.get(k).asDouble(), lastResumed.get(k).asDouble(), 0, model + " " + k);
      }
      assertTrue(om.readTree(pl.get(0)).get("partial").asBoolean());
      assertFalse(last.get("partial").asBoolean());
    }
  }

  /**
   * The checkpoint as one stream (bytes) equals the folder; a run resumed from the stream form, in another output
   * folder, ends exactly as the uninterrupted run.
   */
  @Test
  void resumeFromStreamCheckpointIsBitExact() throws Exception {
    String model = "plif-mnist"; // Poisson encoding and PLIF: randomness and learnable neuron scalars
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path full = dir.resolve("full");
    new Trainer(cfg(full, model, 0), mnist, mnist, quiet).run(false);
    Path part = dir.resolve("part");
    Trainer stopped = new Trainer(cfg(part, model, 5), mnist, mnist, quiet);
    stopped.run(false);
    TrainingCheckpoint fromDir = TrainingCheckpoint.read(part.resolve("checkpoint_latest"));
    assertEquals(stopped.checkpoint(), fromDir);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    fromDir.write(wire);
    TrainingCheckpoint fromBytes = TrainingCheckpoint.read(new java.io.ByteArrayInputStream(wire.toByteArray()),
        "mem://part");
    assertEquals(fromDir, fromBytes);
    for (String f : new String[] {TrainingCheckpoint.MODEL, TrainingCheckpoint.OPTIMIZER, TrainingCheckpoint.STATE}) {
      assertArrayEquals(Files.readAllBytes(part.resolve("checkpoint_latest").resolve(f)), fromBytes.files().get(f), f);
    }
    assertEquals(5, fromBytes.state().globalStep());
    Path elsewhere = dir.resolve("elsewhere");
    Trainer.Result r = new Trainer(cfg(elsewhere, model, 0), mnist, mnist, quiet).run(fromBytes);
    assertEquals(8, r.steps());
    for (String f : new String[] {"model.safetensors", "checkpoint_latest/model.safetensors",
        "checkpoint_latest/optimizer.safetensors"}) {
      assertArrayEquals(Files.readAllBytes(full.resolve(f)), Files.readAllBytes(elsewhere.resolve(f)), f);
    }
    // the loop state too, except the curve, which holds the stop's extra (partial-epoch) point
    TrainerState a = TrainingCheckpoint.read(full.resolve("checkpoint_latest")).state();
    TrainerState b = TrainingCheckpoint.read(elsewhere.resolve("checkpoint_latest")).state();
    assertEquals(a.points().size() + 1, b.points().size());
    assertEquals(a, new TrainerState(b.epoch(), b.batch(), b.globalStep(), b.sumLoss(), b.correct(), b.seen(),
        b.bestTestAcc(), b.bestEpoch(), b.lr(), b.schedule(), b.seed(), a.points()));
    IOException e = assertThrows(IOException.class, () -> new Trainer(cfg(dir.resolve("x"), model, 0).toBuilder()
        .seed(1).build(), mnist, mnist, quiet).run(fromBytes));
    assertTrue(e.getMessage().contains("seed"), e.getMessage());
    IOException bad = assertThrows(IOException.class, () -> TrainingCheckpoint.read(
        new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(wire.toByteArray(), 100)), "mem://cut"));
    assertTrue(bad.getMessage().contains("mem://cut"), bad.getMessage());
  }

  /** TrainConfig crosses a wire: Java serialisation round trip, no Path inside. */
  @Test
  void configSerialisationRoundTrip() throws Exception {
    TrainConfig c = cfg(dir.resolve("ser"), "csnn-fmnist", 7).toBuilder().neuron("LIF").lr(0.25).build();
    Object back = javaRoundTrip(c);
    assertEquals(c, back);
    // what else a worker gets: step seeds, the epoch order, the loop state
    for (Object o : new Object[] {StepSeeds.training(3, 1, 2), new org.neurospark.snn.data.EpochOrder(3, 10, 4, true),
        new TrainerState(1, 2, 3, 0.5, 4, 5, 0.25, 0, 1e-3, "cosine", 9,
            List.of(new CurvePlot.Point(1, 0.1, 0.2, 0.3, Double.NaN)))}) {
      assertEquals(o, javaRoundTrip(o));
    }
    assertEquals(dir.resolve("ser"), ((TrainConfig) back).outPath());
    for (java.lang.reflect.RecordComponent rc : TrainConfig.class.getRecordComponents()) {
      assertFalse(Path.class.isAssignableFrom(rc.getType()), rc.getName());
    }
    assertEquals(dir.resolve("u"), TrainConfig.builder().out(dir.resolve("u").toUri().toString()).build().outPath());
    assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().out("hdfs://nn/x").build().outPath());
  }

  private static Object javaRoundTrip(Object o) throws Exception {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bo)) {
      out.writeObject(o);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(
        bo.toByteArray()))) {
      return in.readObject();
    }
  }

  @Test
  void learnsAboveChanceAndWritesOutputs() throws Exception {
    TrainConfig c = cfg(dir.resolve("learn"), "csnn-fmnist", 0).toBuilder().channels(8).trainLimit(1024)
        .testLimit(256).batch(16).epochs(1).lr(2e-3).build();
    Trainer.Result r = new Trainer(c, mnist, mnist, new PrintStream(new ByteArrayOutputStream())).run(false);
    // 64 steps also let BatchNorm's running statistics (momentum 0.1) settle for the eval-mode test pass
    assertTrue(r.lastTestAcc() > 0.5, "64 Adam steps on MNIST should be far above chance (0.1), got "
        + r.lastTestAcc());
    BufferedImage png = ImageIO.read(c.outPath().resolve("curves.png").toFile());
    assertEquals(1000, png.getWidth());
    assertTrue(Files.isDirectory(c.outPath().resolve("checkpoint_best")));
    JsonNode args = new ObjectMapper().readTree(c.outPath().resolve("args.json").toFile());
    assertEquals(8, args.get("channels").asInt());
  }

  @Test
  void progressBarText() {
    String s = ProgressBar.render("epoch 1/2", 25, 100, 10, 1600, "loss 0.1");
    assertTrue(s.startsWith("epoch 1/2 [######..................] 25/100 160.0 img/s ETA 00:30 loss 0.1"), s);
    assertEquals("1:01:01", ProgressBar.clock(3661));
  }

  /** Nonsense hyper-parameters are refused by the configuration; a diverging run stops before saving its state. */
  @Test
  void divergingRunStopsWithoutSavingAndNonsenseIsRefused() throws Exception {
    for (double lr : new double[] {Double.POSITIVE_INFINITY, Double.NaN, 0, -1}) {
      assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().model("csnn-fmnist").lr(lr).build());
    }
    assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().model("csnn-fmnist").momentum(Double.NaN)
        .build());
    Path first = dir.resolve("first");
    new Trainer(cfg(first, "csnn-fmnist", 1), mnist, mnist, new PrintStream(new ByteArrayOutputStream()))
        .run(false);
    TrainingCheckpoint good = TrainingCheckpoint.read(first.resolve("checkpoint_latest"));
    org.neurospark.snn.io.SafeTensors model = good.model();
    String name = model.entries().keySet().stream().filter(n -> n.endsWith("weight")).findFirst().orElseThrow();
    float[] w = model.get(name).toTensor().toFloatArray();
    w[0] = Float.NaN;
    model.put(name, org.neurospark.snn.tensor.Tensor.fromArray(w, model.get(name).toTensor().shape()));
    TrainingCheckpoint poisoned = TrainingCheckpoint.of(model, good.optimizer(), good.state());
    Path out = dir.resolve("diverge");
    Exception e = assertThrows(Exception.class, () -> new Trainer(cfg(out, "csnn-fmnist", 3), mnist, mnist,
        new PrintStream(new ByteArrayOutputStream())).run(poisoned));
    assertTrue(e.getMessage().contains("became") || e.getMessage().contains("non-finite")
        || e.getMessage().contains("NaN"), e.getMessage());
    assertFalse(Files.exists(out.resolve("checkpoint_latest")), "no checkpoint of a diverged state");
    assertFalse(Files.exists(out.resolve("model.safetensors")));
  }
}
