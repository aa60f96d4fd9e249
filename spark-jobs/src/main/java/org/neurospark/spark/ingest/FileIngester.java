package org.neurospark.spark.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.dataset.DatasetCatalog;

/**
 * Executor side of {@code ingest}: turns the recordings of one task into {@code events} rows ({@code sample_id, t,
 * x, y, p, split, label}), sample by sample in file order, and reports a {@link FileOutcome} per recording.
 *
 * <p>A recording contributes rows only once it is known to decode completely, so a corrupt file never leaves a
 * partial sample behind: a whole-file sample of up to {@code bufferEvents} events is decoded once into memory and
 * then emitted; a larger one, and a recording split into segments, is first decoded to the end without keeping
 * events (validation), then read again and streamed. A recording that fails is reported with its byte offset and
 * emits nothing.
 */
final class FileIngester implements Iterator<Row>, java.io.Closeable {
  private final Iterator<FileWork> files;
  private final ReadOptions options;
  private final DatasetCatalog catalog;
  private final Consumer<FileOutcome> outcomes;
  private final int bufferEvents;

  // buffered emission of one whole-file sample
  private EventBatch buffer;
  private int bufferPos;
  private SampleSpec bufferSample;

  // streamed emission of validated samples
  private FileWork streamFile;
  private String streamChecksum;
  private RecordingInfo streamInfo;
  private final Deque<SampleSpec> pending = new ArrayDeque<>();
  private final List<FileOutcome.SampleStats> streamStats = new ArrayList<>();
  private SampleSpec streamSample;
  private EventReader streamReader;
  private final EventBatch batch = new EventBatch();
  private int batchPos;
  private long streamCount;
  private Long streamFirst;
  private Long streamLast;

  FileIngester(Iterator<FileWork> files, String catalogName, Consumer<FileOutcome> outcomes, int bufferEvents) {
    this.files = files;
    this.options = IngestCatalogs.readOptions(catalogName);
    this.catalog = IngestCatalogs.catalog(catalogName);
    this.outcomes = outcomes;
    this.bufferEvents = bufferEvents;
  }

  @Override
  public boolean hasNext() {
    try {
      while (true) {
        if (buffer != null) {
          if (bufferPos < buffer.size()) {
            return true;
          }
          buffer = null;
        }
        if (streamFile != null) {
          if (advanceStream()) {
            return true;
          }
          continue;
        }
        if (!files.hasNext()) {
          return false;
        }
        prepare(files.next());
      }
    } catch (IOException e) {
      // the recording decoded during validation but not on the second read: it changed under us
      throw new UncheckedIOException("recording changed while being ingested: " + e.getMessage(), e);
    }
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (buffer != null) {
      int i = bufferPos++;
      return row(bufferSample, buffer, i);
    }
    return row(streamSample, batch, batchPos++);
  }

  private static Row row(SampleSpec s, EventBatch b, int i) {
    return RowFactory.create(s.sampleId(), b.t()[i], (short) b.x()[i], (short) b.y()[i], b.p()[i], s.split(),
        s.label());
  }

  /** Decodes (and for small whole-file samples, buffers) one recording; reports failures. */
  private void prepare(FileWork w) {
    String checksum;
    try {
      checksum = Checksums.of(w.path());
    } catch (IOException e) {
      outcomes.accept(failure(w, null, -1, "cannot read: " + e));
      return;
    }
    boolean single = w.samples().size() == 1 && w.samples().get(0).wholeFile();
    RecordingInfo info;
    try (EventReader r = RecordingOpener.open(w.path(), options)) {
      info = r.info();
      if (single) {
        EventBatch all = new EventBatch(Math.min(bufferEvents, EventBatch.DEFAULT_CAPACITY));
        EventBatch b = new EventBatch();
        boolean complete = true;
        while (r.read(b)) {
          checkRange(w, r, b);
          if (all.size() + b.size() > bufferEvents) {
            complete = false;
            break;
          }
          all.addAll(b);
        }
        if (complete) {
          SampleSpec s = w.samples().get(0);
          int n = all.size();
          outcomes.accept(new FileOutcome(w.path(), checksum, info.format().id(), info.width(), info.height(), -1,
              null, List.of(new FileOutcome.SampleStats(s.sampleId(), n, n == 0 ? null : all.t()[0],
                  n == 0 ? null : all.t()[n - 1]))));
          buffer = all;
          bufferPos = 0;
          bufferSample = s;
          return;
        }
      }
      // validation pass to the end of the recording, keeping nothing
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        checkRange(w, r, b);
      }
    } catch (EventFileException e) {
      outcomes.accept(failure(w, checksum, e.offset(), e.getMessage()));
      return;
    } catch (IOException | RuntimeException e) {
      outcomes.accept(failure(w, checksum, -1, e.toString()));
      return;
    }
    streamFile = w;
    streamChecksum = checksum;
    streamInfo = info;
    streamStats.clear();
    pending.clear();
    pending.addAll(w.samples());
    streamSample = null;
  }

  /** Positions on the next streamed event; false when the current recording is finished. */
  private boolean advanceStream() throws IOException {
    while (true) {
      if (streamSample != null) {
        if (batchPos < batch.size()) {
          return true;
        }
        if (streamReader.read(batch)) {
          batchPos = 0;
          if (streamCount == 0) {
            streamFirst = batch.t()[0];
          }
          streamCount += batch.size();
          streamLast = batch.t()[batch.size() - 1];
          continue;
        }
        streamReader.close();
        streamReader = null;
        streamStats.add(new FileOutcome.SampleStats(streamSample.sampleId(), streamCount, streamFirst, streamLast));
        streamSample = null;
      }
      if (pending.isEmpty()) {
        outcomes.accept(new FileOutcome(streamFile.path(), streamChecksum, streamInfo.format().id(),
            streamInfo.width(), streamInfo.height(), -1, null, List.copyOf(streamStats)));
        streamFile = null;
        return false;
      }
      streamSample = pending.poll();
      streamReader = streamSample.wholeFile() ? RecordingOpener.open(streamSample.path(), options)
          : RecordingOpener.openSample(streamSample, catalog);
      batch.clear();
      batchPos = 0;
      streamCount = 0;
      streamFirst = null;
      streamLast = null;
    }
  }

  /** Closes the recording being streamed, if any (the task ended early). */
  @Override
  public void close() throws IOException {
    if (streamReader != null) {
      streamReader.close();
      streamReader = null;
    }
  }

  private static void checkRange(FileWork w, EventReader r, EventBatch b) throws EventFileException {
    for (int i = 0; i < b.size(); i++) {
      int x = b.x()[i];
      int y = b.y()[i];
      if (x < 0 || x > Short.MAX_VALUE || y < 0 || y > Short.MAX_VALUE) {
        throw new EventFileException(Paths.get(w.path()), r.bytesRead(), "event (x=" + x + ", y=" + y
            + ") does not fit the events table's smallint columns (0.." + Short.MAX_VALUE + ")");
      }
    }
  }

  private static FileOutcome failure(FileWork w, String checksum, long offset, String message) {
    return new FileOutcome(w.path(), checksum, null, 0, 0, offset, message, List.of());
  }
}
