package org.neurospark.events.bench;

import java.io.IOException;
import java.util.Arrays;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.ChunkedFileInput;
import org.neurospark.events.io.EventFiles;

/**
 * Measures one {@link BenchInput}: a warm-up run, then {@code runs} timed runs (median reported) of (1) decoding every
 * event, (2) a plain sequential read of the same bytes with {@link ChunkedFileInput} (the readers' I/O path) as the
 * baseline, and (3) decoding plus {@link FrameCounter} integration. Single-threaded; one reused batch.
 */
public final class EventsBenchmark {
  private final int runs;
  private final int frames;
  private final ReadOptions options;
  private long sink;
  private double lastCpuMedian;
  /** Events in one run of the stream, counted by the warm-up run (N of the frame split). */
  private long streamEvents;

  /**
   * @param runs timed runs per measurement (≥ 1)
   * @param frames T for the frame integration (≥ 1)
   */
  public EventsBenchmark(int runs, int frames) {
    this(runs, frames, ReadOptions.DEFAULT);
  }

  /**
   * As {@link #EventsBenchmark(int, int)}, decoding with the reading conventions {@code options} (their transforms
   * are part of the measured decode).
   */
  public EventsBenchmark(int runs, int frames, ReadOptions options) {
    if (runs < 1 || frames < 1) {
      throw new IllegalArgumentException("runs and frames must be ≥ 1");
    }
    this.runs = runs;
    this.frames = frames;
    this.options = java.util.Objects.requireNonNull(options, "options");
  }

  /**
   * Runs the three measurements on {@code input}. The frame shape is the declared sensor, else the largest x/y seen
   * plus one.
   */
  public BenchResult measure(BenchInput input) throws IOException {
    EventBatch batch = new EventBatch();
    long[] stats = new long[3]; // events, xMax, yMax
    decodeRun(input, batch, null, stats); // warm-up; also counts the stream
    long events = stats[0];
    double decodeS = median(() -> decodeRun(input, batch, null, null));
    double decodeCpuS = lastCpuMedian;
    readRun(input); // warm-up
    double baselineS = median(() -> readRun(input));
    double baselineCpuS = lastCpuMedian;
    RecordingInfo ri = input.info();
    boolean tr = options.transpose(); // the declared sensor, transposed with the events when the options say so
    int w = ri.hasSensorSize() ? (tr ? ri.height() : ri.width()) : (int) stats[1] + 1;
    int h = ri.hasSensorSize() ? (tr ? ri.width() : ri.height()) : (int) stats[2] + 1;
    FrameCounter counter = new FrameCounter(frames, h, w);
    decodeRun(input, batch, counter, null);
    double framesS = median(() -> decodeRun(input, batch, counter, null));
    long bytes = input.bytesPerRun();
    return new BenchResult(input.source().toString(), input.format().id(), events, bytes, events / decodeS,
        bytes / decodeS / 1e6, bytes / baselineS / 1e6, events / framesS, events / decodeCpuS, bytes / baselineCpuS / 1e6, input.repeated(), runs,
        frames);
  }

  private interface Run {
    void run() throws IOException;
  }

  /** Median wall-clock seconds of {@code runs} runs; the median thread CPU seconds go to {@link #lastCpuMedian}. */
  private double median(Run r) throws IOException {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    boolean cpu = mx.isCurrentThreadCpuTimeSupported();
    double[] s = new double[runs];
    double[] c = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
      long t0 = System.nanoTime();
      r.run();
      s[i] = (System.nanoTime() - t0) / 1e9;
      c[i] = cpu ? (mx.getCurrentThreadCpuTime() - c0) / 1e9 : s[i];
    }
    Arrays.sort(s);
    Arrays.sort(c);
    lastCpuMedian = c[runs / 2];
    return s[runs / 2];
  }

  /** Decodes the whole stream; optionally integrates frames and gathers {events, xMax, yMax}. */
  private void decodeRun(BenchInput input, EventBatch b, FrameCounter counter, long[] stats) throws IOException {
    if (counter != null) {
      counter.start(streamEvents);
    }
    long events = 0;
    long acc = 0;
    int xMax = -1;
    int yMax = -1;
    for (int k = 0; k < input.readsPerRun(); k++) {
      try (EventReader r = EventFiles.open(input.file(), input.format(), options)) {
        while (r.read(b)) {
          int n = b.size();
          events += n;
          acc += b.t()[n - 1] + b.x()[n - 1];
          if (counter != null) {
            counter.add(b);
          }
          if (stats != null) {
            int[] x = b.x();
            int[] y = b.y();
            for (int i = 0; i < n; i++) {
              xMax = Math.max(xMax, x[i]);
              yMax = Math.max(yMax, y[i]);
            }
          }
        }
      }
    }
    if (stats != null) {
      stats[0] = events;
      stats[1] = xMax;
      stats[2] = yMax;
      streamEvents = events;
    }
    sink += acc;
  }

  private void readRun(BenchInput input) throws IOException {
    long acc = 0;
    for (int k = 0; k < input.readsPerRun(); k++) {
      try (ChunkedFileInput in = new ChunkedFileInput(input.file())) {
        while (true) {
          in.fill(ChunkedFileInput.DEFAULT_CHUNK);
          int n = in.remaining();
          if (n == 0) {
            break;
          }
          acc += in.buffer()[in.pos() + n - 1];
          in.pos(in.limit());
        }
      }
    }
    sink += acc;
  }

  /** Keeps results observable so the JIT cannot drop the work. */
  public long sink() {
    return sink;
  }
}
