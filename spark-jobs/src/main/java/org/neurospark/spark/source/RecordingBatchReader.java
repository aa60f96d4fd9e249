package org.neurospark.spark.source;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.spark.ingest.IngestCatalogs;
import org.neurospark.spark.ingest.RecordingOpener;
import org.neurospark.spark.ingest.SampleSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor side: reads the samples of one {@link RecordingPartition} with event-io's readers, in file order, into
 * reused columnar batches of up to {@link SourceOptions#batchEvents()} events. A batch never spans two samples: the
 * sample columns are {@link ConstantColumnVector}s set once per sample, the event columns on-heap vectors filled
 * from the reader's {@link EventBatch} columns. Only the columns of the scan's read schema are filled.
 *
 * <p>A recording that fails to decode: in {@link ReadMode#FAILFAST}, a {@link MalformedRecordingException} naming
 * the sample, the file and the byte offset; in {@link ReadMode#DROPMALFORMED}, the sample is decoded completely
 * before any of its rows is returned (in memory up to {@link SourceOptions#bufferEvents()} events, else validated to
 * its end and then read again), so a bad recording contributes nothing; it is logged and counted
 * ({@link SourceMetrics#MALFORMED_RECORDINGS}). Other I/O errors (a missing or unreadable file) fail the task in
 * both modes, so Spark retries it.
 */
final class RecordingBatchReader implements PartitionReader<ColumnarBatch> {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingBatchReader.class);

  private enum Kind { SAMPLE_ID, LABEL, SPLIT, CLASS_NAME, T, X, Y, P }

  private final List<SampleSpec> samples;
  private final SourceOptions options;
  private final ReadOptions readOptions;
  private final DatasetCatalog catalog;
  private final Kind[] kinds;
  private final ColumnVector[] vectors;
  private final ColumnarBatch batch;
  private final EventBatch events;

  private int nextSample;
  private SampleSpec current;
  private EventReader reader;
  private EventBatch buffer;
  private int bufferPos;
  private long opened;
  private long malformed;
  private long eventsRead;

  RecordingBatchReader(RecordingPartition partition, StructType schema, SourceOptions options) {
    this.samples = partition.samples();
    this.options = options;
    this.readOptions = IngestCatalogs.readOptions(options.catalog());
    this.catalog = IngestCatalogs.catalog(options.catalog());
    int capacity = options.batchEvents();
    StructField[] fields = schema.fields();
    kinds = new Kind[fields.length];
    vectors = new ColumnVector[fields.length];
    for (int i = 0; i < fields.length; i++) {
      kinds[i] = kind(fields[i].name());
      vectors[i] = switch (kinds[i]) {
        case SAMPLE_ID, LABEL, SPLIT, CLASS_NAME -> new ConstantColumnVector(capacity, fields[i].dataType());
        default -> new OnHeapColumnVector(capacity, fields[i].dataType());
      };
    }
    batch = new ColumnarBatch(vectors);
    events = new EventBatch(capacity);
  }

  private static Kind kind(String column) {
    return switch (column) {
      case EventColumns.SAMPLE_ID -> Kind.SAMPLE_ID;
      case EventColumns.LABEL -> Kind.LABEL;
      case EventColumns.SPLIT -> Kind.SPLIT;
      case EventColumns.CLASS_NAME -> Kind.CLASS_NAME;
      case EventColumns.T -> Kind.T;
      case EventColumns.X -> Kind.X;
      case EventColumns.Y -> Kind.Y;
      case EventColumns.P -> Kind.P;
      default -> throw new IllegalArgumentException("neurospark source has no column " + column);
    };
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (current != null) {
        if (fill()) {
          return true;
        }
        endSample();
      }
      if (nextSample >= samples.size()) {
        return false;
      }
      SampleSpec s = samples.get(nextSample++);
      if (start(s)) {
        current = s;
        setSampleColumns(s);
      }
    }
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  /** Opens {@code s}; false when DROPMALFORMED leaves it out. */
  private boolean start(SampleSpec s) throws IOException {
    opened++;
    if (options.mode() == ReadMode.FAILFAST) {
      try {
        reader = open(s);
      } catch (EventFileException e) {
        throw malformed(s, e);
      }
      return true;
    }
    EventBatch all = new EventBatch(Math.min(options.bufferEvents(), options.batchEvents()));
    try (EventReader r = open(s)) {
      while (r.read(events)) {
        checkRange(s, r, events);
        if (all != null && all.size() + events.size() <= options.bufferEvents()) {
          all.addAll(events);
        } else {
          all = null; // too large to keep: validate to the end, then read again
        }
      }
    } catch (EventFileException e) {
      malformed++;
      LOG.warn("neurospark source: left out sample '{}' of catalog {} (mode DROPMALFORMED): {}", s.sampleId(),
          options.catalog(), e.getMessage());
      return false;
    }
    if (all != null) {
      buffer = all;
      bufferPos = 0;
    } else {
      reader = open(s);
    }
    return true;
  }

  private EventReader open(SampleSpec s) throws IOException {
    return s.wholeFile() ? RecordingOpener.open(s.path(), readOptions) : RecordingOpener.openSample(s, catalog);
  }

  /** Fills the batch with the current sample's next events; false when the sample is finished. */
  private boolean fill() throws IOException {
    if (buffer != null) {
      if (bufferPos >= buffer.size()) {
        return false;
      }
      int n = Math.min(options.batchEvents(), buffer.size() - bufferPos);
      write(buffer, bufferPos, n);
      bufferPos += n;
      return true;
    }
    try {
      while (reader.read(events)) {
        checkRange(current, reader, events);
        if (!events.isEmpty()) {
          write(events, 0, events.size());
          return true;
        }
      }
      return false;
    } catch (EventFileException e) {
      if (options.mode() == ReadMode.FAILFAST) {
        throw malformed(current, e);
      }
      // decoded completely a moment ago: the file changed under us
      throw new IOException("neurospark source: recording of sample '" + current.sampleId()
          + "' changed while being read: " + e.getMessage(), e);
    }
  }

  private void write(EventBatch b, int from, int n) {
    for (int c = 0; c < kinds.length; c++) {
      switch (kinds[c]) {
        case T -> {
          WritableColumnVector v = (WritableColumnVector) vectors[c];
          v.reset();
          v.putLongs(0, n, b.t(), from);
        }
        case X -> putShorts((WritableColumnVector) vectors[c], b.x(), from, n);
        case Y -> putShorts((WritableColumnVector) vectors[c], b.y(), from, n);
        case P -> {
          WritableColumnVector v = (WritableColumnVector) vectors[c];
          v.reset();
          v.putBytes(0, n, b.p(), from);
        }
        default -> {
          // sample columns are constant, set per sample
        }
      }
    }
    batch.setNumRows(n);
    eventsRead += n;
  }

  private static void putShorts(WritableColumnVector v, int[] src, int from, int n) {
    v.reset();
    for (int i = 0; i < n; i++) {
      v.putShort(i, (short) src[from + i]);
    }
  }

  private void setSampleColumns(SampleSpec s) {
    for (int c = 0; c < kinds.length; c++) {
      ConstantColumnVector v = vectors[c] instanceof ConstantColumnVector k ? k : null;
      switch (kinds[c]) {
        case SAMPLE_ID -> v.setUtf8String(UTF8String.fromString(s.sampleId()));
        case LABEL -> v.setInt(s.label());
        case SPLIT -> v.setUtf8String(UTF8String.fromString(s.split()));
        case CLASS_NAME -> v.setUtf8String(UTF8String.fromString(s.className()));
        default -> {
          // event columns are filled per batch
        }
      }
    }
  }

  /** Coordinates must fit the smallint columns (as the ingest job's {@code events} table requires). */
  private static void checkRange(SampleSpec s, EventReader r, EventBatch b) throws EventFileException {
    int[] x = b.x();
    int[] y = b.y();
    for (int i = 0; i < b.size(); i++) {
      if (x[i] < 0 || x[i] > Short.MAX_VALUE || y[i] < 0 || y[i] > Short.MAX_VALUE) {
        throw new EventFileException(Paths.get(s.path()), r.bytesRead(), "event (x=" + x[i] + ", y=" + y[i]
            + ") does not fit the smallint columns x, y (0.." + Short.MAX_VALUE + ")");
      }
    }
  }

  private MalformedRecordingException malformed(SampleSpec s, EventFileException e) {
    String file = e.source() != null ? e.source() : s.path();
    return new MalformedRecordingException(file, e.offset(), "neurospark source: cannot read sample '"
        + s.sampleId() + "' of catalog " + options.catalog() + ": " + e.getMessage()
        + " (mode FAILFAST; option mode=DROPMALFORMED leaves out recordings that fail to decode)", e);
  }

  private void endSample() throws IOException {
    current = null;
    buffer = null;
    if (reader != null) {
      EventReader r = reader;
      reader = null;
      r.close();
    }
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return new CustomTaskMetric[] {new TaskMetric(SourceMetrics.RECORDINGS_OPENED, opened),
        new TaskMetric(SourceMetrics.MALFORMED_RECORDINGS, malformed),
        new TaskMetric(SourceMetrics.EVENTS_READ, eventsRead)};
  }

  @Override
  public void close() throws IOException {
    try {
      endSample();
    } finally {
      batch.close();
    }
  }
}
