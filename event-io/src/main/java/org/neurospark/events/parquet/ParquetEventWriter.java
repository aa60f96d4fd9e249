package org.neurospark.events.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.neurospark.events.EventBatch;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.arrow.EventSchema;

/**
 * Writes events to a Parquet file ({@link ParquetEventSchema}: t int64 µs, x/y int16, p int8) with Parquet's own
 * Java writer, without Hadoop: {@link LocalOutputFile}, {@link PlainParquetConfiguration} and Hadoop-free page
 * codecs ({@link HadoopFreeCodecs}). Streaming: rows go
 * to the current row group, which is flushed every {@link #ROW_GROUP_BYTES} bytes, so memory stays bounded whatever
 * the number of events. Files open in pyarrow ({@code pq.read_table}) and Spark.
 *
 * <p>Compression: {@link CompressionCodecName#ZSTD} by default (through zstd-jni), {@code SNAPPY} or
 * {@code UNCOMPRESSED} on request.
 */
public final class ParquetEventWriter implements AutoCloseable {
  /** Row-group size target: 32 MiB keeps writer and reader memory small while leaving scans efficient. */
  public static final int ROW_GROUP_BYTES = 32 << 20;

  private final Path file;
  private final ParquetWriter<EventCursor> writer;
  private final EventCursor cursor = new EventCursor();
  private long events;

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
    this.file = file;
    if (codec != CompressionCodecName.UNCOMPRESSED && codec != CompressionCodecName.SNAPPY
        && codec != CompressionCodecName.ZSTD) {
      throw new IllegalArgumentException("unsupported Parquet codec " + codec + " (UNCOMPRESSED, SNAPPY, ZSTD)");
    }
    Files.deleteIfExists(file);
    this.writer = new Builder(new LocalOutputFile(file), EventSchema.metadata(info))
        .withConf(new PlainParquetConfiguration())
        .withCodecFactory(new HadoopFreeCodecs())
        .withCompressionCodec(codec)
        .withRowGroupSize((long) rowGroupBytes)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build();
  }

  /** Appends the events of {@code batch}. */
  public void write(EventBatch batch) throws IOException {
    EventCursor c = cursor;
    c.batch = batch;
    int n = batch.size();
    int[] x = batch.x();
    int[] y = batch.y();
    byte[] p = batch.p();
    for (int i = 0; i < n; i++) {
      if (x[i] != (short) x[i] || y[i] != (short) y[i] || (p[i] & ~1) != 0) {
        throw new IllegalArgumentException("event " + i + " (x " + x[i] + ", y " + y[i] + ", p " + p[i]
            + ") does not fit the event schema (x, y Int16; p 0/1)");
      }
      c.row = i;
      writer.write(c);
    }
    events += n;
  }

  /** Events written so far. */
  public long events() {
    return events;
  }

  public Path file() {
    return file;
  }

  /** Flushes the last row group and writes the footer. */
  @Override
  public void close() throws IOException {
    writer.close();
  }

  private static final class Builder extends ParquetWriter.Builder<EventCursor, Builder> {
    private final Map<String, String> metadata;

    Builder(OutputFile out, Map<String, String> metadata) {
      super(out);
      this.metadata = metadata;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<EventCursor> getWriteSupport(ParquetConfiguration conf) {
      return new EventWriteSupport(metadata);
    }

    @Override
    protected WriteSupport<EventCursor> getWriteSupport(Configuration conf) {
      return new EventWriteSupport(metadata);
    }
  }
}
