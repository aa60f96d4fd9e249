package org.neurospark.spark.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.EventFiles;
import org.neurospark.spark.tables.EventsFileWriter;
import org.neurospark.spark.tables.EventsPartitionWriters;

/**
 * Executor side of {@code ingest}: decodes the recordings of one task with event-io's readers straight into
 * {@code events} data files ({@link EventsPartitionWriters}, one open file per partition folder) and reports a
 * {@link FileOutcome} per recording.
 *
 * <p>A local recording (up to {@link #IN_MEMORY_BYTES}) is read from disk once: its checksum and its events come
 * from the same bytes in memory.
 *
 * <p>A recording contributes events only once it is known to decode completely, so a corrupt file never leaves a
 * partial sample behind: a whole-file sample of up to {@code bufferEvents} events is decoded once into memory and
 * then written; a larger one, and a recording split into segments, is first decoded to the end without keeping
 * events (validation), then read again and written as it streams. A recording that fails is reported with its byte
 * offset and writes nothing.
 */
final class EventsTask {
  private final ReadOptions options;
  private final DatasetCatalog catalog;
  private final int bufferEvents;
  private final EventsPartitionWriters writers;
  /** Local recordings up to this many bytes are read once: checksummed and decoded from the same bytes. */
  static final int IN_MEMORY_BYTES = 64 << 20;

  /** The batch readers fill; swapped with {@link #spare} when a recording's first batch is kept. */
  private EventBatch batch = new EventBatch();
  private EventBatch spare = new EventBatch();
  private EventBatch all;
  private byte[] bytes = new byte[1 << 16];
  private String memoryName;
  private int memoryLength = -1;

  EventsTask(String catalogName, int bufferEvents, EventsPartitionWriters writers) {
    this.options = IngestCatalogs.readOptions(catalogName);
    this.catalog = IngestCatalogs.catalog(catalogName);
    this.bufferEvents = bufferEvents;
    this.writers = writers;
  }

  /** Ingests {@code files}; on any failure the files written so far are deleted and the task fails. */
  static TaskResult run(Iterator<FileWork> files, String catalogName, int bufferEvents, EventsPartitionWriters w)
      throws IOException {
    try (w) {
      EventsTask task = new EventsTask(catalogName, bufferEvents, w);
      List<FileOutcome> outcomes = new ArrayList<>();
      while (files.hasNext()) {
        outcomes.add(task.ingest(files.next()));
      }
      return new TaskResult(outcomes, w.finish());
    }
  }

  /**
   * Reads the recording's bytes and returns their checksum. A local recording of up to {@link #IN_MEMORY_BYTES} is
   * read once into {@link #bytes}, checksummed and later decoded from there ({@link #source}); any other is
   * checksummed as a stream and decoded from its file.
   */
  private String load(FileWork w) throws IOException {
    memoryLength = -1;
    if (RecordingOpener.isLocal(w.path())) {
      Path p = RecordingOpener.localPath(w.path());
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        long size = ch.size();
        if (size <= IN_MEMORY_BYTES) {
          if (bytes.length < size + 1) {
            bytes = new byte[(int) Math.min(IN_MEMORY_BYTES + 1L, Math.max(size + 1, 2L * bytes.length))];
          }
          // one byte more than the size: a file that grew since is noticed and streamed instead
          ByteBuffer b = ByteBuffer.wrap(bytes, 0, (int) size + 1);
          while (b.hasRemaining() && ch.read(b) >= 0) {
            // until full or at the end
          }
          if (b.position() <= size) {
            memoryName = p.toString();
            memoryLength = b.position();
            return Checksums.of(bytes, 0, memoryLength);
          }
        }
      }
    }
    return Checksums.of(w.path());
  }

  /** The bytes of the recording {@link #load} read last: in memory, or the file. */
  private ByteSource source(String path) throws IOException {
    return memoryLength >= 0 ? ByteSource.wrap(memoryName, ByteBuffer.wrap(bytes, 0, memoryLength))
        : RecordingOpener.source(path);
  }

  /** Decodes one recording into the data files; returns its outcome. */
  FileOutcome ingest(FileWork w) throws IOException {
    String checksum;
    try {
      checksum = load(w);
    } catch (IOException e) {
      return failure(w, null, -1, "cannot read: " + e);
    }
    boolean single = w.samples().size() == 1 && w.samples().get(0).wholeFile();
    RecordingInfo info;
    try (EventReader r = EventFiles.open(source(w.path()), options)) {
      info = r.info();
      if (single) {
        if (all == null) {
          all = new EventBatch(Math.min(bufferEvents, EventBatch.DEFAULT_CAPACITY));
        }
        all.clear();
        boolean complete = true;
        // a recording that arrives in one batch (most small ones) is written from that batch, uncopied
        EventBatch held = null;
        while (r.read(batch)) {
          checkRange(w, r, batch);
          if ((held == null ? 0 : held.size()) + all.size() + batch.size() > bufferEvents) {
            complete = false;
            break;
          }
          if (held == null && all.isEmpty()) {
            held = batch;
            batch = spare;
            spare = held;
          } else {
            if (held != null) {
              all.addAll(held);
              held = null;
            }
            all.addAll(batch);
          }
        }
        if (complete) {
          EventBatch events = held != null ? held : all;
          SampleSpec s = w.samples().get(0);
          int n = events.size();
          if (n > 0) {
            writers.startSample(s.split(), s.label(), s.sampleId()).write(events, 0, n);
          }
          return new FileOutcome(w.path(), checksum, info.format().id(), info.width(), info.height(), -1, null,
              List.of(new FileOutcome.SampleStats(s.sampleId(), n, n == 0 ? null : events.t()[0],
                  n == 0 ? null : events.t()[n - 1])));
        }
      }
      // validation pass to the end of the recording, keeping nothing
      while (r.read(batch)) {
        checkRange(w, r, batch);
      }
    } catch (EventFileException e) {
      return failure(w, checksum, e.offset(), e.getMessage());
    } catch (IOException | RuntimeException e) {
      return failure(w, checksum, -1, e.toString());
    }
    try {
      return stream(w, checksum, info);
    } catch (IOException e) {
      // the recording decoded during validation but not on the second read: it changed under us
      throw new UncheckedIOException("recording changed while being ingested: " + e.getMessage(), e);
    }
  }

  /** Second pass over a validated recording: each sample streamed into its partition's data file. */
  private FileOutcome stream(FileWork w, String checksum, RecordingInfo info) throws IOException {
    List<FileOutcome.SampleStats> stats = new ArrayList<>();
    for (SampleSpec s : w.samples()) {
      long count = 0;
      Long first = null;
      Long last = null;
      EventsFileWriter out = null;
      try (EventReader r = s.wholeFile() ? EventFiles.open(source(s.path()), options)
          : RecordingOpener.openSample(s, catalog, source(s.path()))) {
        while (r.read(batch)) {
          if (out == null) {
            out = writers.startSample(s.split(), s.label(), s.sampleId());
            first = batch.t()[0];
          }
          out.write(batch, 0, batch.size());
          count += batch.size();
          last = batch.t()[batch.size() - 1];
        }
      }
      stats.add(new FileOutcome.SampleStats(s.sampleId(), count, first, last));
    }
    return new FileOutcome(w.path(), checksum, info.format().id(), info.width(), info.height(), -1, null,
        List.copyOf(stats));
  }

  private static void checkRange(FileWork w, EventReader r, EventBatch b) throws EventFileException {
    int[] xs = b.x();
    int[] ys = b.y();
    int bits = 0;
    for (int i = 0; i < b.size(); i++) {
      bits |= xs[i] | ys[i]; // a value outside 0..32767 sets a bit above bit 14
    }
    if ((bits & ~Short.MAX_VALUE) == 0) {
      return;
    }
    for (int i = 0; i < b.size(); i++) {
      int x = xs[i];
      int y = ys[i];
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
