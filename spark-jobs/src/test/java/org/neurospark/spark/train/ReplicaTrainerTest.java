package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.data.EpochOrder;
import org.neurospark.snn.data.FrameDataset;
import org.neurospark.snn.flat.ParameterVector;
import org.neurospark.snn.models.NeuronChoice;
import org.neurospark.snn.nn.Flatten;
import org.neurospark.snn.nn.Linear;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.nn.Sequential;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.train.StepSeeds;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.snn.train.TrainStep;
import org.neurospark.snn.train.Trainer;

class ReplicaTrainerTest {
  private static TrainConfig.Builder nmnist() {
    return TrainConfig.builder().model("plif-nmnist").channels(2).encoder("frames").timeSteps(2).batch(4)
        .threads(1).progress(false).seed(77);
  }

  /** Runs {@code workers} replicas in threads (each in a 1-thread CpuContext), round by round, to the end. */
  private static List<ReplicaTrainer> runAll(int workers, IntFunction<ReplicaTrainer> make,
      List<? extends ParameterAverager> avg) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<ReplicaTrainer>> fs = new ArrayList<>();
      for (int r = 0; r < workers; r++) {
        int rank = r;
        Callable<ReplicaTrainer> c = () -> {
          try (CpuContext cpu = CpuContext.open(1); CpuContext.Scope in = cpu.enter()) {
            ReplicaTrainer t = make.apply(rank);
            for (int k = 0; k < t.plan().rounds(); k++) {
              RoundResult res = t.runRound(k, avg.get(rank));
              assertEquals(k, res.round());
              assertEquals(workers, res.workers());
            }
            return t;
          }
        };
        fs.add(pool.submit(c));
      }
      List<ReplicaTrainer> out = new ArrayList<>();
      for (Future<ReplicaTrainer> f : fs) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertSameState(Module a, Module b) {
    ParameterVector va = ParameterVector.of(a);
    ParameterVector vb = ParameterVector.of(b);
    assertEquals(va.layout(), vb.layout());
    assertArrayEquals(va.floats(), vb.floats());
    assertArrayEquals(va.counters(), vb.counters());
  }

  @Test
  void oneWorkerEqualsTheLocalTrainerBitExactly(@TempDir Path dir) throws Exception {
    FrameDataset train = SyntheticFrames.make(10, 2, 34, 34, 10, 1);
    FrameDataset test = SyntheticFrames.make(4, 2, 34, 34, 10, 2);
    for (int k : new int[] {1, 3}) {
      TrainConfig cfg = nmnist().epochs(2).optimizer("adam").schedule("cosine").lr(1e-2)
          .out(dir.resolve("k" + k).toString()).build();
      Trainer local = new Trainer(cfg, train, test, null);
      local.run(false);
      RoundPlan plan = new RoundPlan(k, RoundPlan.stepsPerEpoch(new long[] {train.size()}, cfg.batch()),
          cfg.epochs(), 0);
      assertEquals(6, plan.totalSteps());
      List<ReplicaTrainer> reps = runAll(1, r -> ReplicaTrainer.create(cfg, train, plan, r, true),
          InProcessAverager.group(1, Duration.ofSeconds(30)));
      ReplicaTrainer rep = reps.get(0);
      assertSameState(local.model(), rep.model());
      ParameterVector a = ParameterVector.of(local.model(), local.step().optimizer());
      ParameterVector b = ParameterVector.of(rep.model(), rep.optimizer());
      assertArrayEquals(a.floats(), b.floats(), "optimizer state, K = " + k);
      assertArrayEquals(a.counters(), b.counters(), "optimizer steps, K = " + k);
    }
  }

  /** Flatten – Linear – LIF – Linear – LIF: no BatchNorm, no dropout, so a sample's gradient does not depend on the batch. */
  private static Module noBatchNet(long seed) {
    Rng rng = new Rng(seed);
    NeuronChoice lif = new NeuronChoice("LIFNode", java.util.Map.of("tau", 2.0));
    Sequential s = new Sequential(new Flatten(), new Linear(2 * 4 * 6, 16, true, rng), lif.create(),
        new Linear(16, 4, true, rng), lif.create());
    s.setStepMode('m');
    s.train(true);
    return s;
  }

  /**
   * Plain SGD (no momentum, no weight decay), K = 1, equal batch sizes, a mean-reduced loss and a net whose
   * per-sample gradients do not depend on the rest of the batch (no BatchNorm, no dropout): the average of the two
   * workers' updated weights {@code w − lr·g_i} is {@code w − lr·(g_0 + g_1)/2}, the large-batch step on the union
   * of their batches. (With BatchNorm the batch statistics of each worker's half differ from the union's, and the
   * equality does not hold; with momentum or Adam it does hold for SGD-momentum with averaged state but not for
   * Adam's non-linear update, so neither is claimed here.)
   */
  @Test
  void twoWorkersWithSgdEqualLargeBatchSgdOnTheUnion() throws Exception {
    TrainConfig cfg = TrainConfig.builder().model("custom").encoder("frames").timeSteps(3).batch(3).epochs(2)
        .optimizer("sgd").momentum(0).schedule("const").lr(0.5).loss("mse").seed(5).build();
    FrameDataset[] shards = {SyntheticFrames.make(7, 3, 4, 6, 4, 11), SyntheticFrames.make(7, 3, 4, 6, 4, 12)};
    RoundPlan plan = new RoundPlan(1, RoundPlan.stepsPerEpoch(new long[] {7, 7}, 3), 2, 0);
    assertEquals(3, plan.stepsPerEpoch());
    List<ReplicaTrainer> reps = runAll(2, r -> {
      Module m = noBatchNet(9);
      return new ReplicaTrainer(cfg, new TrainStep(m, cfg.lossFunction(), cfg.inputEncoder(),
          cfg.createOptimizer(m)), shards[r], plan, r, true);
    }, InProcessAverager.group(2, Duration.ofSeconds(30)));
    assertSameState(reps.get(0).model(), reps.get(1).model());

    // the reference: one model, each step on the union of the two workers' batches of that step (7 samples in
    // batches of 3: the third batch of an epoch holds 1 sample on both workers, so sizes stay equal)
    Module ref = noBatchNet(9);
    TrainStep refStep = new TrainStep(ref, cfg.lossFunction(), cfg.inputEncoder(), cfg.createOptimizer(ref));
    try (CpuContext cpu = CpuContext.open(1); CpuContext.Scope in = cpu.enter()) {
      for (long g = 0; g < plan.totalSteps(); g++) {
        int e = plan.epochOf(g);
        int b = plan.batchOf(g);
        List<float[]> parts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int len = -1;
        for (int r = 0; r < 2; r++) {
          EpochOrder o = new EpochOrder(ReplicaTrainer.workerSeed(cfg.seed(), r), 7, 3, true);
          Batch batch = shards[r].batch(o.order(e), o.batchStart(b), o.batchLength(b));
          len = o.batchLength(b);
          parts.add(batch.inputs().toFloatArray());
          for (int l : batch.labels()) {
            labels.add(l);
          }
        }
        // [T, n, ...] of each worker → [T, 2n, ...]: worker 0's samples then worker 1's at every time step
        int t = 3;
        int per = 2 * 4 * 6;
        float[] u = new float[t * 2 * len * per];
        for (int s = 0; s < t; s++) {
          for (int r = 0; r < 2; r++) {
            System.arraycopy(parts.get(r), s * len * per, u, (s * 2 * len + r * len) * per, len * per);
          }
        }
        Tensor x = Tensor.fromArray(u, t, 2 * len, 2, 4, 6);
        refStep.step(new Batch(x, labels.stream().mapToInt(Integer::intValue).toArray()), new StepSeeds(0, 0));
      }
    }
    float[] got = ParameterVector.of(reps.get(0).model()).floats();
    float[] want = ParameterVector.of(ref).floats();
    float[] init = ParameterVector.of(noBatchNet(9)).floats();
    double maxDiff = 0;
    double moved = 0;
    for (int i = 0; i < want.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
      moved = Math.max(moved, Math.abs(want[i] - init[i]));
    }
    assertTrue(moved > 1e-2, "training moved the weights by " + moved);
    assertTrue(maxDiff < 1e-5, "2 workers vs large batch: max difference " + maxDiff);
  }
}
