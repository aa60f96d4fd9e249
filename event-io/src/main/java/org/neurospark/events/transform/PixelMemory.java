package org.neurospark.events.transform;

import java.util.Arrays;

/**
 * One {@code long} per pixel, row-major ({@code index = y · width + x}), for per-pixel timestamps kept across
 * batches. Sized to the sensor when known, otherwise grown (geometrically) to the largest coordinates seen.
 */
final class PixelMemory {
  private final long initial;
  private final boolean fixed;
  long[] cells;
  int width;
  int height;

  PixelMemory(SensorSize sensor, long initial) {
    this.initial = initial;
    this.fixed = sensor.known();
    width = fixed ? sensor.width() : 0;
    height = fixed ? sensor.height() : 0;
    cells = new long[width * height];
    Arrays.fill(cells, initial);
  }

  void reset() {
    Arrays.fill(cells, initial);
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
      long[] c = new long[nw * nh];
      Arrays.fill(c, initial);
      for (int r = 0; r < height; r++) {
        System.arraycopy(cells, r * width, c, r * nw, width);
      }
      cells = c;
      width = nw;
      height = nh;
    }
  }
}
