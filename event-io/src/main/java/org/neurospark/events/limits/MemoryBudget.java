package org.neurospark.events.limits;

import java.util.Locale;

/**
 * Checks a planned allocation against the heap: an allocation of {@code bytes} is allowed when it is at most
 * {@link #FRACTION} of {@link Runtime#maxMemory()} (the rest is left to buffers, copies and the JVM). Stateless.
 */
public final class MemoryBudget {
  /** Share of the maximum heap one planned allocation may take. */
  public static final double FRACTION = 0.5;

  /** Bytes one event takes in an {@link org.neurospark.events.EventBatch} (t long, x int, y int, p byte). */
  public static final int EVENT_BYTES = 17;

  private MemoryBudget() {}

  /** The largest single allocation allowed, in bytes. */
  public static long maxAllocation() {
    return (long) (Runtime.getRuntime().maxMemory() * FRACTION);
  }

  /**
   * Throws unless {@code bytes} (which may be negative when an overflow was detected, meaning "more than
   * {@link Long#MAX_VALUE}") fits {@link #maxAllocation()}.
   *
   * @param what what would be allocated and why, e.g. {@code "frames of 30000 x 30000 pixels"}
   * @param hint how to proceed, e.g. {@code "lower --width/--height"}, or null
   */
  public static void require(long bytes, String what, String hint) {
    long max = maxAllocation();
    if (bytes < 0 || bytes > max) {
      throw new ResourceLimitException(String.format(Locale.ROOT,
          "%s would need %s of memory; the heap allows %s (maximum heap %s%s)%s", what,
          bytes < 0 ? "more than 8 EiB" : human(bytes), human(max), human(Runtime.getRuntime().maxMemory()),
          ", raise it with NEUROSPARK_JAVA_OPTS=-Xmx...", hint == null ? "" : "; " + hint));
    }
  }

  /** {@code a * b * ...} or -1 when the product overflows a long (all factors must be ≥ 0). */
  public static long product(long... factors) {
    long r = 1;
    for (long f : factors) {
      if (f < 0) {
        throw new IllegalArgumentException("negative size factor " + f);
      }
      try {
        r = Math.multiplyExact(r, f);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return r;
  }

  /** Bytes as "1.5 GiB". */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] u = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < u.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
  }
}
