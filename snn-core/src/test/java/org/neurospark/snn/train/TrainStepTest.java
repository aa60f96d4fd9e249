package org.neurospark.snn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.data.EpochOrder;
import org.neurospark.snn.data.FrameDataset;
import org.neurospark.snn.data.ImageDataset;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.testing.SnnShared;

class TrainStepTest {
  @TempDir
  Path dir;

  /** Metrics folded in lazily (as the trainer does, refilling one batch array) equal the values read at once. */
  @Test
  void lazyMetricsEqualEagerReads() throws Exception {
    Path d = SnnShared.root().resolve("data/mnist/mnist");
    ImageDataset mnist = ImageDataset.loadIdx(d.resolve("t10k-images-idx3-ubyte.gz"),
        d.resolve("t10k-labels-idx1-ubyte.gz"), 10);
    TrainConfig cfg = TrainConfig.builder().model("csnn-fmnist").channels(4).timeSteps(2).threads(1).lr(5e-3)
        .build();
    TrainStep step = cfg.createStep(cfg.createModel());
    EpochOrder order = new EpochOrder(cfg.seed(), 48, 8, true);
    int[] perm = order.order(0);
    Tensor x = Tensor.zeros(mnist.batchShape(8));
    int[] lab = new int[8];
    StepMetrics lazy = new StepMetrics();
    double loss = 0;
    long ok = 0;
    for (int b = 0; b < order.batches(); b++) {
      mnist.fillBatch(perm, order.batchStart(b), x, lab);
      StepResult r = step.step(new Batch(x, lab), StepSeeds.training(cfg.seed(), 0, b));
      lazy.add(r, "batch " + b);
      loss += r.loss() * r.size();
      ok += r.correct();
    }
    assertEquals(48, lazy.seen());
    assertEquals(loss, lazy.lossSum(), 0);
    assertEquals(ok, lazy.correct());
    assertTrue(lazy.accuracy() > 0.1 || lazy.meanLoss() < 0.1, "the step learns: " + lazy.accuracy());
  }

  /** A NaN loss is reported, naming its step, when the metrics are read. */
  @Test
  void nonFiniteLossIsReportedWithItsStep() {
    StepMetrics m = new StepMetrics();
    m.add(new StepResult(Tensor.scalar(0.5), Tensor.zeros(1, 1, 2), new int[] {0}, 0, 0, 0), "epoch 0 batch 0");
    m.add(new StepResult(Tensor.scalar(Double.NaN), Tensor.zeros(1, 1, 2), new int[] {0}, 0, 0, 0),
        "epoch 0 batch 1");
    IllegalStateException e = assertThrows(IllegalStateException.class, m::seen);
    assertEquals("loss became NaN at epoch 0 batch 1", e.getMessage());
  }

  /** Event frames [T, 2, H, W] per sample batch up time-major [T, N, 2, H, W]. */
  @Test
  void frameBatchesAreTimeMajor() {
    int t = 3;
    FrameDataset.Builder b = FrameDataset.builder(t, 2, 2, 2, 4);
    for (int s = 0; s < 5; s++) {
      float[] f = new float[t * 8];
      for (int i = 0; i < f.length; i++) {
        f[i] = s * 1000 + i; // sample s, step i / 8, value within the frame i % 8
      }
      b.add(f, s % 4);
    }
    FrameDataset ds = b.build();
    assertArrayEquals(new int[] {t, 2, 2, 2}, ds.sampleShape());
    Batch batch = ds.batch(new int[] {4, 1, 3}, 1, 2);
    assertArrayEquals(new int[] {t, 2, 2, 2, 2}, batch.inputs().shape());
    assertArrayEquals(new int[] {1, 3}, batch.labels());
    float[] v = batch.inputs().toFloatArray();
    for (int s = 0; s < t; s++) {
      for (int n = 0; n < 2; n++) {
        int sample = n == 0 ? 1 : 3;
        for (int k = 0; k < 8; k++) {
          assertEquals(sample * 1000 + s * 8 + k, v[(s * 2 + n) * 8 + k], 0f);
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> FrameDataset.builder(2, 2, 2, 2, 4).add(new float[3], 0)
        .build());
  }

  /** plif-nmnist trains on event frames through the Trainer (encoder "frames"); evaluation gives a confusion matrix. */
  @Test
  void trainsAnEventModelOnFrames() throws Exception {
    int t = 2;
    Rng rng = new Rng(3);
    FrameDataset.Builder b = FrameDataset.builder(t, 2, 34, 34, 10);
    for (int s = 0; s < 6; s++) {
      float[] f = new float[t * 2 * 34 * 34];
      for (int i = 0; i < f.length; i++) {
        f[i] = rng.nextFloat() < 0.2f ? 1f : 0f;
      }
      b.add(f, s % 10);
    }
    FrameDataset ds = b.build();
    TrainConfig cfg = TrainConfig.builder().model("plif-nmnist").channels(2).timeSteps(t).batch(3).epochs(1)
        .encoder("frames").threads(1).progress(false).out(dir.resolve("run").toUri().toString()).build();
    Trainer tr = new Trainer(cfg, ds, ds, new PrintStream(new ByteArrayOutputStream()));
    Trainer.Result r = tr.run(false);
    assertEquals(2, r.steps());
    assertTrue(Files.isRegularFile(dir.resolve("run/model.safetensors")));
    EvalResult ev = tr.evaluate();
    assertEquals(6, ev.samples());
    long total = 0;
    long diag = 0;
    for (int i = 0; i < 10; i++) {
      for (int j = 0; j < 10; j++) {
        total += ev.confusion()[i][j];
      }
      diag += ev.confusion()[i][i];
      assertEquals(i < 6 ? 1 : 0, ev.perClassTotal()[i]);
    }
    assertEquals(6, total);
    assertEquals(ev.accuracy(), diag / 6.0, 0);
    assertEquals(diag, java.util.Arrays.stream(ev.perClassCorrect()).sum());
    // frames with another T than configured are refused
    TrainConfig wrongT = cfg.toBuilder().timeSteps(3).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(wrongT, ds, ds, null));
    assertTrue(e.getMessage().contains("T = 3"), e.getMessage());
  }

  /** The seeded epoch order is a permutation, reproducible, different per epoch, identity when not shuffling. */
  @Test
  void epochOrderIsSeeded() {
    EpochOrder o = new EpochOrder(5, 10, 4, true);
    assertEquals(3, o.batches());
    assertEquals(2, o.batchLength(2));
    assertArrayEquals(o.order(1), new EpochOrder(5, 10, 4, true).order(1));
    assertTrue(!java.util.Arrays.equals(o.order(0), o.order(1)));
    List<Integer> seen = new ArrayList<>();
    for (int i : o.order(0)) {
      seen.add(i);
    }
    seen.sort(null);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
    assertArrayEquals(new int[] {0, 1, 2}, new EpochOrder(5, 3, 4, false).order(7));
  }
}
