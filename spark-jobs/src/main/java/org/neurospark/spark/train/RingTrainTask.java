package org.neurospark.spark.train;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.spark.train.allreduce.RingAllReduce;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The body of one barrier task of {@code spark train --averaging ring}: spills the worker's partition into a
 * task-local {@link SpilledShard} (its heap does not grow with the shard),
 * joins the ring (a listening socket on the executor's host, published through
 * {@link BarrierTaskContext#allGather}), loads the last committed round's checkpoint, and runs the remaining rounds;
 * rank 0 commits every round to the run folder. Returns one {@link WorkerReport} line.
 */
final class RingTrainTask extends AbstractFunction1<Iterator<FrameRecord>, Iterator<String>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

  private final TrainConfig cfg;
  private final RoundPlan plan;
  private final TrainOptions opts;
  private final RunDirectory run;
  private final FrameShards.Shape shape;
  private final int startRound;
  private final int attempt;

  RingTrainTask(TrainConfig cfg, RoundPlan plan, TrainOptions opts, RunDirectory run, FrameShards.Shape shape,
      int startRound, int attempt) {
    this.cfg = cfg;
    this.plan = plan;
    this.opts = opts;
    this.run = run;
    this.shape = shape;
    this.startRound = startRound;
    this.attempt = attempt;
  }

  @Override
  public Iterator<String> apply(Iterator<FrameRecord> rows) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int rank = ctx.partitionId();
    try {
      // the task's completion listener deletes the spill file on failure as well
      try (SpilledShard shard = FrameShards.spill(CollectionConverters.asJava(rows), shape)) {
        return train(ctx, rank, shard);
      }
    } catch (IOException e) {
      throw new RuntimeException("worker " + rank + " (stage attempt " + attempt + "): " + e.getMessage(), e);
    }
  }

  private Iterator<String> train(BarrierTaskContext ctx, int rank, SpilledShard shard) throws IOException {
    String address = ctx.getTaskInfos()[rank].address();
    String host = address.substring(0, address.lastIndexOf(':'));
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    ServerSocketChannel server = RingAllReduce.listen(InetAddress.getByName(host));
    String[] addresses;
    try {
      addresses = ctx.allGather(RingAllReduce.addressOf(server, host));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    int threads = cfg.threads();
    try (RingAverager avg = new RingAverager(new RingAllReduce(rank, List.of(addresses), server, CONNECT_TIMEOUT,
            Duration.ofSeconds(opts.ioTimeoutSeconds())));
        CpuContext cpu = CpuContext.open(CpuConfig.fromEnvironment().withThreads(threads));
        CpuContext.Scope in = cpu.enter();
        TrainDevice dev = TrainDevice.open(opts.backend(), ctx.resourcesJMap())) {
      String device = dev.description();
      ReplicaTrainer t = ReplicaTrainer.create(cfg, shard, plan, rank, opts.averageOptimizerState(), dev.backend());
      if (startRound > 0) {
        t.restore(run.checkpoint(startRound - 1));
      }
      double trainS = 0;
      double avgS = 0;
      double waitS = 0;
      for (int r = startRound; r < plan.rounds(); r++) {
        long t0 = System.nanoTime();
        TrainOptions.InjectedFailure f = opts.failure();
        if (f != null && f.rank() == rank && f.round() == r && f.attempt() == attempt) {
          throw new IllegalStateException("injected failure of worker " + rank + " in round " + r + ", attempt "
              + attempt);
        }
        RoundResult res = t.runRound(r, avg);
        trainS += res.trainNanos() / 1e9;
        avgS += res.averageNanos() / 1e9;
        waitS += res.waitNanos() / 1e9;
        if (rank == 0) {
          run.commit(RoundRecord.of(res, attempt, (System.nanoTime() - t0) / 1e9), t.checkpoint(res));
        }
        // nobody starts round r + 1 before round r is committed: a failure in r + 1 restarts after r
        ctx.barrier();
      }
      WorkerReport rep = new WorkerReport(rank, host, device, threads, shard.size(), plan.rounds() - startRound,
          trainS, avgS, waitS, avg.ring().bytesSent());
      return CollectionConverters.asScala(List.of(rep.toJson()).iterator());
    }
  }
}
