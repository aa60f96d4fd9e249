package org.neurospark.spark.train;

import java.net.InetAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.neurospark.snn.data.FrameDataset;
import org.neurospark.snn.flat.ParameterVector;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.spark.train.allreduce.RingAllReduce;

/**
 * Where one averaging round of ring training goes, without Spark (not a test; run its main with the test classpath):
 * N workers on threads of one JVM (1 compute thread each), plif-nmnist on synthetic 34×34 frames, a ring over
 * loopback. Per round each worker times its K local steps, then the wait for the slowest worker (a one-element
 * {@link ParameterAverager#sum}, a barrier), then {@link ReplicaTrainer#average} (the averaging work proper); a
 * second pass times the parts on the public API: flattening ({@link ReplicaTrainer#vector}), the ring
 * {@link ParameterAverager#weightedAverage} of that many floats, and writing back ({@link ReplicaTrainer#load}).
 * Prints medians over the rounds of rank 0, wall times and (robust on a loaded machine) the thread CPU time of the
 * steps and of the averaging.
 *
 * <p>Arguments: {@code [workers [channels [T [batch [K [rounds]]]]]]} (default 2 16 4 16 8 4).
 */
public final class AveragingRoundProfile {
  private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory
      .getThreadMXBean();

  private AveragingRoundProfile() {}

  public static void main(String[] args) throws Exception {
    int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int channels = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int t = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    int k = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 4;
    TrainConfig cfg = TrainConfig.builder().model("plif-nmnist").channels(channels).encoder("frames").timeSteps(t)
        .batch(batch).epochs(1).optimizer("adam").lr(1e-3).seed(1).threads(1).progress(false).build();
    int perWorker = batch * k * (rounds + 1);
    RoundPlan plan = new RoundPlan(k, k * (rounds + 1), 1, 0);
    InetAddress lo = InetAddress.getLoopbackAddress();
    List<ServerSocketChannel> servers = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int r = 0; r < workers; r++) {
      servers.add(RingAllReduce.listen(lo));
      addresses.add(RingAllReduce.addressOf(servers.get(r)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<double[][]>> fs = new ArrayList<>();
    for (int r = 0; r < workers; r++) {
      int rank = r;
      FrameDataset shard = SyntheticFrames.make(perWorker, t, 34, 34, 10, 100 + r);
      fs.add(pool.submit(() -> {
        try (CpuContext cpu = CpuContext.open(1); CpuContext.Scope in = cpu.enter();
            RingAverager avg = new RingAverager(new RingAllReduce(rank, addresses, servers.get(rank),
                Duration.ofSeconds(30), Duration.ofSeconds(120)))) {
          ReplicaTrainer tr = ReplicaTrainer.create(cfg, shard, plan, rank, true);
          // rows: steps, wait, average, flatten, ring, load, bytes, then thread CPU time of steps, average, ring;
          // round 0 is a warm-up
          double[][] m = new double[10][rounds];
          for (int q = 0; q <= rounds; q++) {
            long c0 = MX.getCurrentThreadCpuTime();
            LocalRound local = tr.trainLocal(q);
            long c1 = MX.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            avg.sum(new double[1]);
            long t1 = System.nanoTime();
            long b0 = avg.ring().bytesSent();
            long c2 = MX.getCurrentThreadCpuTime();
            tr.average(local, avg);
            long c3 = MX.getCurrentThreadCpuTime();
            long t2 = System.nanoTime();
            long b1 = avg.ring().bytesSent();
            avg.sum(new double[1]);
            long t3 = System.nanoTime();
            ParameterVector v = tr.vector();
            long t4 = System.nanoTime();
            avg.sum(new double[1]);
            long t5 = System.nanoTime();
            long c4 = MX.getCurrentThreadCpuTime();
            avg.weightedAverage(v.floats(), local.samples());
            long c5 = MX.getCurrentThreadCpuTime();
            long t6 = System.nanoTime();
            tr.load(v);
            long t7 = System.nanoTime();
            if (q > 0) {
              double[] row = {local.nanos(), t1 - t0, t2 - t1, t4 - t3, t6 - t5, t7 - t6, b1 - b0, c1 - c0, c3 - c2,
                  c5 - c4};
              for (int i = 0; i < row.length; i++) {
                m[i][q - 1] = row[i];
              }
            }
          }
          return m;
        }
      }));
    }
    List<double[][]> all = new ArrayList<>();
    for (Future<double[][]> f : fs) {
      all.add(f.get());
    }
    pool.shutdown();
    double[][] m = all.get(0);
    System.out.printf(Locale.ROOT, "plif-nmnist c=%d T=%d batch=%d K=%d, %d workers x 1 thread (threads of one JVM,"
        + " loopback ring), medians of %d rounds of rank 0%n", channels, t, batch, k, workers, rounds);
    String[] names = {"K steps", "wait for slowest", "average() work", "  flatten", "  ring weightedAverage",
        "  load"};
    for (int i = 0; i < names.length; i++) {
      double med = median(m[i]) / 1e9;
      System.out.printf(Locale.ROOT, "%-24s %8.4f s  (%5.1f%% of K steps)   all: %s%n", names[i], med,
          100 * med / (median(m[0]) / 1e9), fmt(m[i]));
    }
    System.out.printf(Locale.ROOT, "MB sent per round        %8.2f%n", median(m[6]) / 1e6);
    System.out.printf(Locale.ROOT, "thread CPU time: K steps %.4f s, average() %.4f s (%.2f%% of K steps), ring "
        + "weightedAverage %.4f s%n", median(m[7]) / 1e9, median(m[8]) / 1e9, 100 * median(m[8]) / median(m[7]),
        median(m[9]) / 1e9);
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String fmt(double[] x) {
    StringBuilder b = new StringBuilder();
    for (double v : x) {
      b.append(String.format(Locale.ROOT, "%.3f ", v / 1e9));
    }
    return b.toString().strip();
  }
}
