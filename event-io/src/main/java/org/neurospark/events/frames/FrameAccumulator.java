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
  private final long floatLimit;

  FrameAccumulator(SegmentIntegrator integrator, int height, int width) {
    this(integrator, height, width, FLOAT_EXACT_EVENTS);
  }

  /** {@code floatLimit}: events per frame after which counting moves to long counters (tests lower it). */
  FrameAccumulator(SegmentIntegrator integrator, int height, int width, long floatLimit) {
    this.floatLimit = floatLimit;
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

  /**
   * Adds events {@code [from, to)} of {@code b} to frame {@code f}; an {@link EventOutsideSensorException} is
   * re-thrown with the event's index shifted by {@code globalOffset} (its index in the recording).
   */
  void add(int f, EventBatch b, int from, int to, long globalOffset) {
    try {
      add(f, b, from, to);
    } catch (EventOutsideSensorException e) {
      if (globalOffset == 0) {
        throw e;
      }
      int i = (int) e.index();
      long g = globalOffset + i;
      throw new EventOutsideSensorException(g, CountIntegrator.describe(g, b.t()[i], b.x()[i], b.y()[i], height,
          width));
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
    if (ex == null && events[f] + len > floatLimit) {
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

  /** Writes frame {@code f} back to float32 if it was long-counted (see {@link #finish}). */
  void finishFrame(int f) {
    long[] ex = exact[f];
    if (ex != null) {
      int off = f * frameSize;
      for (int i = 0; i < frameSize; i++) {
        data[off + i] = (float) ex[i];
      }
      exact[f] = null;
    }
  }

  /** Zeroes frame {@code f} and its counters so it can take a new segment. */
  void resetFrame(int f) {
    java.util.Arrays.fill(data, f * frameSize, (f + 1) * frameSize, 0f);
    events[f] = 0;
    exact[f] = null;
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
