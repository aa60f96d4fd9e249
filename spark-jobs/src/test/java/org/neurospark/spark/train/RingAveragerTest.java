package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.data.FrameDataset;
import org.neurospark.snn.flat.ParameterVector;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.spark.train.allreduce.RingAllReduce;

class RingAveragerTest {
  private static final TrainConfig CFG = TrainConfig.builder().model("plif-nmnist").channels(2).encoder("frames")
      .timeSteps(2).batch(3).epochs(1).optimizer("adam").lr(1e-2).seed(3).progress(false).build();
  private static final FrameDataset[] SHARDS = {SyntheticFrames.make(6, 2, 34, 34, 10, 21),
      SyntheticFrames.make(7, 2, 34, 34, 10, 22)};
  private static final RoundPlan PLAN = new RoundPlan(2, 2, 2, 0);

  private interface AveragerFactory {
    ParameterAverager open(int rank) throws IOException;
  }

  /** Two replicas, K = 2, two epochs (2 rounds), Adam with averaged state; returns each worker's final state. */
  private static List<ParameterVector> train(AveragerFactory f, List<List<RoundResult>> results) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<ParameterVector>> fs = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        int rank = r;
        List<RoundResult> mine = new ArrayList<>();
        results.add(mine);
        fs.add(pool.submit(() -> {
          try (CpuContext cpu = CpuContext.open(1); CpuContext.Scope in = cpu.enter();
              ParameterAverager avg = f.open(rank)) {
            ReplicaTrainer t = ReplicaTrainer.create(CFG, SHARDS[rank], PLAN, rank, true);
            for (int k = 0; k < PLAN.rounds(); k++) {
              mine.add(t.runRound(k, avg));
            }
            return ParameterVector.of(t.model(), t.optimizer());
          }
        }));
      }
      List<ParameterVector> out = new ArrayList<>();
      for (Future<ParameterVector> x : fs) {
        out.add(x.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ringOverLoopbackEqualsTheInProcessAverageBitForBit() throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    ServerSocketChannel[] servers = {RingAllReduce.listen(lo), RingAllReduce.listen(lo)};
    List<String> addresses = List.of(RingAllReduce.addressOf(servers[0]), RingAllReduce.addressOf(servers[1]));
    List<List<RoundResult>> ringRounds = new ArrayList<>();
    List<ParameterVector> ring = train(r -> new RingAverager(new RingAllReduce(r, addresses, servers[r],
        Duration.ofSeconds(20), Duration.ofSeconds(60))), ringRounds);
    List<InProcessAverager> group = InProcessAverager.group(2, Duration.ofSeconds(60));
    List<List<RoundResult>> localRounds = new ArrayList<>();
    List<ParameterVector> local = train(group::get, localRounds);

    assertArrayEquals(ring.get(0).floats(), ring.get(1).floats(), "both ring workers hold the same state");
    assertArrayEquals(ring.get(0).counters(), ring.get(1).counters());
    // with two workers each element is w0·x0 + w1·x1 in float64 on both paths (addition of two terms commutes)
    assertArrayEquals(local.get(0).floats(), ring.get(0).floats());
    assertArrayEquals(local.get(0).counters(), ring.get(0).counters());
    assertEquals(4L, ring.get(0).counter("optimizer.conv_fc.0.weight.step"), "Adam steps: 2 rounds of K = 2");

    for (int k = 0; k < PLAN.rounds(); k++) {
      RoundResult a = ringRounds.get(0).get(k);
      RoundResult b = ringRounds.get(1).get(k);
      assertEquals(12, a.samples(), "two workers, two steps of 3 samples each (shard 1 skips its 7th sample)");
      assertEquals(a.loss(), b.loss());
      assertEquals(a.accuracy(), b.accuracy());
      assertEquals(localRounds.get(0).get(k).loss(), a.loss(), 1e-12);
      assertEquals(2 * (k + 1), a.step());
      assertTrue(a.waitNanos() >= 0 && a.waitNanos() <= a.averageNanos(), a.toString());
      assertEquals(k, a.epoch());
      assertTrue(a.loss() > 0);
    }
  }

  @Test
  void theWaitForTheSlowerWorkerIsTimedApartFromTheAveraging() throws Exception {
    List<InProcessAverager> group = InProcessAverager.group(2, Duration.ofSeconds(60));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<RoundResult>> fs = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        int rank = r;
        fs.add(pool.submit(() -> {
          try (CpuContext cpu = CpuContext.open(1); CpuContext.Scope in = cpu.enter()) {
            ReplicaTrainer t = ReplicaTrainer.create(CFG, SHARDS[rank], PLAN, rank, true);
            LocalRound local = t.trainLocal(0);
            if (rank == 1) {
              Thread.sleep(400); // the slower worker
            }
            return t.average(local, group.get(rank));
          }
        }));
      }
      RoundResult fast = fs.get(0).get();
      RoundResult slow = fs.get(1).get();
      assertTrue(fast.waitNanos() >= 300_000_000L, "rank 0 waited " + fast.waitNanos() + " ns");
      assertTrue(fast.waitNanos() <= fast.averageNanos());
      assertTrue(slow.waitNanos() >= 0 && slow.waitNanos() <= slow.averageNanos());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWorkerThatNeverComesFailsTheOthersWithAnIoError() {
    List<InProcessAverager> group = InProcessAverager.group(2, Duration.ofMillis(200));
    IOException e = assertThrows(IOException.class, () -> group.get(0).weightedAverage(new float[3], 1));
    assertTrue(e.getMessage().contains("within"), e.getMessage());
  }
}
