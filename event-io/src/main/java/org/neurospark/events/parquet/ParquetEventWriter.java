package org.neurospark.events.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.neurospark.events.EventBatch;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.arrow.EventSchema;

/**
 * Writes events to a Parquet file ({@link ParquetEventSchema}: t int64 µs, x/y int16, p int8) with Parquet's own
 * Java writer, without Hadoop: {@link ParquetFileWriter} on a {@link LocalOutputFile}, Parquet's column writers and
 * page store, and Hadoop-free page codecs ({@link HadoopFreeCodecs}). Values go straight from the batch's primitive
 * columns into the column writers (no record assembly, no per-event objects).
 *
 * <p>Streaming: a row group is flushed whenever the buffered pages reach the row-group size
 * ({@link #ROW_GROUP_BYTES} by default), so memory stays bounded whatever the number of events. Plain encoding
 * (no dictionaries: event columns have high cardinality, and zstd compresses plain pages better per CPU second),
 * min/max statistics and page CRCs are written. Files open in pyarrow ({@code pq.read_table}) and Spark.
 */
public final class ParquetEventWriter implements AutoCloseable {
  /** Row-group size target: 32 MiB keeps writer and reader memory small while leaving scans efficient. */
  public static final int ROW_GROUP_BYTES = 32 << 20;
  /** Page size target, bytes. */
  public static final int PAGE_BYTES = 1 << 20;

  private static final MessageType SCHEMA = ParquetEventSchema.MESSAGE;

  private final Path file;
  private final Map<String, String> metadata;
  private final int rowGroupBytes;
  private final ParquetProperties props;
  private final BytesInputCompressor compressor;
  private final RecyclingAllocator allocator;
  private final ParquetFileWriter fileWriter;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore columns;
  private ColumnWriter tw;
  private ColumnWriter xw;
  private ColumnWriter yw;
  private ColumnWriter pw;
  private long rowsInGroup;
  private long events;
  private int rowGroups;
  private boolean closed;

  /** Creates (or overwrites) {@code file} with ZSTD compression. */
  public ParquetEventWriter(Path file, RecordingInfo info) throws IOException {
    this(file, info, CompressionCodecName.ZSTD);
  }

  /** Creates (or overwrites) {@code file} with the given codec (UNCOMPRESSED, SNAPPY or ZSTD). */
  public ParquetEventWriter(Path file, RecordingInfo info, CompressionCodecName codec) throws IOException {
    this(file, info, codec, ROW_GROUP_BYTES);
  }

  /**
   * Creates (or overwrites) {@code file}.
   *
   * @param codec UNCOMPRESSED, SNAPPY or ZSTD
   * @param rowGroupBytes target row-group size in bytes (memory held by the writer and by readers)
   */
  public ParquetEventWriter(Path file, RecordingInfo info, CompressionCodecName codec, int rowGroupBytes)
      throws IOException {
    this(file, info, codec, rowGroupBytes, false);
  }

  /**
   * As above; {@code dictionary} = true writes with Parquet's default (dictionary) encoders instead, as other tools
   * do (tests use it to exercise the reader's general path).
   */
  ParquetEventWriter(Path file, RecordingInfo info, CompressionCodecName codec, int rowGroupBytes,
      boolean dictionary) throws IOException {
    if (rowGroupBytes <= 0) {
      throw new IllegalArgumentException("rowGroupBytes must be positive: " + rowGroupBytes);
    }
    this.file = file;
    this.metadata = EventSchema.metadata(info);
    this.rowGroupBytes = rowGroupBytes;
    this.compressor = new HadoopFreeCodecs().getCompressor(codec);
    this.allocator = new RecyclingAllocator(4L * PAGE_BYTES * 8);
    ParquetProperties.Builder pb = ParquetProperties.builder()
        .withAllocator(allocator)
        .withDictionaryEncoding(dictionary)
        .withPageSize(PAGE_BYTES)
        .withPageWriteChecksumEnabled(true);
    if (!dictionary) {
      pb.withValuesWriterFactory(new PlainValuesWriterFactory());
    }
    this.props = pb.build();
    Files.deleteIfExists(file);
    this.fileWriter = new ParquetFileWriter(new LocalOutputFile(file), SCHEMA, ParquetFileWriter.Mode.OVERWRITE,
        rowGroupBytes, 0, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
        ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH, true);
    fileWriter.start();
    newRowGroup();
  }

  private void newRowGroup() {
    pages = new ColumnChunkPageWriteStore(compressor, SCHEMA, allocator,
        ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH, true);
    columns = props.newColumnWriteStore(SCHEMA, pages, pages);
    ColumnDescriptor[] cols = SCHEMA.getColumns().toArray(new ColumnDescriptor[0]);
    tw = columns.getColumnWriter(cols[0]);
    xw = columns.getColumnWriter(cols[1]);
    yw = columns.getColumnWriter(cols[2]);
    pw = columns.getColumnWriter(cols[3]);
    rowsInGroup = 0;
  }

  private void flushRowGroup() throws IOException {
    if (rowsInGroup == 0) {
      return;
    }
    fileWriter.startBlock(rowsInGroup);
    columns.flush();
    pages.flushToFileWriter(fileWriter);
    fileWriter.endBlock();
    columns.close();
    pages.close();
    rowGroups++;
  }

  /**
   * Appends the events of {@code batch}.
   *
   * @throws IllegalArgumentException when x or y does not fit int16 or p is not 0/1 (nothing of the batch is
   *     written then)
   */
  public void write(EventBatch batch) throws IOException {
    int n = batch.size();
    long[] t = batch.t();
    int[] x = batch.x();
    int[] y = batch.y();
    byte[] p = batch.p();
    for (int i = 0; i < n; i++) {
      if (x[i] != (short) x[i] || y[i] != (short) y[i] || (p[i] & ~1) != 0) {
        throw new IllegalArgumentException("event " + i + " (x " + x[i] + ", y " + y[i] + ", p " + p[i]
            + ") does not fit the event schema (x, y Int16; p 0/1)");
      }
    }
    ColumnWriteStore store = columns;
    for (int i = 0; i < n; i++) {
      tw.write(t[i], 0, 0);
      xw.write(x[i], 0, 0);
      yw.write(y[i], 0, 0);
      pw.write((int) p[i], 0, 0);
      store.endRecord();
    }
    rowsInGroup += n;
    events += n;
    if (store.getBufferedSize() >= rowGroupBytes) {
      flushRowGroup();
      newRowGroup();
    }
  }

  /** Events written so far. */
  public long events() {
    return events;
  }

  /** Row groups written so far (complete after {@link #close()}). */
  public int rowGroups() {
    return rowGroups;
  }

  public Path file() {
    return file;
  }

  /** Flushes the last row group and writes the footer (with the {@link EventSchema} metadata). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushRowGroup();
      fileWriter.end(metadata);
    } finally {
      compressor.release();
    }
  }
}
