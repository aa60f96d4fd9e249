package org.neurospark.events.frames;

import java.util.Arrays;

/**
 * Integrated frames: float32 {@code [T, 2, H, W]} in C order, exactly SpikingJelly's layout — channel 0 counts
 * OFF events ({@code p == 0}), channel 1 ON events, pixel {@code [c, y, x]} with y the row and x the column.
 * The backing array may be longer than {@code T·2·H·W} when the object is reused for fewer frames.
 */
public final class Frames {
  private float[] data;
  private int frames;
  private final int height;
  private final int width;

  /** Zeroed frames {@code [frames, 2, height, width]}. */
  public Frames(int frames, int height, int width) {
    if (frames < 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException("bad frames shape [" + frames + ", 2, " + height + ", " + width + "]");
    }
    this.height = height;
    this.width = width;
    this.frames = frames;
    this.data = new float[checkedLength(frames, height, width)];
  }

  private static int checkedLength(int frames, int height, int width) {
    long n = (long) frames * 2 * height * width;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("frames [" + frames + ", 2, " + height + ", " + width + "] exceed 2^31"
          + " floats; use the streaming fixed-duration API or fewer frames");
    }
    return (int) n;
  }

  /**
   * Returns {@code reuse} re-shaped to {@code frames} and zeroed when it has the same H, W and enough capacity,
   * else a new instance.
   */
  public static Frames reuseOrCreate(Frames reuse, int frames, int height, int width) {
    if (reuse != null && reuse.height == height && reuse.width == width
        && reuse.data.length >= checkedLength(frames, height, width)) {
      reuse.frames = frames;
      Arrays.fill(reuse.data, 0, reuse.size(), 0f);
      return reuse;
    }
    return new Frames(frames, height, width);
  }

  /** T. */
  public int frames() {
    return frames;
  }

  /** H (rows). */
  public int height() {
    return height;
  }

  /** W (columns). */
  public int width() {
    return width;
  }

  /** Floats per frame: {@code 2·H·W}. */
  public int frameSize() {
    return 2 * height * width;
  }

  /** Valid floats: {@code T·2·H·W}. */
  public int size() {
    return frames * frameSize();
  }

  /** Shape {@code [T, 2, H, W]}. */
  public long[] shape() {
    return new long[] {frames, 2, height, width};
  }

  /** The backing array; valid elements are {@code [0, size())}, frame {@code i} starts at {@code i·frameSize()}. */
  public float[] data() {
    return data;
  }

  /** Value at {@code [t, c, y, x]}. */
  public float get(int t, int c, int y, int x) {
    return data[((t * 2 + c) * height + y) * width + x];
  }

  /** Sum of all values (event count for count frames). */
  public double total() {
    double s = 0;
    for (int i = 0, n = size(); i < n; i++) {
      s += data[i];
    }
    return s;
  }

  /** A copy of the valid values. */
  public float[] toArray() {
    return Arrays.copyOf(data, size());
  }

  @Override
  public String toString() {
    return "Frames" + Arrays.toString(shape());
  }
}
