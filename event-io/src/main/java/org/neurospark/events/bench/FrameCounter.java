package org.neurospark.events.bench;

import org.neurospark.events.EventBatch;
import org.neurospark.events.frames.SegmentIntegrator;

/**
 * Counts a stream of events into frames {@code [T, 2, H, W]} with SpikingJelly's {@code split_by='number'}
 * semantics ({@code integrate_events_by_fixed_frames_number}): with N events, {@code di = N / T}; frame f gets events
 * {@code [f·di, (f+1)·di)} and the last frame also the remainder; each event adds 1 at {@code [f, p, y, x]}.
 * The frame buffer is reused between streams.
 *
 * <p>The counting itself is the frames package's {@link SegmentIntegrator#COUNT}, so the benchmark measures the
 * integrator users get; this class only walks the streaming segment boundaries.
 */
public final class FrameCounter {
  private final int frames;
  private final int height;
  private final int width;
  private final float[] counts;
  private long total;
  private long seen;

  /**
   * @param frames T, number of frames
   * @param height H, sensor rows
   * @param width W, sensor columns
   */
  public FrameCounter(int frames, int height, int width) {
    long size = 2L * frames * height * width;
    if (frames <= 0 || height <= 0 || width <= 0 || size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("bad frame shape T=" + frames + " H=" + height + " W=" + width);
    }
    this.frames = frames;
    this.height = height;
    this.width = width;
    this.counts = new float[(int) size];
  }

  /** Starts a new stream of {@code totalEvents} events (N) and zeroes the frames. */
  public void start(long totalEvents) {
    java.util.Arrays.fill(counts, 0f);
    total = totalEvents;
    seen = 0;
  }

  /** Adds the next events of the stream; x must be in [0, W), y in [0, H). */
  public void add(EventBatch b) {
    int n = b.size();
    int hw = height * width;
    long di = total / frames;
    int i = 0;
    while (i < n) {
      long g = seen + i;
      int f = di == 0 ? frames - 1 : (int) Math.min(g / di, frames - 1);
      int segEnd = f == frames - 1 ? n : (int) Math.min(n, (f + 1) * di - seen);
      SegmentIntegrator.COUNT.integrate(b, i, segEnd, counts, f * 2 * hw, height, width);
      i = segEnd;
    }
    seen += n;
  }

  /** The frames, {@code [T, 2, H, W]} row-major. */
  public float[] counts() {
    return counts;
  }
}
