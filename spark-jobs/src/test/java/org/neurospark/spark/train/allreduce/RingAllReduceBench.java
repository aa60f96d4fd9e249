package org.neurospark.spark.train.allreduce;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Micro-benchmark: time of one {@link RingAllReduce#weightedAverage} round on loopback, workers on threads of one
 * JVM. Run with {@code java -cp spark-jobs/target/classes:spark-jobs/target/test-classes
 * org.neurospark.spark.train.allreduce.RingAllReduceBench [workers [MiB...]]} (defaults: 2 workers, 4 and 32 MiB).
 */
public final class RingAllReduceBench {
  private RingAllReduceBench() {
  }

  /** Round times of one buffer size: each round's time is that of the slowest worker. */
  record Result(int workers, int floats, double[] roundMillis, long bytesSentPerRound) {
    double medianMillis() {
      double[] s = roundMillis.clone();
      Arrays.sort(s);
      return s[s.length / 2];
    }

    String line() {
      double mib = floats * 4.0 / (1 << 20);
      double ms = medianMillis();
      return String.format("ring all-reduce, %d workers, %.0f MiB fp32 buffer: %.1f ms per round (median of %d), "
          + "%.0f MB/s of buffer, %.1f MB sent per worker per round", workers, mib, ms, roundMillis.length,
          floats * 4.0 / (ms * 1e3), bytesSentPerRound / 1e6);
    }
  }

  /** Builds one ring and times {@code rounds} averaging rounds after {@code warmup} untimed ones. */
  static Result measure(int workers, int floats, int warmup, int rounds) throws Exception {
    long[][] nanos = new long[workers][rounds];
    long[] bytes = new long[workers];
    List<Workers.Outcome<Void>> out = Workers.run(workers, Duration.ofSeconds(30), Duration.ofSeconds(60), ring -> {
      float[] buf = new float[floats];
      SplittableRandom rnd = new SplittableRandom(ring.rank());
      for (int i = 0; i < floats; i++) {
        buf[i] = (float) rnd.nextGaussian();
      }
      for (int i = 0; i < warmup; i++) {
        ring.weightedAverage(buf, 1 + ring.rank());
      }
      long sent = ring.bytesSent();
      for (int i = 0; i < rounds; i++) {
        ring.allReduceSum(new double[1]); // start every timed round together
        long t0 = System.nanoTime();
        ring.weightedAverage(buf, 1 + ring.rank());
        nanos[ring.rank()][i] = System.nanoTime() - t0;
      }
      bytes[ring.rank()] = ring.bytesSent() - sent;
      return null;
    });
    for (Workers.Outcome<Void> o : out) {
      o.get();
    }
    double[] ms = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long worst = 0;
      for (int r = 0; r < workers; r++) {
        worst = Math.max(worst, nanos[r][i]);
      }
      ms[i] = worst / 1e6;
    }
    long perRound = (bytes[0] - rounds * (FrameHeader.SIZE * 2L + 8) * (workers - 1)) / rounds;
    return new Result(workers, floats, ms, perRound);
  }

  /**
   * Baseline: MB/s of a plain blocking loopback TCP copy of {@code bytes} bytes, one thread writing and one reading
   * (what the machine's loopback gives a single stream right now).
   */
  static double loopbackMegabytesPerSecond(long bytes) throws Exception {
    try (java.nio.channels.ServerSocketChannel server = RingAllReduce.listen(Workers.LOOPBACK)) {
      java.util.concurrent.CompletableFuture<Long> reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try (java.nio.channels.SocketChannel in = server.accept()) {
          java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(1 << 20);
          long got = 0;
          for (int k; (k = in.read(b.clear())) >= 0; ) {
            got += k;
          }
          return got;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      long t0 = System.nanoTime();
      try (java.nio.channels.SocketChannel out = java.nio.channels.SocketChannel.open(server.getLocalAddress())) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(1 << 20);
        for (long sent = 0; sent < bytes; ) {
          b.clear().limit((int) Math.min(b.capacity(), bytes - sent));
          while (b.hasRemaining()) {
            sent += out.write(b);
          }
        }
      }
      long got = reader.get();
      return got / ((System.nanoTime() - t0) / 1e3);
    }
  }

  public static void main(String[] args) throws Exception {
    loopbackMegabytesPerSecond(100 << 20);
    System.out.printf("baseline: plain loopback TCP stream %.0f MB/s%n", loopbackMegabytesPerSecond(200 << 20));
    int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int[] mib = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {4, 32};
    for (int m : mib) {
      System.out.println(measure(workers, m << 18, 3, 10).line());
    }
  }
}
