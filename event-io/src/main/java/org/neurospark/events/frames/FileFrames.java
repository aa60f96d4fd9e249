package org.neurospark.events.frames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.format.numpy.NpyEventReader;
import org.neurospark.events.format.numpy.NpzEventReader;
import org.neurospark.events.io.EventFiles;

/**
 * Frame integration straight from a recording file, in memory bounded by the output (never the events):
 * <ul>
 *   <li>{@link #byFramesNumber}: two passes (one for {@code split_by='number'} on NumPy caches, whose headers
 *       state N) — a scan for N, {@code t[0]}, {@code t[N-1]} and sortedness, then the
 *       integration. (Unsorted timestamps with {@code split_by='time'} take one extra pass to find the slice
 *       ranges with SpikingJelly's mask semantics.) Memory: the T output frames.</li>
 *   <li>{@link #byDuration}: one streaming pass, emitting each frame to a {@link FrameSink} as soon as it is
 *       final. {@link DurationMode#SEED}: memory one frame. {@link DurationMode#UPSTREAM}: memory two frames
 *       (frame k-1 is held until the stream shows that the last grid cell does not merely hold events at exactly
 *       {@code t[0] + T·duration}, which upstream folds into the last frame); needs time-sorted events.</li>
 * </ul>
 * Results equal {@link FrameIntegrator} on the whole recording read into memory.
 */
public final class FileFrames {
  /** Events per read batch; tests lower it to exercise batch boundaries. */
  static volatile int batchCapacity = EventBatch.DEFAULT_CAPACITY;

  private FileFrames() {}

  /**
   * What one pass over a recording tells: N, first and last timestamps (µs), and whether timestamps never
   * decrease.
   */
  public record Scan(long events, long tFirst, long tLast, boolean sorted) {}

  /** The event count when the format's header states it (NumPy caches), else -1 (a scan is needed). */
  private static long knownEventCount(Path file, ReadOptions options) throws IOException {
    try (EventReader r = EventFiles.open(file, options)) {
      if (r instanceof NpzEventReader z) {
        return z.eventCount();
      }
      if (r instanceof NpyEventReader y) {
        return y.eventCount();
      }
    }
    return -1;
  }

  /** One pass over {@code file}: event count, first/last timestamps and sortedness. */
  public static Scan scan(Path file, ReadOptions options) throws IOException {
    long n = 0;
    long first = 0;
    long prev = Long.MIN_VALUE;
    boolean sorted = true;
    try (EventReader r = EventFiles.open(file, options)) {
      EventBatch b = new EventBatch(batchCapacity);
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
    long known = split == SplitBy.NUMBER ? knownEventCount(file, options) : -1;
    Scan scan = known >= 0 ? new Scan(known, 0, 0, true) : scan(file, options);
    Frames out = new Frames(frames, integrator.height(), integrator.width());
    FrameAccumulator acc = integrator.accumulator();
    acc.target(out.data(), frames);
    if (split == SplitBy.NUMBER) {
      integrateRanges(file, options, FrameIndex.byNumber(scan.events(), frames), acc);
    } else if (scan.events() == 0) {
      // all frames empty
    } else if (scan.tLast() < scan.tFirst()) {
      // SpikingJelly would compute a negative time step and put every event in the last frame
      throw new IllegalArgumentException(file + ": splitting by time needs the last event's time to be at or after"
          + " the first's, but the timestamps run backwards (first " + scan.tFirst() + " µs, last " + scan.tLast()
          + " µs); sort the events or split by number");
    } else if (scan.sorted()) {
      long dt = FrameIndex.timeStep(scan.tFirst(), scan.tLast(), frames);
      routeSorted(file, options, scan.tFirst(), dt, frames, acc);
    } else {
      long dt = FrameIndex.timeStep(scan.tFirst(), scan.tLast(), frames);
      TimeSliceIndexer ix = new TimeSliceIndexer(scan.tFirst(), dt, frames);
      try (EventReader r = EventFiles.open(file, options)) {
        EventBatch b = new EventBatch(batchCapacity);
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
      EventBatch b = new EventBatch(batchCapacity);
      long g = 0;
      while (r.read(b)) {
        int n = b.size();
        for (int i = 0; i < frames; i++) {
          long lo = Math.max(s.startAt(i), g);
          long hi = Math.min(s.endAt(i), g + n);
          if (lo < hi) {
            acc.add(i, b, (int) (lo - g), (int) (hi - g), g);
          }
        }
        g += n;
      }
    }
  }

  /**
   * Routes time-sorted events to frames by time boundaries {@code t0 + i·step} (frame index capped at
   * {@code frames - 1}), accumulating in place.
   */
  private static void routeSorted(Path file, ReadOptions options, long t0, long step, int frames,
      FrameAccumulator acc) throws IOException {
    int cur = 0;
    long g = 0;
    try (EventReader r = EventFiles.open(file, options)) {
      EventBatch b = new EventBatch(batchCapacity);
      while (r.read(b)) {
        long[] t = b.t();
        int n = b.size();
        int j = 0;
        while (j < n) {
          int k = cur < frames - 1 ? FrameIndex.lowerBound(t, j, n, t0 + (cur + 1) * step) : n;
          acc.add(cur, b, j, k, g);
          j = k;
          if (j < n) {
            cur++;
          }
        }
        g += n;
      }
    }
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
      return upstreamOnePass(file, options, durationUs, integrator, sink);
    }
    int emitted = 0;
    long g = 0;
    boolean open = false;
    long tl = 0;
    try (EventReader r = EventFiles.open(file, options)) {
      EventBatch b = new EventBatch(batchCapacity);
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
          acc.add(0, b, j, k, g);
          if (k < n) {
            single.emit(emitted++);
            open = false;
          }
          j = k;
        }
        g += n;
      }
    }
    if (open) {
      single.emit(emitted++);
    }
    return emitted;
  }

  /**
   * Upstream fixed duration in one pass: grid cells {@code k = (t - t[0]) // duration}; T = ceil(span / duration)
   * (1 when span = 0), so when span is an exact multiple of the duration the events of the final cell (all at
   * {@code t[0] + k·duration}) belong to frame k-1 — hence frame k-1 is held until that is ruled out.
   */
  private static int upstreamOnePass(Path file, ReadOptions options, long d, FrameIntegrator integrator,
      FrameSink sink) throws IOException {
    int fs = 2 * integrator.height() * integrator.width();
    float[] two = new float[2 * fs];
    FrameAccumulator acc = integrator.accumulator();
    acc.target(two, 2);
    int pend = 0; // slot of frame k-1 (valid when k >= 1)
    int cur = 1; // slot of cell k
    boolean started = false;
    boolean onlyCellStart = true; // every event of cell k so far has t == t0 + k·d
    long t0 = 0;
    long k = 0;
    long emitted = 0;
    long last = Long.MIN_VALUE;
    long seen = 0;
    try (EventReader r = EventFiles.open(file, options)) {
      EventBatch b = new EventBatch(batchCapacity);
      while (r.read(b)) {
        long[] t = b.t();
        int n = b.size();
        if (t[0] < last || !FrameIndex.isSorted(t, 0, n)) {
          throw new IllegalArgumentException(file + ": the upstream fixed-duration algorithm needs time-sorted"
              + " events; timestamps decrease near event " + (seen + firstDecrease(t, n, last)));
        }
        last = t[n - 1];
        seen += n;
        if (!started) {
          t0 = t[0];
          started = true;
        }
        int j = 0;
        while (j < n) {
          int e = FrameIndex.lowerBound(t, j, n, t0 + (k + 1) * d);
          if (e > j) {
            acc.add(cur, b, j, e, seen - n);
            onlyCellStart &= t[e - 1] == t0 + k * d;
          }
          j = e;
          if (j < n) {
            long next = (t[j] - t0) / d;
            // cells k .. next-1 are final now; frame next-1 becomes the held one
            if (k >= 1) {
              emit(acc, pend, sink, emitted++, two, fs);
            }
            if (next - 1 == k) {
              int tmp = pend;
              pend = cur;
              cur = tmp;
              acc.resetFrame(cur);
            } else {
              emit(acc, cur, sink, emitted++, two, fs); // cell k
              acc.resetFrame(cur);
              for (long c = k + 1; c < next - 1; c++) {
                emit(acc, cur, sink, emitted++, two, fs); // empty cells
              }
              acc.resetFrame(pend); // cell next-1 is empty and held
            }
            k = next;
            onlyCellStart = true;
          }
        }
      }
    }
    if (!started) {
      return 0;
    }
    if (k >= 1 && onlyCellStart) {
      acc.finishFrame(pend);
      acc.finishFrame(cur);
      for (int i = 0; i < fs; i++) {
        two[pend * fs + i] = (float) ((double) two[pend * fs + i] + two[cur * fs + i]);
      }
      emit(acc, pend, sink, emitted++, two, fs);
    } else {
      if (k >= 1) {
        emit(acc, pend, sink, emitted++, two, fs);
      }
      emit(acc, cur, sink, emitted++, two, fs);
    }
    if (emitted > Integer.MAX_VALUE) {
      throw new IllegalStateException("more than 2^31 frames");
    }
    return (int) emitted;
  }

  private static void emit(FrameAccumulator acc, int slot, FrameSink sink, long index, float[] two, int fs)
      throws IOException {
    acc.finishFrame(slot);
    sink.accept((int) index, two, slot * fs);
  }

  private static int firstDecrease(long[] t, int n, long last) {
    if (t[0] < last) {
      return 0;
    }
    for (int i = 1; i < n; i++) {
      if (t[i] < t[i - 1]) {
        return i;
      }
    }
    return n;
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
