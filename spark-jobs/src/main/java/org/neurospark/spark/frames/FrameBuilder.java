package org.neurospark.spark.frames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.neurospark.events.EventBatch;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.Frames;
import org.neurospark.spark.tables.DirectRowsFile;
import org.neurospark.spark.tables.EventsFileReader;

/**
 * Executor side of {@code frames}: reads whole {@code events} data files ({@link EventsFileReader}, in columnar
 * batches, in file order) and yields one frames row per sample, integrated by event-io's {@link FrameIntegrator}.
 * Ingest writes each sample contiguously into exactly one data file, so a task that reads whole files sees whole
 * samples: no shuffle. Every sample's event count is checked against the samples table, so a sample split across
 * files (or rows out of step with {@code samples}) is an error, never a partial frame.
 */
final class FrameBuilder implements Iterator<Row>, AutoCloseable {
  private final Iterator<String> files;
  private final Map<String, SampleShape> shapes;
  private final FramesOptions o;
  private long frames;
  private long events;
  private long bytes;
  private long samples;
  private final EventBatch batch = new EventBatch(1 << 12);
  /** The frames of the previous sample, whose buffer the next one integrates into. */
  private Frames reuse;
  private EventsFileReader reader;
  private String file;
  private Row next;
  /** The sample {@link #reuse} holds. */
  private String id;
  private SampleShape shape;
  /** Scratch of the sparse storage's non-zero indices and values. */
  private final FrameRows.Sparse sparse = new FrameRows.Sparse();

  FrameBuilder(Iterator<String> files, Map<String, SampleShape> shapes, FramesOptions o) {
    this.files = files;
    this.shapes = shapes;
    this.o = o;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (!advance()) {
      return false;
    }
    next = FrameRows.row(id, shape, reuse, o.storage());
    bytes += o.storage() == FrameStorage.DENSE ? ((byte[]) next.get(6)).length
        : ((byte[]) next.get(7)).length + ((byte[]) next.get(8)).length;
    return true;
  }

  /**
   * Writes the frames rows of every remaining sample into {@code out} (the frames table's schema for the storage),
   * column values straight from the integrated frames, no row objects.
   */
  void writeAll(DirectRowsFile out) throws IOException {
    if (next != null) {
      throw new IllegalStateException("rows were taken as Row objects");
    }
    while (advance()) {
      bytes += FrameRows.write(out, id, shape, reuse, o.storage(), sparse);
      out.endRow();
    }
  }

  /** Integrates the next sample into {@link #reuse} ({@link #id}, {@link #shape}); false after the last one. */
  private boolean advance() {
    try {
      String sample = null;
      while (sample == null) {
        if (reader == null) {
          if (!files.hasNext()) {
            return false;
          }
          file = files.next();
          reader = EventsFileReader.open(file);
        }
        sample = reader.nextSample(batch);
        if (sample == null) {
          reader.close();
          reader = null;
        }
      }
      SampleShape s = shapes.get(sample);
      if (s == null) {
        throw new IllegalStateException("events data file " + file + " holds sample '" + sample
            + "' that the samples table does not list");
      }
      if (s.events() != batch.size()) {
        throw new IllegalStateException("sample '" + sample + "': samples table says " + s.events() + " events, "
            + "events data file " + file + " holds " + batch.size() + " in one run (tables out of step, or the "
            + "sample is not contiguous in one file; re-run ingest)");
      }
      reuse = frames(sample, s, batch, o, reuse); // rows and pages copy the values: the buffer serves the next one
      id = sample;
      shape = s;
    } catch (IOException e) {
      throw new UncheckedIOException("events data file " + file + ": " + e.getMessage(), e);
    }
    events += batch.size();
    samples++;
    frames += reuse.frames();
    return true;
  }

  /** The frames row of one sample (also used on the driver for samples without events). */
  static Row integrate(String id, SampleShape s, EventBatch b, FramesOptions o) {
    return FrameRows.row(id, s, frames(id, s, b, o, null), o.storage());
  }

  /** The frames of one sample, integrated into {@code reuse}'s buffer when it fits (null: a new one). */
  private static Frames frames(String id, SampleShape s, EventBatch b, FramesOptions o, Frames reuse) {
    FrameIntegrator fi = new FrameIntegrator(s.height(), s.width());
    try {
      return o.frames() > 0 ? fi.byFramesNumber(b, o.splitBy(), o.frames(), reuse)
          : fi.byDuration(b, o.durationUs(), o.durationMode(), reuse);
    } catch (RuntimeException e) {
      throw new IllegalStateException("sample '" + id + "' (" + s.width() + " x " + s.height() + " sensor): "
          + e.getMessage(), e);
    }
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

  /** Totals of the rows returned so far: {samples, frames, events, frame bytes}. */
  long[] totals() {
    return new long[] {samples, frames, events, bytes};
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
