package org.neurospark.events.transform;

import java.util.Arrays;
import org.neurospark.events.EventBatch;

/**
 * Stable in-place sort of a batch's events by timestamp, with reusable scratch buffers (one instance per thread).
 * Nearly sorted input (time jitter, merged noise) is finished by insertion sort in O(n + moves); when the moves
 * exceed {@link #INSERTION_BUDGET}·n it switches to a key sort: keys pack {@code (t − tMin) << bits | index} into a
 * long, sorted by an LSD radix sort (11 bits a pass), so equal timestamps keep their order either way.
 */
public final class EventSort {
  private long[] keys = new long[0];
  private long[] keys2 = new long[0];
  private final int[] counts = new int[1 << RADIX_BITS];
  private long[] tt = new long[0];
  private int[] xx = new int[0];
  private int[] yy = new int[0];
  private byte[] pp = new byte[0];

  /** True when {@code t[0..n)} is non-decreasing. */
  public static boolean isSorted(long[] t, int n) {
    for (int i = 1; i < n; i++) {
      if (t[i] < t[i - 1]) {
        return false;
      }
    }
    return true;
  }

  private static final int RADIX_BITS = 11;

  /** Element moves per event that insertion sort may spend before the key sort takes over. */
  public static final int INSERTION_BUDGET = 8;

  /** Sorts the batch by {@code t}, stably. */
  public void sortByTime(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    if (isSorted(t, n) || insertionSort(b)) {
      return;
    }
    keySort(b);
  }

  /** Insertion sort within a move budget; false when it gave up (the batch is then partly sorted, still valid). */
  private static boolean insertionSort(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    long budget = (long) INSERTION_BUDGET * n;
    for (int i = 1; i < n; i++) {
      long ti = t[i];
      if (ti >= t[i - 1]) {
        continue;
      }
      int xi = x[i];
      int yi = y[i];
      byte pi = p[i];
      int j = i - 1;
      while (j >= 0 && t[j] > ti) {
        t[j + 1] = t[j];
        x[j + 1] = x[j];
        y[j + 1] = y[j];
        p[j + 1] = p[j];
        j--;
      }
      t[j + 1] = ti;
      x[j + 1] = xi;
      y[j + 1] = yi;
      p[j + 1] = pi;
      budget -= i - 1 - j;
      if (budget < 0) {
        return false;
      }
    }
    return true;
  }

  /** LSD radix sort of {@code keys[0..n)} (non-negative, {@code keyBits} significant bits), 11 bits per pass. */
  private void radixSort(int n, int keyBits) {
    long[] a = keys;
    long[] b = keys2;
    int[] c = counts;
    int mask = (1 << RADIX_BITS) - 1;
    for (int shift = 0; shift < keyBits; shift += RADIX_BITS) {
      Arrays.fill(c, 0);
      for (int i = 0; i < n; i++) {
        c[(int) (a[i] >>> shift) & mask]++;
      }
      int sum = 0;
      for (int d = 0; d < c.length; d++) {
        int v = c[d];
        c[d] = sum;
        sum += v;
      }
      for (int i = 0; i < n; i++) {
        long k = a[i];
        b[c[(int) (k >>> shift) & mask]++] = k;
      }
      long[] tmp = a;
      a = b;
      b = tmp;
    }
    if (a != keys) {
      System.arraycopy(a, 0, keys, 0, n);
    }
  }

  private void keySort(EventBatch b) {
    int n = b.size();
    long[] t = b.t();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, t[i]);
      max = Math.max(max, t[i]);
    }
    int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
    long range = max - min;
    if (range < 0 || (64 - Long.numberOfLeadingZeros(range)) + bits > 63) {
      throw new IllegalArgumentException("time range " + min + ".." + max + " µs too wide to sort " + n + " events");
    }
    if (keys.length < n) {
      int c = Math.max(n, keys.length * 3 / 2);
      keys = new long[c];
      keys2 = new long[c];
      tt = new long[c];
      xx = new int[c];
      yy = new int[c];
      pp = new byte[c];
    }
    for (int i = 0; i < n; i++) {
      keys[i] = ((t[i] - min) << bits) | i;
    }
    radixSort(n, (64 - Long.numberOfLeadingZeros(range)) + bits);
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    System.arraycopy(t, 0, tt, 0, n);
    System.arraycopy(x, 0, xx, 0, n);
    System.arraycopy(y, 0, yy, 0, n);
    System.arraycopy(p, 0, pp, 0, n);
    long mask = (1L << bits) - 1;
    for (int i = 0; i < n; i++) {
      int j = (int) (keys[i] & mask);
      t[i] = tt[j];
      x[i] = xx[j];
      y[i] = yy[j];
      p[i] = pp[j];
    }
  }
}
