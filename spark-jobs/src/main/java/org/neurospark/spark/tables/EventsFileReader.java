package org.neurospark.spark.tables;

import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.neurospark.events.EventBatch;

/**
 * Reads one Parquet data file of the {@code events} table sample by sample, column by column (Parquet's column
 * readers, no rows): {@link #nextSample} returns the events of the next run of equal {@code sample_id}s in file
 * order. Ingest writes a sample's events contiguously and in file order into one data file
 * ({@link EventsPartitionWriters}), so each run is a whole sample; a caller that knows a sample's event count can
 * check that. Reads files of any Parquet writer with the table's column types ({@code sample_id} string, {@code t}
 * int64, {@code x}/{@code y} int16 or int32, {@code p} int8 or int32); the partition columns are not in the files.
 */
public final class EventsFileReader implements Closeable {
  private static final String[] COLUMNS = {"sample_id", "t", "x", "y", "p"};

  private final String name;
  private final ParquetFileReader file;
  private final MessageType schema;
  private final ColumnDescriptor[] descriptors = new ColumnDescriptor[COLUMNS.length];
  private final String createdBy;
  private ColumnReader id;
  private ColumnReader t;
  private ColumnReader x;
  private ColumnReader y;
  private ColumnReader p;
  private long rowsLeft;
  private long row;
  private boolean pending;
  private Binary pendingId;
  private long pt;
  private int px;
  private int py;
  private int pp;

  private EventsFileReader(String name, ParquetFileReader file) {
    this.name = name;
    this.file = file;
    MessageType fileSchema = file.getFooter().getFileMetaData().getSchema();
    org.apache.parquet.schema.Type[] fields = new org.apache.parquet.schema.Type[COLUMNS.length];
    for (int i = 0; i < COLUMNS.length; i++) {
      if (!fileSchema.containsField(COLUMNS[i])) {
        throw new IllegalArgumentException(name + ": not an events data file (no column " + COLUMNS[i] + ")");
      }
      fields[i] = fileSchema.getType(COLUMNS[i]);
    }
    this.schema = new MessageType(fileSchema.getName(), fields);
    for (int i = 0; i < COLUMNS.length; i++) {
      descriptors[i] = schema.getColumnDescription(new String[] {COLUMNS[i]});
    }
    this.createdBy = file.getFooter().getFileMetaData().getCreatedBy();
    file.setRequestedSchema(schema);
  }

  /** Opens the data file at {@code uri} (any Hadoop file system) with {@code conf}. */
  public static EventsFileReader open(String uri, Configuration conf) throws IOException {
    ParquetFileReader f = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(uri), conf));
    try {
      return new EventsFileReader(uri, f);
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
  }

  /**
   * Reads the events of the next sample (a run of equal {@code sample_id}s) into {@code b}, cleared first and grown
   * as needed; returns its {@code sample_id}, or null at the end of the file.
   */
  public String nextSample(EventBatch b) throws IOException {
    b.clear();
    if (!pending && !advance()) {
      return null;
    }
    Binary current = pendingId.copy();
    add(b);
    while (advance()) {
      if (pendingId != current && !pendingId.equals(current)) {
        return current.toStringUsingUTF8();
      }
      add(b);
    }
    return current.toStringUsingUTF8();
  }

  private void add(EventBatch b) {
    if (b.isFull()) {
      b.ensureCapacity(Math.max(16, b.capacity() * 2));
    }
    b.add(pt, px, py, pp);
    pending = false;
  }

  /** Reads the next row into the pending fields; false at the end of the file. */
  private boolean advance() throws IOException {
    while (rowsLeft == 0) {
      PageReadStore pages = file.readNextRowGroup();
      if (pages == null) {
        pending = false;
        return false;
      }
      rowsLeft = pages.getRowCount();
      ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new NoConverter(COLUMNS.length), schema,
          createdBy);
      id = store.getColumnReader(descriptors[0]);
      t = store.getColumnReader(descriptors[1]);
      x = store.getColumnReader(descriptors[2]);
      y = store.getColumnReader(descriptors[3]);
      p = store.getColumnReader(descriptors[4]);
    }
    check(id, 0);
    check(t, 1);
    check(x, 2);
    check(y, 3);
    check(p, 4);
    pendingId = id.getBinary();
    pt = t.getLong();
    px = x.getInteger();
    py = y.getInteger();
    pp = p.getInteger();
    id.consume();
    t.consume();
    x.consume();
    y.consume();
    p.consume();
    rowsLeft--;
    row++;
    pending = true;
    return true;
  }

  private void check(ColumnReader c, int i) {
    if (c.getCurrentDefinitionLevel() < descriptors[i].getMaxDefinitionLevel()) {
      throw new IllegalStateException(name + ": row " + row + " has a null " + COLUMNS[i]);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** The column readers are read directly; the converters they would feed are never called. */
  private static final class NoConverter extends GroupConverter {
    private final PrimitiveConverter[] children;

    NoConverter(int n) {
      children = new PrimitiveConverter[n];
      for (int i = 0; i < n; i++) {
        children[i] = new PrimitiveConverter() {};
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
