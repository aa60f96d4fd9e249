package org.neurospark.spark.frames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.neurospark.events.EventBatch;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.Frames;
import org.neurospark.spark.tables.EventsFileReader;

/**
 * Executor side of {@code frames}: reads whole {@code events} data files ({@link EventsFileReader}, column by
 * column, in file order) and yields one frames row per sample, integrated by event-io's {@link FrameIntegrator}.
 * Ingest writes each sample contiguously into exactly one data file, so a task that reads whole files sees whole
 * samples: no shuffle. Every sample's event count is checked against the samples table, so a sample split across
 * files (or rows out of step with {@code samples}) is an error, never a partial frame.
 */
final class FrameBuilder implements Iterator<Row>, AutoCloseable {
  private final Iterator<String> files;
  private final Configuration conf;
  private final Map<String, SampleShape> shapes;
  private final FramesOptions o;
  private final LongAccumulator frames;
  private final LongAccumulator events;
  private final LongAccumulator bytes;
  private final LongAccumulator samples;
  private final EventBatch batch = new EventBatch(1 << 12);
  private EventsFileReader reader;
  private String file;
  private Row next;

  FrameBuilder(Iterator<String> files, Configuration conf, Map<String, SampleShape> shapes, FramesOptions o,
      LongAccumulator frames, LongAccumulator events, LongAccumulator bytes, LongAccumulator samples) {
    this.files = files;
    this.conf = conf;
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
    try {
      String id = null;
      while (id == null) {
        if (reader == null) {
          if (!files.hasNext()) {
            return false;
          }
          file = files.next();
          reader = EventsFileReader.open(file, conf);
        }
        id = reader.nextSample(batch);
        if (id == null) {
          reader.close();
          reader = null;
        }
      }
      SampleShape s = shapes.get(id);
      if (s == null) {
        throw new IllegalStateException("events data file " + file + " holds sample '" + id
            + "' that the samples table does not list");
      }
      if (s.events() != batch.size()) {
        throw new IllegalStateException("sample '" + id + "': samples table says " + s.events() + " events, events "
            + "data file " + file + " holds " + batch.size() + " in one run (tables out of step, or the sample is "
            + "not contiguous in one file; re-run ingest)");
      }
      next = integrate(id, s, batch, o);
    } catch (IOException e) {
      throw new UncheckedIOException("events data file " + file + ": " + e.getMessage(), e);
    }
    events.add(batch.size());
    samples.add(1);
    frames.add(next.getInt(3));
    bytes.add(o.storage() == FrameStorage.DENSE ? ((byte[]) next.get(6)).length
        : ((byte[]) next.get(7)).length + ((byte[]) next.get(8)).length);
    return true;
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

  /** Closes the data file being read (a task that stops early). */
  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
