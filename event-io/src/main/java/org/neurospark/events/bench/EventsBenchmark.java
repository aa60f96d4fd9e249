package org.neurospark.events.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.ChunkedFileInput;
import org.neurospark.events.io.EventFiles;

/**
 * Measures one {@link BenchInput}: a warm-up run, then {@code runs} timed runs (median reported) of (1) decoding every
 * event, (2) a plain sequential read of the same bytes with {@link ChunkedFileInput} (the readers' I/O path) as the
 * baseline, and (3) decoding plus {@link FrameCounter} integration; optionally external {@link PeerCommand}s decoding
 * the same stream, interleaved with (1) and (2). Single-threaded; one reused batch.
 */
public final class EventsBenchmark {
  private final int runs;
  private final int frames;
  private final ReadOptions options;
  private long sink;
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
    return measure(input, List.of());
  }

  /**
   * Runs the three measurements on {@code input} and times each of {@code peers} on the same stream: after a warm-up
   * of each, timed run {@code i} is Neurospark's decode, then the plain read, then each peer once, so that load from
   * other processes falls on all of them alike. A peer that fails is reported with its error (the benchmark goes on).
   * The frame shape is the declared sensor, else the largest x/y seen plus one.
   */
  public BenchResult measure(BenchInput input, List<PeerCommand> peers) throws IOException {
    EventBatch batch = new EventBatch();
    long[] stats = new long[3]; // events, xMax, yMax
    decodeRun(input, batch, null, stats); // warm-up; also counts the stream
    long events = stats[0];
    readRun(input); // warm-up
    long bytes = input.bytesPerRun();
    String[] peerError = new String[peers.size()];
    long[] peerEvents = new long[peers.size()];
    double[][] peerS = new double[peers.size()][runs];
    for (int j = 0; j < peers.size(); j++) {
      peerError[j] = peerRun(peers.get(j), input, peerEvents, j, null, 0); // warm-up
    }
    double[] decodeS = new double[runs];
    double[] decodeC = new double[runs];
    double[] readS = new double[runs];
    double[] readC = new double[runs];
    for (int i = 0; i < runs; i++) {
      time(() -> decodeRun(input, batch, null, null), decodeS, decodeC, i);
      time(() -> readRun(input), readS, readC, i);
      for (int j = 0; j < peers.size(); j++) {
        if (peerError[j] == null) {
          peerError[j] = peerRun(peers.get(j), input, peerEvents, j, peerS[j], i);
        }
      }
    }
    double decodeMed = median(decodeS);
    double baselineMed = median(readS);
    RecordingInfo ri = input.info();
    boolean tr = options.transpose(); // the declared sensor, transposed with the events when the options say so
    int w = ri.hasSensorSize() ? (tr ? ri.height() : ri.width()) : (int) stats[1] + 1;
    int h = ri.hasSensorSize() ? (tr ? ri.width() : ri.height()) : (int) stats[2] + 1;
    FrameCounter counter = new FrameCounter(frames, h, w);
    decodeRun(input, batch, counter, null);
    double[] framesS = new double[runs];
    for (int i = 0; i < runs; i++) {
      time(() -> decodeRun(input, batch, counter, null), framesS, new double[runs], i);
    }
    double decodeEps = events / decodeMed;
    double baselineMbps = bytes / baselineMed / 1e6;
    List<PeerResult> peerResults = new ArrayList<>();
    for (int j = 0; j < peers.size(); j++) {
      String cmd = peers.get(j).template();
      if (peerError[j] != null) {
        peerResults.add(new PeerResult(cmd, 0, 0, 0, 0, 0, peerError[j]));
        continue;
      }
      double s = median(peerS[j]);
      double eps = peerEvents[j] / s;
      double mbps = Files.size(input.file()) / s / 1e6;
      double ratio = peerEvents[j] > 0 ? decodeEps / eps : baselineMbps / mbps;
      peerResults.add(new PeerResult(cmd, peerEvents[j], s, eps, mbps, ratio, null));
    }
    return new BenchResult(input.source().toString(), input.format().id(), events, bytes, decodeEps,
        bytes / decodeMed / 1e6, baselineMbps, events / median(framesS), events / median(decodeC),
        bytes / median(readC) / 1e6, input.repeated(), runs, frames, peerResults);
  }

  /** One run of a peer; returns null, or the error message that ends its measurement. */
  private static String peerRun(PeerCommand peer, BenchInput input, long[] events, int j, double[] s, int i) {
    try {
      PeerCommand.Timing t = peer.run(input.file(), input.format().id());
      events[j] = t.events();
      if (s != null) {
        s[i] = t.seconds();
      }
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  private interface Run {
    void run() throws IOException;
  }

  /** Times one run: wall-clock seconds into {@code wall[i]}, the thread's CPU seconds into {@code cpu[i]}. */
  private static void time(Run r, double[] wall, double[] cpu, int i) throws IOException {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    boolean cpuTime = mx.isCurrentThreadCpuTimeSupported();
    long c0 = cpuTime ? mx.getCurrentThreadCpuTime() : 0;
    long t0 = System.nanoTime();
    r.run();
    wall[i] = (System.nanoTime() - t0) / 1e9;
    cpu[i] = cpuTime ? (mx.getCurrentThreadCpuTime() - c0) / 1e9 : wall[i];
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
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
