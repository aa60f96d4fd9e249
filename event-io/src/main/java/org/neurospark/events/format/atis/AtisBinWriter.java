package org.neurospark.events.format.atis;

/**
 * Encodes events as N-MNIST / N-Caltech101 ATIS ".bin" records, the exact inverse of {@link AtisBinReader}:
 * headerless 40-bit records {@code x:8 | y:8 | p:1 | t:23} (big-endian bit order), timestamps in µs.
 *
 * <p>Timestamps that do not fit 23 bits (≥ 2^23 µs ≈ 8.39 s) are written with the dataset authors' overflow
 * convention that the reader undoes: a record with {@code y == 240} ({@link AtisBinReader#OVERFLOW_MARKER_Y}, all
 * other bits 0) adds {@link AtisBinReader#OVERFLOW_STEP_US} (2^13 µs) to every later timestamp. The writer emits
 * markers only when a timestamp would not fit otherwise, so recordings shorter than 2^23 µs (all of N-MNIST) hold no
 * markers.
 *
 * <p>Because markers accumulate, timestamps must be non-decreasing once a marker was written; the writer demands
 * non-decreasing timestamps throughout (as every ATIS recording stores them). Pure encoder, no I/O: the caller owns
 * the destination (see {@code org.neurospark.events.simulate.NmnistSimulator} for atomic file writes).
 */
public final class AtisBinWriter {
  /** The largest raw 23-bit timestamp, µs. */
  public static final long MAX_RAW_TIMESTAMP_US = (1L << 23) - 1;

  private AtisBinWriter() {}

  /**
   * The encoded size in bytes of {@code n} events whose timestamps are {@code t[0..n)} (µs, non-decreasing):
   * {@code 5 × (n + overflow markers)}.
   *
   * @throws IllegalArgumentException on a negative or decreasing timestamp
   */
  public static int encodedSize(long[] t, int n) {
    long markers = markersBefore(t, n);
    long bytes = (n + markers) * AtisBinReader.RECORD_BYTES;
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("recording too large for one array: " + bytes + " bytes");
    }
    return (int) bytes;
  }

  private static long markersBefore(long[] t, int n) {
    long ovf = 0;
    long markers = 0;
    long prev = 0;
    for (int i = 0; i < n; i++) {
      long ti = t[i];
      checkTime(ti, prev, i);
      prev = ti;
      if (ti - ovf > MAX_RAW_TIMESTAMP_US) {
        long k = (ti - ovf - MAX_RAW_TIMESTAMP_US + AtisBinReader.OVERFLOW_STEP_US - 1) / AtisBinReader.OVERFLOW_STEP_US;
        markers += k;
        ovf += k * AtisBinReader.OVERFLOW_STEP_US;
      }
    }
    return markers;
  }

  private static void checkTime(long ti, long prev, int i) {
    if (ti < 0) {
      throw new IllegalArgumentException("event " + i + ": negative timestamp " + ti + " µs");
    }
    if (ti < prev) {
      throw new IllegalArgumentException("event " + i + ": timestamp " + ti + " µs is before the previous one ("
          + prev + " µs); ATIS records need non-decreasing timestamps");
    }
  }

  /**
   * Encodes events {@code [0, n)} into a new array of {@link #encodedSize} bytes.
   *
   * @param t timestamps, µs, non-decreasing, ≥ 0
   * @param x columns, pixels, 0..255
   * @param y rows, pixels, 0..255 except 240 (reserved for the overflow marker)
   * @param p polarity, 0 or 1 (the record's polarity bit as the reader returns it)
   * @throws IllegalArgumentException naming the event index when a value does not fit the format
   */
  public static byte[] encode(long[] t, int[] x, int[] y, byte[] p, int n) {
    byte[] out = new byte[encodedSize(t, n)];
    int pos = 0;
    long ovf = 0;
    for (int i = 0; i < n; i++) {
      int xi = x[i];
      int yi = y[i];
      int pi = p[i];
      if (xi < 0 || xi > 255) {
        throw new IllegalArgumentException("event " + i + ": x = " + xi + " outside 0..255");
      }
      if (yi < 0 || yi > 255 || yi == AtisBinReader.OVERFLOW_MARKER_Y) {
        throw new IllegalArgumentException("event " + i + ": y = " + yi
            + " outside 0..255 or equal to the overflow marker row 240");
      }
      if (pi != 0 && pi != 1) {
        throw new IllegalArgumentException("event " + i + ": polarity " + pi + " is not 0 or 1");
      }
      long raw = t[i] - ovf;
      while (raw > MAX_RAW_TIMESTAMP_US) {
        out[pos + 1] = (byte) AtisBinReader.OVERFLOW_MARKER_Y; // x = 0, p = 0, t = 0
        pos += AtisBinReader.RECORD_BYTES;
        ovf += AtisBinReader.OVERFLOW_STEP_US;
        raw -= AtisBinReader.OVERFLOW_STEP_US;
      }
      out[pos] = (byte) xi;
      out[pos + 1] = (byte) yi;
      out[pos + 2] = (byte) ((pi << 7) | (int) (raw >>> 16));
      out[pos + 3] = (byte) (raw >>> 8);
      out[pos + 4] = (byte) raw;
      pos += AtisBinReader.RECORD_BYTES;
    }
    return out;
  }
}
