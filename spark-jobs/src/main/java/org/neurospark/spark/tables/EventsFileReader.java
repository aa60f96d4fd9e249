package org.neurospark.spark.tables;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import org.neurospark.events.EventBatch;

/**
 * Reads one Parquet data file of the {@code events} table sample by sample, column by column (no rows; files of
 * {@link EventsFileWriter} by decoding their pages directly, others through Spark's vectorized Parquet reader):
 * {@link #nextSample} returns the events of the next run of equal {@code sample_id}s in file order. Ingest writes a sample's events contiguously and in file order into one data file
 * ({@link EventsPartitionWriters}), so each run is a whole sample; a caller that knows a sample's event count can
 * check that. Reads files of any Parquet writer with the table's column types ({@code sample_id} string, {@code t}
 * int64, {@code x}/{@code y} int16 or int32, {@code p} int8 or int32); the partition columns are not in the files.
 * The file is read with the executor's default Hadoop configuration.
 */
public final class EventsFileReader implements Closeable {
  private static final List<String> COLUMNS = List.of("sample_id", "t", "x", "y", "p");
  /** Rows per columnar batch. */
  private static final int BATCH_ROWS = 4096;

  private final String name;
  /** The page decoder for files of {@link EventsFileWriter}, else null. */
  private final EventsPagesReader pages;
  /** Spark's reader for other files, else null. */
  private final VectorizedParquetRecordReader reader;
  private ColumnVector id;
  private ColumnVector t;
  private ColumnVector x;
  private ColumnVector y;
  private ColumnVector p;
  private boolean xShort;
  private boolean yShort;
  private boolean pByte;
  private int rows;
  /** The dictionary ids of {@code sample_id} in the current batch, or null when it holds decoded strings. */
  private WritableColumnVector dictionaryIds;
  private int next;
  private long rowsBefore;

  private EventsFileReader(String name, VectorizedParquetRecordReader reader, EventsPagesReader pages) {
    this.name = name;
    this.reader = reader;
    this.pages = pages;
  }

  /**
   * Opens the data file at {@code uri}: a local path or {@code file:} URI, or a file of any Hadoop file system (read
   * with a new {@code Configuration}). A file that {@link EventsFileWriter} wrote is decoded page by page
   * ({@link EventsPagesReader}), any other through Spark's vectorized Parquet reader.
   */
  public static EventsFileReader open(String uri) throws IOException {
    EventsPagesReader own;
    try {
      own = EventsPagesReader.open(uri, inputFile(uri));
    } catch (IOException | RuntimeException e) {
      throw new IOException(uri + ": cannot be read as an events data file: " + e.getMessage(), e);
    }
    if (own != null) {
      return new EventsFileReader(uri, null, own);
    }
    return openWithSpark(uri);
  }

  /** {@code uri} through Spark's vectorized Parquet reader, whoever wrote it. */
  static EventsFileReader openWithSpark(String uri) throws IOException {
    VectorizedParquetRecordReader r = new VectorizedParquetRecordReader(false, BATCH_ROWS);
    try {
      r.initialize(uri, COLUMNS);
    } catch (IOException | RuntimeException e) {
      r.close();
      throw new IOException(uri + ": cannot be read as an events data file: " + e.getMessage(), e);
    }
    EventsFileReader f = new EventsFileReader(uri, r, null);
    try {
      ColumnarBatch b = r.resultBatch();
      f.bind(b);
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
    return f;
  }

  private void bind(ColumnarBatch b) {
    id = b.column(0);
    t = b.column(1);
    x = b.column(2);
    y = b.column(3);
    p = b.column(4);
    require(id, 0, DataTypes.StringType);
    require(t, 1, DataTypes.LongType);
    xShort = integral(x, 2);
    yShort = integral(y, 3);
    pByte = p.dataType().equals(DataTypes.ByteType);
    if (!pByte) {
      require(p, 4, DataTypes.IntegerType);
    }
  }

  private void require(ColumnVector c, int i, DataType want) {
    if (!c.dataType().equals(want)) {
      throw new IllegalArgumentException(name + ": column " + COLUMNS.get(i) + " is " + c.dataType().simpleString()
          + ", not " + want.simpleString());
    }
  }

  /** True for a smallint column, false for an int one. */
  private boolean integral(ColumnVector c, int i) {
    if (c.dataType().equals(DataTypes.ShortType)) {
      return true;
    }
    require(c, i, DataTypes.IntegerType);
    return false;
  }

  /**
   * Reads the events of the next sample (a run of equal {@code sample_id}s) into {@code b}, cleared first and grown
   * as needed; returns its {@code sample_id}, or null at the end of the file.
   */
  public String nextSample(EventBatch b) throws IOException {
    if (pages != null) {
      return pages.nextSample(b);
    }
    b.clear();
    if (next == rows && !load()) {
      return null;
    }
    check(next);
    UTF8String current = UTF8String.fromBytes(id.getUTF8String(next).getBytes());
    while (true) {
      int from = next;
      int to = from + 1;
      if (dictionaryIds != null) {
        // a dictionary-encoded batch: equal ids are equal strings (one dictionary per batch)
        int d = dictionaryIds.getInt(from);
        while (to < rows && !id.isNullAt(to) && dictionaryIds.getInt(to) == d) {
          to++;
        }
      } else {
        while (to < rows && !id.isNullAt(to) && id.getUTF8String(to).equals(current)) {
          to++;
        }
      }
      add(b, from, to);
      next = to;
      if (to < rows) {
        check(to);
        return current.toString();
      }
      if (!load()) {
        return current.toString();
      }
      check(next);
      if (!id.getUTF8String(next).equals(current)) {
        return current.toString();
      }
    }
  }

  /** Appends rows {@code [from, to)} of the current batch to {@code b}: column by column, null checks per batch. */
  private void add(EventBatch b, int from, int to) {
    int n = to - from;
    int base = b.size();
    if (base + n > b.capacity()) {
      b.ensureCapacity(Math.max(base + n, 2 * b.capacity()));
    }
    if (t.hasNull() || x.hasNull() || y.hasNull() || p.hasNull()) {
      for (int r = from; r < to; r++) {
        if (t.isNullAt(r) || x.isNullAt(r) || y.isNullAt(r) || p.isNullAt(r)) {
          throw new IllegalStateException(name + ": row " + (rowsBefore + r) + " has a null t, x, y or p");
        }
      }
    }
    long[] bt = b.t();
    for (int i = 0; i < n; i++) {
      bt[base + i] = t.getLong(from + i);
    }
    copyInts(x, xShort, from, b.x(), base, n);
    copyInts(y, yShort, from, b.y(), base, n);
    byte[] bp = b.p();
    if (pByte) {
      for (int i = 0; i < n; i++) {
        bp[base + i] = p.getByte(from + i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        bp[base + i] = (byte) p.getInt(from + i);
      }
    }
    b.setSize(base + n);
  }

  private static void copyInts(ColumnVector c, boolean shorts, int from, int[] out, int base, int n) {
    if (shorts) {
      for (int i = 0; i < n; i++) {
        out[base + i] = c.getShort(from + i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[base + i] = c.getInt(from + i);
      }
    }
  }

  private void check(int r) {
    if (id.isNullAt(r)) {
      throw new IllegalStateException(name + ": row " + (rowsBefore + r) + " has a null sample_id");
    }
  }

  /** True when the file's pages are decoded here ({@link EventsPagesReader}), false when Spark reads it. */
  boolean decodesPages() {
    return pages != null;
  }

  private static InputFile inputFile(String uri) throws IOException {
    if (!uri.contains(":")) {
      return new LocalInputFile(java.nio.file.Path.of(uri));
    }
    URI u = URI.create(uri);
    if ("file".equals(u.getScheme())) {
      return new LocalInputFile(java.nio.file.Path.of(u));
    }
    return HadoopInputFile.fromPath(new Path(u), new Configuration());
  }

  /** The next batch; false at the end of the file. */
  private boolean load() throws IOException {
    rowsBefore += rows;
    rows = 0;
    next = 0;
    dictionaryIds = null;
    while (reader.nextBatch()) {
      rows = reader.resultBatch().numRows();
      if (rows > 0) {
        if (id instanceof WritableColumnVector w && w.hasDictionary()) {
          dictionaryIds = w.getDictionaryIds();
        }
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    if (pages != null) {
      pages.close();
      return;
    }
    reader.close();
  }
}
