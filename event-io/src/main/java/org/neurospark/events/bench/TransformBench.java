package org.neurospark.events.bench;


import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.frames.SegmentIntegrator;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.transform.Compose;
import org.neurospark.events.transform.EventTransform;
import org.neurospark.events.transform.SensorSize;
import org.neurospark.events.slicing.SpikingJellyDurationSlicer;
import org.neurospark.events.slicing.WindowFrames;

/**
 * Throughput of every transform on a long stream, and the cost of a typical chain (transforms + frame integration)
 * relative to decoding alone. The stream tiles a real recording (held in memory) end to end, shifting each pass by
 * the recording's span so time keeps increasing; transform timings cover {@code apply} only (batches of 64 Ki
 * events, refilled from the recording before each call). Decoding re-reads the file (from the page cache) until the
 * event budget is reached. Run it with {@code neurospark events bench-transforms}.
 */
public final class TransformBench {
  private TransformBench() {}

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * One measurement: {@code events} processed in {@code nanos} of wall time and {@code cpuNanos} of this thread's
   * CPU time (the CPU figure is the one to compare on a shared, loaded machine).
   */
  public record Result(String name, long events, long nanos, long cpuNanos) {
    public double eventsPerSecond() {
      return events / (nanos / 1e9);
    }

    public double nanosPerEvent() {
      return nanos / (double) events;
    }

    /** Events per second of CPU time. */
    public double eventsPerCpuSecond() {
      return events / (cpuNanos / 1e9);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-40s %8.1f Mev/s cpu %7.2f ns/event cpu | %8.1f Mev/s wall  (%d events)",
          name, eventsPerCpuSecond() / 1e6, cpuNanos / (double) events, eventsPerSecond() / 1e6, events);
    }
  }

  private static long cpu() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** A recording held in memory with its sensor size. */
  public record Recording(EventBatch events, SensorSize sensor) {
    long span() {
      int n = events.size();
      return events.t()[n - 1] - events.t()[0] + 1;
    }
  }

  /** Reads {@code file} into memory (refuses more than {@code maxEvents}); sensor from the file or the data. */
  public static Recording load(Path file, SensorSize override, int maxEvents) throws IOException {
    return load(file, ReadOptions.DEFAULT, override, maxEvents);
  }

  /** As {@link #load(Path, SensorSize, int)}, reading with the conventions {@code options}. */
  public static Recording load(Path file, ReadOptions options, SensorSize override, int maxEvents)
      throws IOException {
    EventBatch all = new EventBatch(1 << 16);
    SensorSize s;
    try (EventReader r = EventFiles.open(file, options)) {
      // the sensor of the events after the reading conventions (transposed with them)
      s = options.transpose() ? new SensorSize(r.info().height(), r.info().width())
          : new SensorSize(r.info().width(), r.info().height());
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        if ((long) all.size() + b.size() > maxEvents) {
          throw new IllegalArgumentException(file + " holds more than " + maxEvents + " events; pick a smaller one");
        }
        all.addAll(b);
      }
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no events");
    }
    if (override != null && override.known()) {
      s = override;
    } else if (!s.known()) {
      int mx = 0;
      int my = 0;
      for (int i = 0; i < all.size(); i++) {
        mx = Math.max(mx, all.x()[i]);
        my = Math.max(my, all.y()[i]);
      }
      s = new SensorSize(mx + 1, my + 1);
    }
    return new Recording(all, s);
  }

  /** The default list of transform specs for a sensor and recording span. */
  public static List<String> defaultSpecs(SensorSize s, long spanUs, long events) {
    long noiseRate = Math.max(1, Math.round(0.1 * events / (spanUs / 1e6))); // 10 % of the recording's rate
    List<String> l = new ArrayList<>();
    l.add("downsample(0.5,0.5)");
    l.add("crop(" + s.width() / 2 + "," + s.height() / 2 + ")");
    l.add("randomcrop(" + s.width() / 2 + "," + s.height() / 2 + ")");
    l.add("fliplr(1)");
    l.add("flipud(1)");
    l.add("flippol(1)");
    l.add("mergepol()");
    l.add("refractory(1000)");
    l.add("denoise(10000)");
    l.add("denoise(10000,8)");
    l.add("drop(0.2)");
    l.add("droptimeratio(0.2," + spanUs + ")");
    l.add("droparea(0.2)");
    l.add("timejitter(100)");
    l.add("timejitter(100,sort=true)");
    l.add("timeskew(1.5,10)");
    l.add("noise(" + noiseRate + ")");
    l.add("spatialjitter(1,1)");
    return l;
  }

  /** Streams {@code total} tiled events through {@code spec}, timing {@code apply} only. */
  public static Result transform(String spec, Recording rec, long total, long seed) {
    EventTransform t = Compose.parse(spec, rec.sensor(), seed);
    EventBatch src = rec.events();
    EventBatch b = new EventBatch(1 << 16);
    long span = rec.span();
    long done = 0;
    long nanos = 0;
    long cpuNanos = 0;
    long offset = 0;
    int pos = 0;
    long checksum = 0;
    while (done < total) {
      b.clear();
      int n = (int) Math.min(b.capacity(), Math.min(total - done, src.size() - pos));
      System.arraycopy(src.t(), pos, b.t(), 0, n);
      System.arraycopy(src.x(), pos, b.x(), 0, n);
      System.arraycopy(src.y(), pos, b.y(), 0, n);
      System.arraycopy(src.p(), pos, b.p(), 0, n);
      if (offset != 0) {
        long[] tt = b.t();
        for (int i = 0; i < n; i++) {
          tt[i] += offset;
        }
      }
      b.setSize(n);
      long c0 = cpu();
      long t0 = System.nanoTime();
      t.apply(b);
      nanos += System.nanoTime() - t0;
      cpuNanos += cpu() - c0;
      checksum += b.size();
      done += n;
      pos += n;
      if (pos == src.size()) {
        pos = 0;
        offset += span;
      }
    }
    if (checksum < 0) {
      throw new AssertionError();
    }
    return new Result(spec, done, nanos, cpuNanos);
  }

  /**
   * Decodes {@code file} repeatedly until {@code total} events, optionally through {@code chain} and, when
   * {@code frameUs > 0}, SpikingJelly fixed-duration frame integration (grid mode, count frames). Timed end to end.
   */
  public static Result decode(Path file, long total, String chain, long frameUs, SensorSize sensor, long seed)
      throws IOException {
    return decode(file, ReadOptions.DEFAULT, total, chain, frameUs, sensor, seed);
  }

  /** As {@link #decode(Path, long, String, long, SensorSize, long)}, reading with the conventions {@code options}. */
  public static Result decode(Path file, ReadOptions options, long total, String chain, long frameUs,
      SensorSize sensor, long seed) throws IOException {
    Compose c = Compose.parse(chain, sensor, seed);
    SensorSize out = c.outputSize(sensor);
    double[] sink = {0};
    SpikingJellyDurationSlicer slicer = frameUs > 0
        ? new SpikingJellyDurationSlicer(frameUs, new WindowFrames(out.height(), out.width(),
            SegmentIntegrator.COUNT, (i, data, off) -> sink[0] += data[off]))
        : null;
    EventBatch b = new EventBatch();
    long done = 0;
    long offset = 0;
    long c0 = cpu();
    long t0 = System.nanoTime();
    while (done < total) {
      long first = Long.MIN_VALUE;
      long last = 0;
      try (EventReader r = EventFiles.open(file, options)) {
        while (done < total && r.read(b)) {
          int n = b.size();
          long[] t = b.t();
          if (first == Long.MIN_VALUE) {
            first = t[0];
          }
          last = t[n - 1];
          if (offset != 0) {
            for (int i = 0; i < n; i++) {
              t[i] += offset;
            }
          }
          done += n;
          c.apply(b);
          if (slicer != null) {
            slicer.accept(b);
          }
        }
      }
      offset += last - first + 1;
    }
    if (slicer != null) {
      slicer.finish();
    }
    long nanos = System.nanoTime() - t0;
    long cpuNanos = cpu() - c0;
    String name = "decode" + (c.isEmpty() ? "" : " + " + c) + (frameUs > 0 ? " + frames(" + frameUs + " µs)" : "");
    return new Result(name, done, nanos, cpuNanos);
  }

  /** Prints the transform table and the chain-vs-decode comparison. */
  public static List<Result> run(Path file, long total, List<String> specs, String chain, long frameUs,
      SensorSize override, java.io.PrintWriter out) throws IOException {
    return run(file, ReadOptions.DEFAULT, total, specs, chain, frameUs, override, out);
  }

  /** As {@link #run(Path, long, List, String, long, SensorSize, java.io.PrintWriter)}, reading with {@code options}. */
  public static List<Result> run(Path file, ReadOptions options, long total, List<String> specs, String chain,
      long frameUs, SensorSize override, java.io.PrintWriter out) throws IOException {
    Recording rec = load(file, options, override, 50_000_000);
    out.printf(Locale.ROOT, "recording %s: %d events, sensor %s, span %d µs; stream of %d events per transform%n",
        file, rec.events().size(), rec.sensor(), rec.span(), total);
    List<Result> results = new ArrayList<>();
    List<String> list = specs == null || specs.isEmpty() ? defaultSpecs(rec.sensor(), rec.span(), rec.events().size()) : specs;
    transform(list.get(0), rec, Math.min(total, 5_000_000), 1); // warm-up
    for (String s : list) {
      Result r = transform(s, rec, total, 1);
      results.add(r);
      out.println(r);
      out.flush();
    }
    decode(file, options, Math.min(total, 5_000_000), chain, frameUs, rec.sensor(), 1); // warm-up
    Result dec = decode(file, options, total, "", 0, rec.sensor(), 1);
    Result full = decode(file, options, total, chain, frameUs, rec.sensor(), 1);
    results.add(dec);
    results.add(full);
    out.println(dec);
    out.println(full);
    out.printf(Locale.ROOT, "chain cost relative to decoding alone: %.2fx the CPU time (%.2fx wall)%n",
        full.cpuNanos() / (double) dec.cpuNanos(), full.nanos() / (double) dec.nanos());
    out.flush();
    return results;
  }
}
