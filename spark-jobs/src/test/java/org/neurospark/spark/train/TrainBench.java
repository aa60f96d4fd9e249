package org.neurospark.spark.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.neurospark.snn.data.FrameDataset;
import org.neurospark.snn.flat.FlatLayout;
import org.neurospark.snn.flat.ParameterVector;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.spark.frames.FrameRows;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.testing.TestSpark;

/**
 * Training throughput and averaging cost of {@code spark train} on embedded {@code local[2]} (not a test; run its
 * main with the test classpath): synthetic 34×34 frames, plif-nmnist with Adam (state averaged), in one run:
 * <ul>
 *   <li>ring, 2 workers × 1 thread: samples/s over the rounds' wall time, and per round rank 0's K local steps, its
 *   averaging work (flatten, ring all-reduce, write back) apart from its wait for the slower worker, and the bytes it
 *   sent;</li>
 *   <li>tree, 2 × 1: samples/s; then one tree averaging round timed alone (the round's Spark job without the local
 *   steps: broadcast of the state, each worker's shard and replica, its contribution, {@code treeAggregate}, write
 *   back on the driver) and its bytes (the broadcast to every worker plus the serialized contributions);</li>
 *   <li>ring, 1 worker × 2 threads: samples/s.</li>
 * </ul>
 * Prints the CPU model and the load average, since a shared machine skews wall times.
 *
 * <p>Arguments: {@code [samples [channels [T [batch [K [epochs]]]]]]} (default 768 16 4 16 8 1: three rounds of K = 8
 * per worker with two workers).
 */
public final class TrainBench {
  private TrainBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 768;
    int channels = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int t = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    int k = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    int epochs = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    Path tmp = Files.createTempDirectory("train-bench");
    SparkSession spark = TestSpark.start("TrainBench");
    try {
      String tables = tmp.resolve("tables").toString();
      FrameDataset d = SyntheticFrames.make(n, t, 34, 34, 10, 1);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float[] f = d.batch(new int[] {i}, 0, 1).inputs().toFloatArray();
        ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        rows.add(RowFactory.create(String.format("s-%05d", i), d.label(i), "train", t, 34, 34, b.array()));
      }
      spark.createDataFrame(rows, FrameRows.DENSE).write().format("delta").save(Tables.frames(tables));
      System.out.printf(Locale.ROOT, "cpu %s, %d cores; java %s; load average %s%n", cpuModel(),
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());
      System.out.printf(Locale.ROOT, "plif-nmnist c=%d T=%d batch=%d K=%d adam (state averaged), %d samples, %d "
          + "epoch(s), local[2]%n", channels, t, batch, k, n, epochs);
      run(spark, tables, tmp.resolve("warmup"), Averaging.RING, 2, 1, channels, batch, k, 1, true);
      TrainSummary ring = run(spark, tables, tmp.resolve("ring2x1"), Averaging.RING, 2, 1, channels, batch, k, epochs,
          false);
      run(spark, tables, tmp.resolve("tree2x1"), Averaging.TREE, 2, 1, channels, batch, k, epochs, false);
      treeRound(spark, tables, channels, t, batch, k, 2, 3, ring.trainSeconds() / ring.roundsThisRun());
      run(spark, tables, tmp.resolve("ring1x2"), Averaging.RING, 1, 2, channels, batch, k, epochs, false);
      System.out.printf(Locale.ROOT, "load average %s at the end%n", loadAverage());
    } finally {
      spark.stop();
    }
  }

  private static TrainOptions options(String tables, Path out, Averaging avg, int workers, int threads,
      int channels, int batch, int k, int epochs, int maxRounds) {
    return new TrainOptions(tables, out.toString(), "plif-nmnist", channels, workers, k, epochs, maxRounds, batch,
        "adam", 1e-3, 0.9, "cosine", "mse", 1, threads, avg, true, false, 1, 600, null);
  }

  private static TrainSummary run(SparkSession spark, String tables, Path out, Averaging avg, int workers,
      int threads, int channels, int batch, int k, int epochs, boolean warmup) throws IOException {
    TrainOptions o = options(tables, out, avg, workers, threads, channels, batch, k, epochs, warmup ? 1 : 0);
    TrainSummary s = TrainJob.run(spark, o, null);
    if (warmup) {
      return s;
    }
    double roundSeconds = 0;
    for (String l : Files.readAllLines(out.resolve("rounds.jsonl"))) {
      roundSeconds += RoundRecord.parse(l, "rounds.jsonl").seconds();
    }
    System.out.printf(Locale.ROOT, "%s %d worker(s) x %d thread(s): %d rounds, %d samples, %.1f samples/s over the "
        + "rounds (%.2f s per round)%n", avg.id(), workers, threads, s.rounds(), s.samples(),
        s.samples() / roundSeconds, roundSeconds / s.rounds());
    if (avg == Averaging.RING && workers > 1) {
      int r = s.roundsThisRun();
      double steps = s.trainSeconds() / r;
      double wait = s.waitSeconds() / r;
      double work = (s.averageSeconds() - s.waitSeconds()) / r;
      System.out.printf(Locale.ROOT, "  ring averaging round (rank 0): %.4f s and %.2f MB sent per worker (%.2f MB "
          + "all workers) against %.3f s of K = %d steps: %.2f%% of the steps; plus %.4f s waiting for the slower "
          + "worker%n", work, s.bytesSent() / 1e6 / r, workers * s.bytesSent() / 1e6 / r, steps, k,
          100 * work / steps, wait);
    }
    return s;
  }

  /**
   * Times {@code rounds} tree averaging rounds alone: what one round of {@code --averaging tree} does besides its
   * local steps (one Spark job: broadcast of the state, per worker its shard, a replica loaded from the broadcast and
   * its {@link TreeContribution}; {@code treeAggregate}; the mean written back on the driver).
   */
  private static void treeRound(SparkSession spark, String tables, int channels, int t, int batch, int k,
      int workers, int rounds, double stepSeconds) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    FrameShards shards = FrameShards.open(spark, tables, "train", workers);
    try {
      TrainOptions o = options(tables, Path.of("unused"), Averaging.TREE, workers, 1, channels, batch, k, 1, 0);
      TrainConfig cfg = TrainJob.config(o, shards.timeSteps(), 1);
      RoundPlan plan = new RoundPlan(k, RoundPlan.stepsPerEpoch(shards.sizes(), batch), 1, 0);
      FrameShards.Shape shape = shards.shape();
      Module model = cfg.createModel();
      Optimizer opt = cfg.createOptimizer(model);
      double[] seconds = new double[rounds];
      long broadcastBytes = 0;
      long contributionBytes = 0;
      for (int q = 0; q < rounds; q++) {
        long t0 = System.nanoTime();
        ParameterVector state = ParameterVector.of(model, opt);
        FlatLayout layout = state.layout();
        byte[] bytesOfState = state.toByteBuffer().array();
        Broadcast<byte[]> bytes = jsc.broadcast(bytesOfState);
        TreeContribution sum = shards.records().mapPartitionsWithIndex((rank, it) -> {
          try (SpilledShard shard = FrameShards.spill(it, shape);
              CpuContext cpu = CpuContext.open(CpuConfig.fromEnvironment().withThreads(cfg.threads()));
              CpuContext.Scope in = cpu.enter()) {
            ReplicaTrainer r = ReplicaTrainer.create(cfg, shard, plan, rank, true);
            r.load(ParameterVector.fromByteBuffer(layout, ByteBuffer.wrap(bytes.value())));
            ParameterVector after = r.vector();
            long[] c = after.counters();
            double[] sums = new double[c.length + 4];
            for (int i = 0; i < c.length; i++) {
              sums[i] = c[i];
            }
            sums[c.length] = shard.size();
            return List.of(TreeContribution.of(after.floats(), shard.size(), sums)).iterator();
          }
        }, false).treeAggregate(new TreeContribution(), TreeContribution::merge, TreeContribution::merge);
        bytes.destroy();
        int m = layout.counterCount();
        long[] counters = new long[m];
        for (int i = 0; i < m; i++) {
          counters[i] = (long) Math.floor(sum.sums[i] / workers);
        }
        new ParameterVector(layout, sum.floats.result(), counters).copyTo(model, opt);
        seconds[q] = (System.nanoTime() - t0) / 1e9;
        broadcastBytes = bytesOfState.length;
        contributionBytes = serializedSize(sum); // a merged sum is as large as one worker's contribution
      }
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      double med = sorted[rounds / 2];
      long total = workers * (broadcastBytes + contributionBytes);
      System.out.printf(Locale.ROOT, "  tree averaging round (one Spark job without the steps, median of %d: %s): "
          + "%.4f s and %.2f MB (%.2f MB state broadcast to each of %d workers, %.2f MB serialized contribution from "
          + "each) against %.3f s of K = %d steps (ring run): %.1f%% of the steps%n", rounds, fmt(seconds), med,
          total / 1e6, broadcastBytes / 1e6, workers, contributionBytes / 1e6, stepSeconds, k,
          100 * med / stepSeconds);
    } finally {
      shards.release();
    }
  }

  private static long serializedSize(Object o) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    return b.size();
  }

  private static String fmt(double[] x) {
    StringBuilder b = new StringBuilder();
    for (double v : x) {
      b.append(String.format(Locale.ROOT, "%.3f ", v));
    }
    return b.toString().strip();
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "n/a";
    }
  }
}
