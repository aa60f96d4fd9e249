package org.neurospark.events.transform;

import java.util.Arrays;
import org.neurospark.events.limits.MemoryBudget;
import org.neurospark.events.limits.ResourceLimitException;

/**
 * One {@code long} per pixel for per-pixel timestamps kept across batches, row-major with an optional border of
 * {@code pad} cells on every side holding {@code borderValue} (so neighbour look-ups need no bounds checks):
 * pixel (x, y) lives at {@code (y + pad) · stride + x + pad}. Sized to the sensor when known, otherwise grown
 * (geometrically) to the largest coordinates seen.
 */
final class PixelMemory {
  /** Largest memory grown for an undeclared sensor: 2^25 pixels (256 MiB), e.g. 8192 x 4096. */
  static final long MAX_CELLS = 1L << 25;

  private final long initial;
  private final long borderValue;
  private final boolean fixed;
  final int pad;
  long[] cells;
  int width;
  int height;
  int stride;

  PixelMemory(SensorSize sensor, long initial, int pad, long borderValue) {
    this.initial = initial;
    this.borderValue = borderValue;
    this.pad = pad;
    this.fixed = sensor.known();
    allocate(fixed ? sensor.width() : 0, fixed ? sensor.height() : 0);
  }

  PixelMemory(SensorSize sensor, long initial) {
    this(sensor, initial, 0, initial);
  }

  private void allocate(int w, int h) {
    long[] old = cells;
    int oldW = width;
    int oldH = height;
    int oldStride = stride;
    width = w;
    height = h;
    long cellCount = MemoryBudget.product((long) w + 2L * pad, (long) h + 2L * pad);
    if (cellCount < 0 || cellCount > Integer.MAX_VALUE - 8) {
      throw new ResourceLimitException("a per-pixel memory of " + w + " x " + h + " pixels has more than 2^31 cells;"
          + " check the sensor size");
    }
    MemoryBudget.require(cellCount * Long.BYTES, "a per-pixel memory of " + w + " x " + h + " pixels",
        "check the sensor size");
    stride = w + 2 * pad;
    cells = new long[(int) cellCount];
    fill();
    if (old != null) {
      for (int r = 0; r < oldH; r++) {
        System.arraycopy(old, (r + pad) * oldStride + pad, cells, (r + pad) * stride + pad, oldW);
      }
    }
  }

  private void fill() {
    Arrays.fill(cells, borderValue);
    for (int r = 0; r < height; r++) {
      int base = (r + pad) * stride + pad;
      Arrays.fill(cells, base, base + width, initial);
    }
  }

  void reset() {
    fill();
  }

  /** Index of pixel (x, y). */
  int index(int x, int y) {
    return (y + pad) * stride + x + pad;
  }

  /**
   * Makes sure every coordinate of {@code x[0..n)}, {@code y[0..n)} has a cell.
   *
   * @throws IllegalArgumentException naming the first event outside the sensor (or negative)
   */
  void cover(int[] x, int[] y, int n, String who) {
    int mx = -1;
    int my = -1;
    for (int i = 0; i < n; i++) {
      int xi = x[i];
      int yi = y[i];
      if (xi < 0 || yi < 0 || (fixed && (xi >= width || yi >= height))) {
        throw new IllegalArgumentException(who + ": event " + i + " of the batch at (x=" + xi + ", y=" + yi
            + ") lies outside the sensor " + width + "x" + height);
      }
      mx = Math.max(mx, xi);
      my = Math.max(my, yi);
    }
    if (!fixed && (mx >= width || my >= height)) {
      int nw = Math.max(mx + 1, width);
      int nh = Math.max(my + 1, height);
      if (mx >= width) {
        nw = Math.max(nw, width + (width >> 1));
      }
      if (my >= height) {
        nh = Math.max(nh, height + (height >> 1));
      }
      if ((long) (nw + 2 * pad) * (nh + 2 * pad) > MAX_CELLS) {
        throw new IllegalArgumentException(who + ": coordinates up to (" + mx + ", " + my + ") would need a pixel "
            + "memory of more than " + MAX_CELLS + " cells; give the sensor size");
      }
      allocate(nw, nh);
    }
  }
}
