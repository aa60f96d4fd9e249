package org.neurospark.events.frames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;

/**
 * Frame integration straight from a recording file, in memory bounded by the output (never the events):
 * <ul>
 *   <li>{@link #byFramesNumber}: two passes — a scan for N, {@code t[0]}, {@code t[N-1]} and sortedness, then the
 *       integration. (Unsorted timestamps with {@code split_by='time'} take one extra pass to find the slice
 *       ranges with SpikingJelly's mask semantics.) Memory: the T output frames.</li>
 *   <li>{@link #byDuration}: {@link DurationMode#SEED} streams in one pass, emitting each frame to a
 *       {@link FrameSink} as soon as it closes; memory: one frame. {@link DurationMode#UPSTREAM} needs a scan
 *       first (for {@code t[0]} and the frame count) and time-sorted events.</li>
 * </ul>
 * Results equal {@link FrameIntegrator} on the whole recording read into memory.
 */
public final class FileFrames {
  private FileFrames() {}

  /**
   * What one pass over a recording tells: N, first and last timestamps (µs), and whether timestamps never
   * decrease.
   */
  public record Scan(long events, long tFirst, long tLast, boolean sorted) {}

  /** One pass over {@code file}: event count, first/last timestamps and sortedness. */
  public static Scan scan(Path file, ReadOptions options) throws IOException {
    long n = 0;
    long first = 0;
    long prev = Long.MIN_VALUE;
    boolean sorted = true;
    try (EventReader r = EventFiles.open(file, options)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        long[] t = b.t();
        int k = b.size();
        if (n == 0) {
          first = t[0];
        }
        sorted &= t[0] >= prev && FrameIndex.isSorted(t, 0, k);
        prev = t[k - 1];
        n += k;
      }
    }
    return new Scan(n, first, n == 0 ? 0 : prev, sorted);
  }

  /**
   * {@code integrate_events_by_fixed_frames_number} over a file without holding its events.
   *
   * @return float32 {@code [frames, 2, H, W]} frames
   */
  public static Frames byFramesNumber(Path file, ReadOptions options, SplitBy split, int frames,
      FrameIntegrator integrator) throws IOException {
    FrameIndex.checkFrames(frames);
    Scan scan = scan(file, options);
    Frames out = new Frames(frames, integrator.height(), integrator.width());
    FrameAccumulator acc = integrator.accumulator();
    acc.target(out.data(), frames);
    if (split == SplitBy.NUMBER) {
      integrateRanges(file, options, FrameIndex.byNumber(scan.events(), frames), acc);
    } else if (scan.events() == 0) {
      // all frames empty
    } else if (scan.sorted()) {
      long dt = FrameIndex.timeStep(scan.tFirst(), scan.tLast(), frames);
      routeSorted(file, options, scan.tFirst(), dt, frames, acc, null);
    } else {
      long dt = FrameIndex.timeStep(scan.tFirst(), scan.tLast(), frames);
      TimeSliceIndexer ix = new TimeSliceIndexer(scan.tFirst(), dt, frames);
      try (EventReader r = EventFiles.open(file, options)) {
        EventBatch b = new EventBatch();
        long g = 0;
        while (r.read(b)) {
          ix.accept(b.t(), b.size(), g);
          g += b.size();
        }
      }
      integrateRanges(file, options, ix.finish(scan.events()), acc);
    }
    acc.finish(frames);
    return out;
  }

  /** Integrates arbitrary event-index ranges of a file (one streaming pass; memory: the output frames). */
  public static Frames integrate(Path file, ReadOptions options, Segments segments, FrameIntegrator integrator)
      throws IOException {
    Frames out = new Frames(segments.frames(), integrator.height(), integrator.width());
    FrameAccumulator acc = integrator.accumulator();
    acc.target(out.data(), segments.frames());
    integrateRanges(file, options, segments, acc);
    acc.finish(segments.frames());
    return out;
  }

  private static void integrateRanges(Path file, ReadOptions options, Segments s, FrameAccumulator acc)
      throws IOException {
    int frames = s.frames();
    try (EventReader r = EventFiles.open(file, options)) {
      EventBatch b = new EventBatch();
      long g = 0;
      while (r.read(b)) {
        int n = b.size();
        for (int i = 0; i < frames; i++) {
          long lo = Math.max(s.startAt(i), g);
          long hi = Math.min(s.endAt(i), g + n);
          if (lo < hi) {
            acc.add(i, b, (int) (lo - g), (int) (hi - g));
          }
        }
        g += n;
      }
    }
  }

  /**
   * Routes time-sorted events to frames by time boundaries {@code t0 + i·step} (frame index capped at
   * {@code frames - 1}). With a sink, each frame is emitted (and its buffer cleared) when the next begins, and the
   * accumulator must target a single frame; without, frames accumulate in place.
   */
  private static int routeSorted(Path file, ReadOptions options, long t0, long step, int frames,
      FrameAccumulator acc, SingleFrame sink) throws IOException {
    int cur = 0;
    try (EventReader r = EventFiles.open(file, options)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        long[] t = b.t();
        int n = b.size();
        int j = 0;
        while (j < n) {
          int k = cur < frames - 1 ? FrameIndex.lowerBound(t, j, n, t0 + (cur + 1) * step) : n;
          if (k > j) {
            if (sink == null) {
              acc.add(cur, b, j, k);
            } else {
              acc.add(0, b, j, k);
            }
          }
          j = k;
          if (j < n) {
            if (sink != null) {
              sink.emit(cur);
            }
            cur++;
          }
        }
      }
    }
    if (sink != null) {
      while (cur < frames) {
        sink.emit(cur++);
      }
    }
    return frames;
  }

  /**
   * {@code integrate_events_by_fixed_duration} over a file, streaming each frame to {@code sink} as it completes.
   *
   * @param durationUs frame duration in µs (> 0)
   * @return the number of frames emitted (0 for an empty recording)
   */
  public static int byDuration(Path file, ReadOptions options, long durationUs, DurationMode mode,
      FrameIntegrator integrator, FrameSink sink) throws IOException {
    FrameIndex.checkDuration(durationUs);
    int fs = 2 * integrator.height() * integrator.width();
    float[] frame = new float[fs];
    FrameAccumulator acc = integrator.accumulator();
    acc.target(frame, 1);
    SingleFrame single = new SingleFrame(frame, acc, sink);
    if (mode == DurationMode.UPSTREAM) {
      Scan scan = scan(file, options);
      if (scan.events() == 0) {
        return 0;
      }
      if (!scan.sorted()) {
        throw new IllegalArgumentException(file + ": the upstream fixed-duration algorithm needs time-sorted events");
      }
      int frames = FrameIndex.upstreamFrameCount(scan.tLast() - scan.tFirst(), durationUs);
      return routeSorted(file, options, scan.tFirst(), durationUs, frames, acc, single);
    }
    int emitted = 0;
    boolean open = false;
    long tl = 0;
    try (EventReader r = EventFiles.open(file, options)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        long[] t = b.t();
        int n = b.size();
        int j = 0;
        while (j < n) {
          if (!open) {
            tl = t[j];
            open = true;
          }
          int k = j;
          while (k < n && t[k] - tl <= durationUs) {
            k++;
          }
          acc.add(0, b, j, k);
          if (k < n) {
            single.emit(emitted++);
            open = false;
          }
          j = k;
        }
      }
    }
    if (open) {
      single.emit(emitted++);
    }
    return emitted;
  }

  /** One reusable frame buffer handed to a sink and cleared afterwards. */
  private static final class SingleFrame {
    final float[] frame;
    final FrameAccumulator acc;
    final FrameSink sink;

    SingleFrame(float[] frame, FrameAccumulator acc, FrameSink sink) {
      this.frame = frame;
      this.acc = acc;
      this.sink = sink;
    }

    void emit(int index) throws IOException {
      acc.finish(1);
      sink.accept(index, frame, 0);
      Arrays.fill(frame, 0f);
      acc.target(frame, 1);
    }
  }
}
