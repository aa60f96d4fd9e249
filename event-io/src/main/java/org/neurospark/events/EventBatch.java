package org.neurospark.events;

import java.util.Arrays;

/**
 * A reusable columnar batch of address events (struct-of-arrays, no per-event objects).
 *
 * <p>Column meanings:
 * <ul>
 *   <li>{@code t} — timestamp in microseconds (µs), as the file format defines it (not rebased unless asked);</li>
 *   <li>{@code x} — pixel column, 0-based;</li>
 *   <li>{@code y} — pixel row, 0-based;</li>
 *   <li>{@code p} — polarity, 0 = OFF (decrease), 1 = ON (increase).</li>
 * </ul>
 * Only indices {@code [0, size())} are valid. Readers refill the same batch on every call, so a consumer that
 * keeps events beyond the next read must copy them ({@link #copy()}).
 */
public final class EventBatch {
  /** Default number of events per batch: 64 Ki events ≈ 1.1 MB of columns, small enough to stay in L2/L3. */
  public static final int DEFAULT_CAPACITY = 1 << 16;

  private long[] t;
  private int[] x;
  private int[] y;
  private byte[] p;
  private int size;

  /** A batch that holds up to {@code capacity} events. */
  public EventBatch(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    t = new long[capacity];
    x = new int[capacity];
    y = new int[capacity];
    p = new byte[capacity];
  }

  public EventBatch() {
    this(DEFAULT_CAPACITY);
  }

  /** Wraps existing columns (not copied); all arrays must hold at least {@code size} elements. */
  public static EventBatch wrap(long[] t, int[] x, int[] y, byte[] p, int size) {
    if (t.length < size || x.length < size || y.length < size || p.length < size) {
      throw new IllegalArgumentException("columns shorter than size " + size);
    }
    EventBatch b = new EventBatch(1);
    b.t = t;
    b.x = x;
    b.y = y;
    b.p = p;
    b.size = size;
    return b;
  }

  /** Timestamps in µs; valid for {@code [0, size())}. */
  public long[] t() {
    return t;
  }

  /** Pixel columns; valid for {@code [0, size())}. */
  public int[] x() {
    return x;
  }

  /** Pixel rows; valid for {@code [0, size())}. */
  public int[] y() {
    return y;
  }

  /** Polarities 0/1; valid for {@code [0, size())}. */
  public byte[] p() {
    return p;
  }

  /** Number of valid events. */
  public int size() {
    return size;
  }

  /** Maximum number of events this batch holds without growing. */
  public int capacity() {
    return t.length;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public boolean isFull() {
    return size == t.length;
  }

  /** Forgets all events (keeps the buffers). */
  public void clear() {
    size = 0;
  }

  /** Sets the number of valid events after a reader wrote the columns directly. */
  public void setSize(int size) {
    if (size < 0 || size > t.length) {
      throw new IllegalArgumentException("size " + size + " outside [0, " + t.length + "]");
    }
    this.size = size;
  }

  /** Appends one event; the caller checks {@link #isFull()} first. */
  public void add(long t, int x, int y, int p) {
    int i = size++;
    this.t[i] = t;
    this.x[i] = x;
    this.y[i] = y;
    this.p[i] = (byte) p;
  }

  /** Grows the columns so that at least {@code minCapacity} events fit (keeps the valid events). */
  public void ensureCapacity(int minCapacity) {
    if (minCapacity <= t.length) {
      return;
    }
    int n = Math.max(minCapacity, t.length + (t.length >> 1));
    t = Arrays.copyOf(t, n);
    x = Arrays.copyOf(x, n);
    y = Arrays.copyOf(y, n);
    p = Arrays.copyOf(p, n);
  }

  /** Appends all events of another batch, growing as needed. */
  public void addAll(EventBatch other) {
    ensureCapacity(size + other.size);
    System.arraycopy(other.t, 0, t, size, other.size);
    System.arraycopy(other.x, 0, x, size, other.size);
    System.arraycopy(other.y, 0, y, size, other.size);
    System.arraycopy(other.p, 0, p, size, other.size);
    size += other.size;
  }

  /** A compact, independent copy of the valid events. */
  public EventBatch copy() {
    EventBatch c = new EventBatch(Math.max(1, size));
    c.addAll(this);
    return c;
  }

  @Override
  public String toString() {
    return "EventBatch[size=" + size + ", capacity=" + t.length + "]";
  }
}
