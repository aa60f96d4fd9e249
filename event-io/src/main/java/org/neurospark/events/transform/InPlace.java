package org.neurospark.events.transform;

/**
 * The row moves of transforms that rewrite a batch in place: an event is written to row {@code k} of the
 * batch's columns (t µs, x, y pixels, p). Static and tiny, so the JIT inlines them into each filter's loop.
 */
final class InPlace {
  private InPlace() {}

  /** Copies event {@code i} to row {@code k}. */
  static void move(long[] t, int[] x, int[] y, byte[] p, int i, int k) {
    t[k] = t[i];
    x[k] = x[i];
    y[k] = y[i];
    p[k] = p[i];
  }

  /** Writes the event {@code (ti, xi, yi, pi)} to row {@code k}. */
  static void put(long[] t, int[] x, int[] y, byte[] p, int k, long ti, int xi, int yi, byte pi) {
    t[k] = ti;
    x[k] = xi;
    y[k] = yi;
    p[k] = pi;
  }
}
