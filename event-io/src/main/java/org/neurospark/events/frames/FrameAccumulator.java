package org.neurospark.events.frames;

import org.neurospark.events.EventBatch;

/**
 * Adds event runs into the frames of a float array through a {@link SegmentIntegrator}. For
 * {@link SegmentIntegrator#COUNT} it keeps each frame bit-exact with SpikingJelly (which counts in int64 and casts
 * to float32 at the end): a frame stays in float32 while it has received at most 2^24 events (so no pixel can pass
 * 2^24, below which float increments are exact), and is moved to long counters beyond that; {@link #finish}
 * writes those back with float32 rounding.
 */
final class FrameAccumulator {
  static final long FLOAT_EXACT_EVENTS = 1L << 24;

  private final SegmentIntegrator integrator;
  private final boolean counting;
  private final int height;
  private final int width;
  private final int frameSize;
  private float[] data;
  private long[] events;
  private long[][] exact;

  FrameAccumulator(SegmentIntegrator integrator, int height, int width) {
    this.integrator = integrator;
    this.counting = integrator == SegmentIntegrator.COUNT;
    this.height = height;
    this.width = width;
    this.frameSize = 2 * height * width;
  }

  /** Targets {@code frames} frames stored in {@code data} (already zeroed). */
  void target(float[] data, int frames) {
    this.data = data;
    if (events == null || events.length < frames) {
      events = new long[frames];
      exact = new long[frames][];
    } else {
      java.util.Arrays.fill(events, 0, frames, 0);
      java.util.Arrays.fill(exact, 0, frames, null);
    }
  }

  /** Adds events {@code [from, to)} of {@code b} to frame {@code f}. */
  void add(int f, EventBatch b, int from, int to) {
    if (from >= to) {
      return;
    }
    int len = to - from;
    if (!counting) {
      integrator.integrate(b, from, to, data, f * frameSize, height, width);
      return;
    }
    long[] ex = exact[f];
    if (ex == null && events[f] + len > FLOAT_EXACT_EVENTS) {
      ex = new long[frameSize];
      int off = f * frameSize;
      for (int i = 0; i < frameSize; i++) {
        ex[i] = (long) data[off + i];
      }
      exact[f] = ex;
    }
    if (ex != null) {
      CountIntegrator.integrateExact(b, from, to, ex, height, width);
    } else {
      integrator.integrate(b, from, to, data, f * frameSize, height, width);
    }
    events[f] += len;
  }

  /** Events added to frame {@code f} so far. */
  long events(int f) {
    return events[f];
  }

  /** Writes long-counted frames back as float32 (round to nearest, like {@code astype(np.float32)}). */
  void finish(int frames) {
    for (int f = 0; f < frames; f++) {
      long[] ex = exact[f];
      if (ex != null) {
        int off = f * frameSize;
        for (int i = 0; i < frameSize; i++) {
          data[off + i] = (float) ex[i];
        }
        exact[f] = null;
      }
    }
  }
}
