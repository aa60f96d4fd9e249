package org.neurospark.spark.frames;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.neurospark.events.EventBatch;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.Frames;

/**
 * Executor side of {@code frames}: consumes event rows ({@code sample_id, t, x, y, p}) grouped by sample and in
 * file order, and yields one frames row per sample, integrated by event-io's {@link FrameIntegrator}.
 */
final class FrameBuilder implements Iterator<Row> {
  private final Iterator<Row> in;
  private final Map<String, SampleShape> shapes;
  private final FramesOptions o;
  private final LongAccumulator frames;
  private final LongAccumulator events;
  private final LongAccumulator bytes;
  private final LongAccumulator samples;
  private final EventBatch batch = new EventBatch(1 << 12);
  private Row pendingRow;
  private Row next;

  FrameBuilder(Iterator<Row> in, Map<String, SampleShape> shapes, FramesOptions o, LongAccumulator frames,
      LongAccumulator events, LongAccumulator bytes, LongAccumulator samples) {
    this.in = in;
    this.shapes = shapes;
    this.o = o;
    this.frames = frames;
    this.events = events;
    this.bytes = bytes;
    this.samples = samples;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    Row first = pendingRow != null ? pendingRow : (in.hasNext() ? in.next() : null);
    pendingRow = null;
    if (first == null) {
      return false;
    }
    String id = first.getString(0);
    batch.clear();
    add(first);
    while (in.hasNext()) {
      Row r = in.next();
      if (!id.equals(r.getString(0))) {
        pendingRow = r;
        break;
      }
      add(r);
    }
    SampleShape s = shapes.get(id);
    if (s == null) {
      throw new IllegalStateException("events table holds sample '" + id + "' that the samples table does not list");
    }
    if (s.events() != batch.size()) {
      throw new IllegalStateException("sample '" + id + "': samples table says " + s.events()
          + " events, events table holds " + batch.size() + " (tables out of step; re-run ingest)");
    }
    next = integrate(id, s, batch, o);
    events.add(batch.size());
    samples.add(1);
    frames.add(next.getInt(3));
    bytes.add(o.storage() == FrameStorage.DENSE ? ((byte[]) next.get(6)).length
        : ((byte[]) next.get(7)).length + ((byte[]) next.get(8)).length);
    return true;
  }

  private void add(Row r) {
    if (batch.isFull()) {
      batch.ensureCapacity(batch.capacity() * 2);
    }
    batch.add(r.getLong(1), r.getShort(2), r.getShort(3), r.getByte(4));
  }

  /** The frames row of one sample (also used on the driver for samples without events). */
  static Row integrate(String id, SampleShape s, EventBatch b, FramesOptions o) {
    FrameIntegrator fi = new FrameIntegrator(s.height(), s.width());
    Frames f;
    try {
      f = o.frames() > 0 ? fi.byFramesNumber(b, o.splitBy(), o.frames())
          : fi.byDuration(b, o.durationUs(), o.durationMode());
    } catch (RuntimeException e) {
      throw new IllegalStateException("sample '" + id + "' (" + s.width() + " x " + s.height() + " sensor): "
          + e.getMessage(), e);
    }
    return FrameRows.row(id, s, f, o.storage());
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row r = next;
    next = null;
    return r;
  }
}
