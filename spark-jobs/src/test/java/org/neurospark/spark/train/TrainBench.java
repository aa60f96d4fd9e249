package org.neurospark.spark.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.neurospark.snn.data.FrameDataset;
import org.neurospark.spark.frames.FrameRows;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.testing.TestSpark;

/**
 * Training throughput and averaging cost of {@code spark train} on embedded {@code local[2]} (not a test; run its
 * main with the test classpath): synthetic 34×34 frames, plif-nmnist, for ring with 2 workers × 1 thread, tree with
 * 2 × 1, and ring with 1 worker × 2 threads. Prints samples/s over the rounds' wall time and, for the ring, rank 0's
 * averaging time and bytes per round against its step time.
 *
 * <p>Arguments: {@code [samples [channels [T [batch [K [epochs]]]]]]} (default 192 16 4 16 8 1).
 */
public final class TrainBench {
  private TrainBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 192;
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
      System.out.printf(Locale.ROOT, "plif-nmnist c=%d T=%d batch=%d K=%d, %d samples, %d epoch(s), local[2]%n",
          channels, t, batch, k, n, epochs);
      run(spark, tables, tmp.resolve("warmup"), Averaging.RING, 2, 1, channels, batch, k, 1, true);
      run(spark, tables, tmp.resolve("ring2x1"), Averaging.RING, 2, 1, channels, batch, k, epochs, false);
      run(spark, tables, tmp.resolve("tree2x1"), Averaging.TREE, 2, 1, channels, batch, k, epochs, false);
      run(spark, tables, tmp.resolve("ring1x2"), Averaging.RING, 1, 2, channels, batch, k, epochs, false);
    } finally {
      spark.stop();
    }
  }

  private static void run(SparkSession spark, String tables, Path out, Averaging avg, int workers, int threads,
      int channels, int batch, int k, int epochs, boolean warmup) throws IOException {
    TrainOptions o = new TrainOptions(tables, out.toString(), "plif-nmnist", channels, workers, k, epochs,
        warmup ? 1 : 0, batch, "adam", 1e-3, 0.9, "cosine", "mse", 1, threads, avg, true, false, 1, 600, null);
    TrainSummary s = TrainJob.run(spark, o, null);
    if (warmup) {
      return;
    }
    double roundSeconds = 0;
    for (String l : Files.readAllLines(out.resolve("rounds.jsonl"))) {
      roundSeconds += RoundRecord.parse(l, "rounds.jsonl").seconds();
    }
    System.out.printf(Locale.ROOT, "%s %d worker(s) x %d thread(s): %d rounds, %d samples, %.1f samples/s over the "
        + "rounds (%.2f s per round)", avg.id(), workers, threads, s.rounds(), s.samples(), s.samples() / roundSeconds,
        roundSeconds / s.rounds());
    if (avg == Averaging.RING && workers > 1) {
      System.out.printf(Locale.ROOT, "; rank 0 per round: steps %.3f s, averaging %.4f s (%.2f%% of the steps), "
          + "%.2f MB sent", s.trainSeconds() / s.rounds(), s.averageSeconds() / s.rounds(),
          100 * s.averageSeconds() / s.trainSeconds(), s.bytesSent() / 1e6 / s.rounds());
    }
    System.out.println();
  }
}
