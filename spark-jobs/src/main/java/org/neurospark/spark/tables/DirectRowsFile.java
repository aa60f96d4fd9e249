package org.neurospark.spark.tables;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.StructType;

/**
 * Writes rows of a flat schema of required columns ({@code string}, {@code int}, {@code bigint}, {@code binary}) into
 * one Parquet file by encoding each column's values straight into its page (PLAIN, data page version 1), without
 * row objects or parquet-java's column writers: a binary value is written from the caller's floats or ints as
 * little-endian bytes into the page, never copied into a byte array of its own. Meant for rows with large binary
 * values, such as the {@code frames} table's tensors: {@link RowsParquetFile} copies each such value through an
 * array of its own, a record object and the column writer's buffers.
 *
 * <p>The file is what {@link RowsParquetFile} writes for the same schema (Parquet types from
 * {@link RowsParquetFile#parquetSchema}, Spark's schema in the footer), with min/max statistics for the string, int
 * and bigint columns and none for binary ones. The codec is the caller's (Spark's name; see {@link #supports}). The
 * file is created with the first row; a writer that gets none writes nothing.
 *
 * <p>Usage per row: one value per column through {@link #string}, {@link #integer}, {@link #bigint},
 * {@link #floats} or {@link #ints}, then {@link #endRow()}; then {@link #finish()}. Not thread-safe.
 */
public final class DirectRowsFile implements Closeable {
  /** Bytes of a column's page before the row's page is written. */
  static final int PAGE_BYTES = 1 << 20;
  /** Bytes of a row group before it is flushed to the file. */
  static final long ROW_GROUP_BYTES = 128L << 20;

  private final FileSystem fs;
  private final Path file;
  private final String name;
  private final StructType sparkSchema;
  private final MessageType schema;
  private final ColumnDescriptor[] cols;
  private final String sparkCodec;
  private final Configuration conf;
  private final int pageBytes;
  private final long rowGroupBytes;
  private final Column[] columns;

  private PageCodec codec;
  private ParquetFileWriter out;
  private ColumnChunkPageWriteStore store;
  private PageWriter[] pages;
  private int rowsInPage;
  private long rowsInGroup;
  private long bytesInGroup;
  private long rows;
  private int set;
  private boolean finished;

  /** True when this class writes Spark's codec {@code sparkCodec} (uncompressed, snappy, zstd). */
  public static boolean supports(String sparkCodec) {
    try {
      PageCodec.named(sparkCodec);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A writer of {@code folder/name} (which must not exist) with the rows of {@code schema}.
   *
   * @throws IllegalArgumentException when a column is nullable or of another type, or the codec is not supported
   */
  public DirectRowsFile(Path folder, String name, StructType schema, String sparkCodec, Configuration conf)
      throws IOException {
    this(folder, name, schema, sparkCodec, conf, PAGE_BYTES, ROW_GROUP_BYTES);
  }

  DirectRowsFile(Path folder, String name, StructType schema, String sparkCodec, Configuration conf, int pageBytes,
      long rowGroupBytes) throws IOException {
    PageCodec.named(sparkCodec); // refuses an unsupported codec now
    this.file = new Path(folder, name);
    this.fs = file.getFileSystem(conf);
    this.name = name;
    this.sparkSchema = schema;
    this.schema = RowsParquetFile.parquetSchema(schema);
    this.cols = this.schema.getColumns().toArray(new ColumnDescriptor[0]);
    this.sparkCodec = sparkCodec;
    this.conf = conf;
    this.pageBytes = pageBytes;
    this.rowGroupBytes = rowGroupBytes;
    if (cols.length > 31) {
      throw new IllegalArgumentException(cols.length + " columns; at most 31 are written directly");
    }
    this.columns = new Column[cols.length];
    for (int i = 0; i < cols.length; i++) {
      if (cols[i].getPrimitiveType().getRepetition() != Type.Repetition.REQUIRED) {
        throw new IllegalArgumentException("column " + schema.fields()[i].name() + " is nullable; only required "
            + "columns are written directly");
      }
      columns[i] = new Column(cols[i].getPrimitiveType().getPrimitiveTypeName());
    }
  }

  /** The string value of column {@code col} of this row. */
  public void string(int col, String v) {
    Column c = column(col, PrimitiveTypeName.BINARY);
    byte[] b = v.getBytes(StandardCharsets.UTF_8);
    c.ensure(4 + b.length);
    c.putInt(b.length);
    System.arraycopy(b, 0, c.buf, c.pos, b.length);
    c.pos += b.length;
    Binary x = Binary.fromConstantByteArray(b);
    if (c.minBinary == null || x.compareTo(c.minBinary) < 0) {
      c.minBinary = x;
    }
    if (c.maxBinary == null || x.compareTo(c.maxBinary) > 0) {
      c.maxBinary = x;
    }
  }

  /** The int value of column {@code col} of this row. */
  public void integer(int col, int v) {
    Column c = column(col, PrimitiveTypeName.INT32);
    c.ensure(4);
    c.putInt(v);
    c.minLong = Math.min(c.minLong, v);
    c.maxLong = Math.max(c.maxLong, v);
  }

  /** The bigint value of column {@code col} of this row. */
  public void bigint(int col, long v) {
    Column c = column(col, PrimitiveTypeName.INT64);
    c.ensure(8);
    ByteBuffer.wrap(c.buf, c.pos, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
    c.pos += 8;
    c.minLong = Math.min(c.minLong, v);
    c.maxLong = Math.max(c.maxLong, v);
  }

  /** The binary value of column {@code col} of this row: {@code v[0, n)} as float32 little-endian. */
  public void floats(int col, float[] v, int n) {
    binary(col, n).asFloatBuffer().put(v, 0, n);
  }

  /** The binary value of column {@code col} of this row: {@code v[0, n)} as int32 little-endian. */
  public void ints(int col, int[] v, int n) {
    binary(col, n).asIntBuffer().put(v, 0, n);
  }

  /** A binary value of {@code n} 4-byte elements in column {@code col}: its length written, its bytes to fill. */
  private ByteBuffer binary(int col, int n) {
    Column c = column(col, PrimitiveTypeName.BINARY);
    c.ensure(4 + 4L * n);
    c.putInt(4 * n);
    ByteBuffer b = ByteBuffer.wrap(c.buf, c.pos, 4 * n).order(ByteOrder.LITTLE_ENDIAN);
    c.pos += 4 * n;
    return b;
  }

  private Column column(int col, PrimitiveTypeName want) {
    if (finished) {
      throw new IllegalStateException("finished");
    }
    Column c = columns[col];
    if (c.type != want) {
      throw new IllegalArgumentException("column " + sparkSchema.fields()[col].name() + " is " + c.type + ", not "
          + want);
    }
    if ((set & (1 << col)) != 0) {
      throw new IllegalStateException("column " + sparkSchema.fields()[col].name() + " set twice in one row");
    }
    set |= 1 << col;
    return c;
  }

  /** Ends the row; every column must have its value. */
  public void endRow() throws IOException {
    if (set != (1 << cols.length) - 1) {
      for (int i = 0; i < cols.length; i++) {
        if ((set & (1 << i)) == 0) {
          throw new IllegalStateException("row " + rows + " has no value for column " + sparkSchema.fields()[i].name());
        }
      }
    }
    set = 0;
    rows++;
    rowsInPage++;
    if (out == null) {
      open();
    }
    for (Column c : columns) {
      if (c.pos >= pageBytes) {
        flushPage();
        break;
      }
    }
    if (bytesInGroup >= rowGroupBytes) {
      flushRowGroup();
      newRowGroup();
    }
  }

  private void open() throws IOException {
    codec = PageCodec.named(sparkCodec);
    out = new ParquetFileWriter(DataFiles.create(fs, file, conf), schema, ParquetFileWriter.Mode.CREATE,
        Long.MAX_VALUE, 0, 64, Integer.MAX_VALUE, false);
    out.start();
    newRowGroup();
  }

  private void newRowGroup() {
    store = new ColumnChunkPageWriteStore(codec, schema, HeapByteBufferAllocator.getInstance(), 64, false);
    pages = new PageWriter[cols.length];
    for (int i = 0; i < cols.length; i++) {
      pages[i] = store.getPageWriter(cols[i]);
    }
    rowsInGroup = 0;
    bytesInGroup = 0;
  }

  private void flushPage() throws IOException {
    if (rowsInPage == 0) {
      return;
    }
    for (int i = 0; i < cols.length; i++) {
      Column c = columns[i];
      Statistics<?> stats = Statistics.createStats(cols[i].getPrimitiveType());
      if (c.type == PrimitiveTypeName.INT32) {
        ((org.apache.parquet.column.statistics.IntStatistics) stats).setMinMax((int) c.minLong, (int) c.maxLong);
      } else if (c.type == PrimitiveTypeName.INT64) {
        ((org.apache.parquet.column.statistics.LongStatistics) stats).setMinMax(c.minLong, c.maxLong);
      } else if (c.minBinary != null) {
        ((org.apache.parquet.column.statistics.BinaryStatistics) stats).setMinMax(c.minBinary, c.maxBinary);
      }
      // writePage compresses and copies the bytes before it returns: the column's buffer is reused
      pages[i].writePage(BytesInput.from(c.buf, 0, c.pos), rowsInPage, rowsInPage, stats, Encoding.BIT_PACKED,
          Encoding.BIT_PACKED, Encoding.PLAIN);
      bytesInGroup += c.pos;
      c.reset();
    }
    rowsInGroup += rowsInPage;
    rowsInPage = 0;
  }

  private void flushRowGroup() throws IOException {
    flushPage();
    if (rowsInGroup > 0) {
      out.startBlock(rowsInGroup);
      store.flushToFileWriter(out);
      out.endBlock();
    }
    store.close();
  }

  /**
   * Writes what is buffered and the footer; returns the file, or null when no row was written (no file then).
   *
   * @throws IllegalStateException when a row was started and not ended
   */
  public RowsParquetFile.Written finish() throws IOException {
    if (set != 0) {
      throw new IllegalStateException("a row was not ended");
    }
    finished = true;
    if (out == null) {
      return null;
    }
    flushRowGroup();
    out.end(Map.of("org.apache.spark.sql.parquet.row.metadata", sparkSchema.json()));
    codec.release();
    long[] st = DataFiles.sizeAndTime(fs, file);
    RowsParquetFile.Written w = new RowsParquetFile.Written(name, st[0], st[1], rows);
    out = null;
    return w;
  }

  /** Deletes the file unless {@link #finish()} completed. */
  @Override
  public void close() throws IOException {
    if (out != null) {
      out = null;
      DataFiles.delete(fs, file);
    }
  }

  /** One column's page being filled: PLAIN values, little-endian, and their min/max. */
  private static final class Column {
    final PrimitiveTypeName type;
    byte[] buf = new byte[1 << 12];
    int pos;
    long minLong = Long.MAX_VALUE;
    long maxLong = Long.MIN_VALUE;
    Binary minBinary;
    Binary maxBinary;

    Column(PrimitiveTypeName type) {
      this.type = type;
    }

    void ensure(long more) {
      if (pos + more > buf.length) {
        if (pos + more > Integer.MAX_VALUE - 16) {
          throw new IllegalArgumentException("a page of more than 2 GB");
        }
        buf = Arrays.copyOf(buf, (int) Math.max(pos + more, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
      }
    }

    void putInt(int v) {
      buf[pos] = (byte) v;
      buf[pos + 1] = (byte) (v >>> 8);
      buf[pos + 2] = (byte) (v >>> 16);
      buf[pos + 3] = (byte) (v >>> 24);
      pos += 4;
    }

    void reset() {
      pos = 0;
      minLong = Long.MAX_VALUE;
      maxLong = Long.MIN_VALUE;
      minBinary = null;
      maxBinary = null;
    }
  }
}
