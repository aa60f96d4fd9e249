package org.neurospark.events.format.numpy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.neurospark.events.EventBatch;
import org.neurospark.events.npy.NpyDtype;
import org.neurospark.events.npy.NpyField;
import org.neurospark.events.npy.NpyHeader;
import org.neurospark.events.npy.NpyWriter;
import org.neurospark.events.npy.NpzWriter;

/**
 * Writes event columns as NumPy files that {@link NpyEventReader} / {@link NpzEventReader}, NumPy, tonic and
 * SpikingJelly read:
 * <ul>
 *   <li>{@link #open(Path)}: a streaming structured {@code .npy} with the packed record
 *       {@code [('t', '<i8'), ('x', '<u2'), ('y', '<u2'), ('p', '|u1')]} (13 bytes per event), constant memory;</li>
 *   <li>{@link #writeNpz}: SpikingJelly's {@code events_np} layout, arrays {@code t} (int64 µs), {@code x},
 *       {@code y} (uint16) and {@code p} (uint8), stored or deflated, from in-memory columns.</li>
 * </ul>
 * Coordinates must fit uint16 (0 … 65535).
 */
public final class NumpyEventWriter implements Closeable {
  /** The structured record written by {@link #open(Path)}. */
  public static final List<NpyField> RECORD = List.of(new NpyField("t", NpyDtype.INT64, 0),
      new NpyField("x", NpyDtype.UINT16, 8), new NpyField("y", NpyDtype.UINT16, 10),
      new NpyField("p", NpyDtype.UINT8, 12));
  /** Bytes per record. */
  public static final int RECORD_BYTES = 13;

  private final NpyWriter out;
  private byte[] buf = new byte[0];
  private long events;

  private NumpyEventWriter(NpyWriter out) {
    this.out = out;
  }

  /** Starts a structured {@code .npy} event file; call {@link #close()} to finish its header. */
  public static NumpyEventWriter open(Path file) throws IOException {
    return new NumpyEventWriter(NpyWriter.open(file, NpyHeader.structured(RECORD, RECORD_BYTES, 0)));
  }

  /** Appends the events of {@code batch}. */
  public void write(EventBatch batch) throws IOException {
    int n = batch.size();
    if (buf.length < n * RECORD_BYTES) {
      buf = new byte[n * RECORD_BYTES];
    }
    long[] t = batch.t();
    int[] x = batch.x();
    int[] y = batch.y();
    byte[] p = batch.p();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      checkCoordinate(x[i], y[i], events + i);
      int o = i * RECORD_BYTES;
      b.putLong(o, t[i]);
      b.putShort(o + 8, (short) x[i]);
      b.putShort(o + 10, (short) y[i]);
      buf[o + 12] = p[i];
    }
    out.writeBytes(buf, 0, n * RECORD_BYTES);
    events += n;
  }

  /** Events written so far. */
  public long events() {
    return events;
  }

  /** Rewrites the header with the final event count and closes the file. */
  @Override
  public void close() throws IOException {
    try {
      out.finish(events);
    } finally {
      out.close();
    }
  }

  /** Writes the events of {@code events} as a SpikingJelly-style {@code .npz} (keys t, x, y, p). */
  public static void writeNpz(Path file, EventBatch events, boolean compressed) throws IOException {
    int n = events.size();
    java.nio.ByteBuffer t = java.nio.ByteBuffer.allocate(8 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.ByteBuffer x = java.nio.ByteBuffer.allocate(2 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.ByteBuffer y = java.nio.ByteBuffer.allocate(2 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      checkCoordinate(events.x()[i], events.y()[i], i);
      t.putLong(events.t()[i]);
      x.putShort((short) events.x()[i]);
      y.putShort((short) events.y()[i]);
      p[i] = events.p()[i];
    }
    try (NpzWriter z = new NpzWriter(file, compressed)) {
      z.add("t", NpyHeader.of(NpyDtype.INT64, n), t.array());
      z.add("x", NpyHeader.of(NpyDtype.UINT16, n), x.array());
      z.add("y", NpyHeader.of(NpyDtype.UINT16, n), y.array());
      z.add("p", NpyHeader.of(NpyDtype.UINT8, n), p);
    }
  }

  private static void checkCoordinate(int x, int y, long index) {
    if ((x | y) < 0 || x > 0xFFFF || y > 0xFFFF) {
      throw new IllegalArgumentException("event " + index + ": coordinates (" + x + ", " + y
          + ") do not fit uint16");
    }
  }
}
