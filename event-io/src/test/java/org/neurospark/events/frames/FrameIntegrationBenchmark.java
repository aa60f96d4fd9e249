package org.neurospark.events.frames;

import java.util.SplittableRandom;
import org.neurospark.events.EventBatch;

/**
 * Single-core throughput of in-memory frame integration (not a unit test). Run after {@code mvn test-compile}:
 * {@code java -cp event-io/target/classes:event-io/target/test-classes
 * org.neurospark.events.frames.FrameIntegrationBenchmark [events]}.
 */
public final class FrameIntegrationBenchmark {
  private FrameIntegrationBenchmark() {}

  public static void main(String[] args) throws java.io.IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000_000;
    int[][] sensors = {{34, 34}, {128, 128}, {1280, 720}};
    for (int[] s : sensors) {
      EventBatch b = new EventBatch(n);
      SplittableRandom rnd = new SplittableRandom(1);
      long t = 0;
      for (int i = 0; i < n; i++) {
        t += rnd.nextInt(3);
        b.add(t, rnd.nextInt(s[0]), rnd.nextInt(s[1]), rnd.nextInt(2));
      }
      run("uniform", b, s[0], s[1]);
    }
    // real recordings tiled end to end (realistic spatial locality)
    run("nmnist", tile(org.neurospark.events.testing.SharedData.data("events/nmnist/tonic_sample_nmnist.bin"), n),
        34, 34);
    run("evt3", tile(org.neurospark.events.testing.SharedData.data(
        "events/evt3/expelliarmus_evt3_sample_gen4_1280x720.reference.npy"), n), 1280, 720);
  }

  private static EventBatch tile(java.nio.file.Path file, int n) throws java.io.IOException {
    EventBatch one = new EventBatch(1024);
    try (org.neurospark.events.EventReader r = org.neurospark.events.io.EventFiles.open(file)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        one.addAll(b);
      }
    }
    EventBatch all = new EventBatch(n);
    long shift = 0;
    long span = one.t()[one.size() - 1] - one.t()[0] + 1;
    while (all.size() < n) {
      for (int i = 0; i < one.size() && all.size() < n; i++) {
        all.add(one.t()[i] + shift, one.x()[i], one.y()[i], one.p()[i]);
      }
      shift += span;
    }
    return all;
  }

  private static void run(String name, EventBatch b, int w, int h) {
    int n = b.size();
    long t = b.t()[n - 1] - b.t()[0];
    {
      FrameIntegrator fi = new FrameIntegrator(h, w);
      Frames reuse = null;
      for (String mode : new String[] {"number", "time", "duration"}) {
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 7; rep++) {
          long t0 = System.nanoTime();
          switch (mode) {
            case "number" -> reuse = fi.byFramesNumber(b, SplitBy.NUMBER, 16, reuse);
            case "time" -> reuse = fi.byFramesNumber(b, SplitBy.TIME, 16, reuse);
            default -> reuse = fi.byDuration(b, t / 16 + 1, DurationMode.UPSTREAM, reuse);
          }
          best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("%-8s %4dx%-4d T=16 %-8s %6.0f M events/s  (%d events, best of 7: %.1f ms, total %.0f)%n", name, w, h,
            mode, n / best / 1e6, n, best * 1e3, reuse.total());
      }
    }
  }
}
