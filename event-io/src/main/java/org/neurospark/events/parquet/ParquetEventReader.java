package org.neurospark.events.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.arrow.EventSchema;
import org.neurospark.events.io.AbstractEventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;

/**
 * Reads Parquet event files written by {@link ParquetEventWriter} (schema {@link ParquetEventSchema}), column by
 * column through Parquet's column readers, one row group in memory at a time, without Hadoop.
 *
 * <p>{@link #info()} reports format {@link EventFormat#PARQUET} and the sensor size from the key-value metadata (0
 * when absent); {@link #sourceFormat()} names the format of the recording the events came from. Events
 * outside a declared sensor size raise {@link EventFileException} (offset = the row group's starting byte).
 */
public final class ParquetEventReader extends AbstractEventReader {
  private final ParquetFileReader reader;
  private final MessageType schema;
  private final String createdBy;
  private final List<BlockMetaData> rowGroups;
  private final Map<String, String> metadata;
  private final int width;
  private final int height;
  private final GroupConverter converter = new IgnoringConverter();
  private final PlainColumnCursor tc = new PlainColumnCursor(EventSchema.T, 8);
  private final PlainColumnCursor xc = new PlainColumnCursor(EventSchema.X, 4);
  private final PlainColumnCursor yc = new PlainColumnCursor(EventSchema.Y, 4);
  private final PlainColumnCursor pc = new PlainColumnCursor(EventSchema.P, 4);
  private boolean plain;
  private ColumnReader tr;
  private ColumnReader xr;
  private ColumnReader yr;
  private ColumnReader pr;
  private long rowsLeft;
  private int group = -1;
  private long groupOffset;
  private long bytes;

  /** Opens local file {@code file}. */
  public ParquetEventReader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source} through a {@link ByteSourceInputFile}; the reader owns the source from here on (closed by
   * {@link #close()} and by a failing constructor).
   */
  public ParquetEventReader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    String file = source.name();
    ParquetFileReader r = null;
    try {
      checkTail(source);
      try {
        r = ParquetFileReader.open(new ByteSourceInputFile(source),
            HadoopFreeReadOptions.create(new HadoopFreeCodecs()));
      } catch (IOException | RuntimeException e) {
        throw new EventFileException(file, Math.max(0, in.size() - 8), "corrupt Parquet footer: " + e.getMessage(),
            e);
      }
      schema = r.getFileMetaData().getSchema();
      createdBy = r.getFileMetaData().getCreatedBy();
      metadata = r.getFileMetaData().getKeyValueMetaData();
      rowGroups = r.getRowGroups();
      if (!schema.equals(ParquetEventSchema.MESSAGE)) {
        throw new EventFileException(file, -1, "Parquet schema is not the Neurospark event schema: " + schema);
      }
      int[] size = EventSchema.sensorSize(file, metadata, "Parquet key-value metadata");
      width = size[0];
      height = size[1];
      setInfo(new RecordingInfo(file, EventFormat.PARQUET, width, height));
    } catch (IOException | RuntimeException e) {
      try {
        if (r != null) {
          r.close();
        }
      } finally {
        in.close();
      }
      throw e;
    }
    reader = r;
  }

  /** The file's key-value metadata (source file, format, sensor size, ...). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Format id of the recording the events came from ({@link EventSchema#FORMAT}), or "" when not recorded. */
  public String sourceFormat() {
    return metadata.getOrDefault(EventSchema.FORMAT, "");
  }

  /** True when the current row group is read through the PLAIN page fast path (see {@link #isPlain}). */
  boolean plainPages() {
    return plain;
  }

  /** Number of row groups. */
  public int rowGroups() {
    return rowGroups.size();
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    long[] t = batch.t();
    int[] xs = batch.x();
    int[] ys = batch.y();
    byte[] ps = batch.p();
    int cap = batch.capacity();
    int n = 0;
    final int w = width;
    final int h = height;
    final boolean sized = w > 0 && h > 0;
    while (n < cap) {
      if (rowsLeft == 0) {
        if (!nextRowGroup()) {
          break;
        }
        continue;
      }
      int take = (int) Math.min(cap - n, rowsLeft);
      if (plain) {
        try {
          tc.readLongs(t, n, take);
          xc.readInts(xs, n, take);
          yc.readInts(ys, n, take);
          int bad = pc.readBits(ps, n, take);
          for (int i = n; i < n + take; i++) {
            int x = xs[i];
            int y = ys[i];
            if (x < 0 || y < 0 || (sized && (x >= w || y >= h)) || i == bad) {
              throw error(groupOffset, "row group " + group + ": (x, y, p) = (" + x + ", " + y + ", " + ps[i]
                  + ") outside the " + w + " x " + h + " sensor or p not 0/1");
            }
          }
        } catch (RuntimeException e) {
          throw new EventFileException(in.name(), groupOffset, "corrupt Parquet row group " + group + ": "
              + e.getMessage(), e);
        }
        n += take;
        rowsLeft -= take;
        continue;
      }
      try {
        for (int i = 0; i < take; i++, n++) {
          t[n] = tr.getLong();
          tr.consume();
          int x = xr.getInteger();
          xr.consume();
          int y = yr.getInteger();
          yr.consume();
          int p = pr.getInteger();
          pr.consume();
          if (x < 0 || y < 0 || (sized && (x >= w || y >= h)) || (p & ~1) != 0) {
            throw error(groupOffset, "row group " + group + ": (x, y, p) = (" + x + ", " + y + ", " + p
                + ") outside the " + w + " x " + h + " sensor or p not 0/1");
          }
          xs[n] = x;
          ys[n] = y;
          ps[n] = (byte) p;
        }
      } catch (EventFileException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EventFileException(in.name(), groupOffset, "corrupt Parquet row group " + group + ": "
            + e.getMessage(), e);
      }
      rowsLeft -= take;
    }
    batch.setSize(n);
  }

  private boolean nextRowGroup() throws IOException {
    if (group + 1 >= rowGroups.size()) {
      return false;
    }
    group++;
    BlockMetaData block = rowGroups.get(group);
    groupOffset = block.getStartingPos();
    PageReadStore pages;
    try {
      pages = reader.readNextRowGroup();
      if (pages == null) {
        throw new EventFileException(in.name(), groupOffset, "row group " + group + " is missing");
      }
      List<ColumnDescriptor> cols = schema.getColumns();
      plain = isPlain(block);
      if (plain) {
        tc.reset(pages.getPageReader(cols.get(0)));
        xc.reset(pages.getPageReader(cols.get(1)));
        yc.reset(pages.getPageReader(cols.get(2)));
        pc.reset(pages.getPageReader(cols.get(3)));
      } else {
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, converter, schema, createdBy);
        tr = store.getColumnReader(cols.get(0));
        xr = store.getColumnReader(cols.get(1));
        yr = store.getColumnReader(cols.get(2));
        pr = store.getColumnReader(cols.get(3));
      }
    } catch (EventFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new EventFileException(in.name(), groupOffset, "corrupt Parquet row group " + group + ": "
          + e.getMessage(), e);
    }
    rowsLeft = pages.getRowCount();
    bytes = groupOffset + block.getCompressedSize();
    return true;
  }

  /**
   * True when every column chunk of the row group is PLAIN-encoded with V1 pages only (what
   * {@link ParquetEventWriter} writes): the page-to-array fast path applies. Other files (dictionary or V2 pages,
   * written by other tools) go through Parquet's column readers.
   */
  private static boolean isPlain(BlockMetaData block) {
    for (ColumnChunkMetaData c : block.getColumns()) {
      EncodingStats st = c.getEncodingStats();
      if (st == null || st.hasDictionaryPages() || st.usesV2Pages()
          || !st.getDataEncodings().equals(java.util.Set.of(Encoding.PLAIN))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long bytesRead() {
    return bytes;
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      super.close();
    }
  }

  /** The column readers need a converter tree; values are read with getLong/getInteger instead. */
  private static final class IgnoringConverter extends GroupConverter {
    private final PrimitiveConverter ignore = new PrimitiveConverter() {};

    @Override
    public Converter getConverter(int fieldIndex) {
      return ignore;
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }

  /**
   * The end of a Parquet file is its footer, its length (4 bytes LE) and the magic {@code PAR1}; a file cut short
   * (an interrupted write or copy) has none of them. Says so in the user's terms before Parquet's own text.
   */
  private static void checkTail(ByteSource source) throws IOException {
    long size = source.size();
    if (size < 12) {
      throw new EventFileException(source.name(), 0, "not a Parquet file: " + size + " bytes, too short for the"
          + " PAR1 magic, a footer and its length");
    }
    byte[] tail = new byte[8];
    source.readFully(size - 8, tail, 0, 8);
    if (tail[4] != 'P' || tail[5] != 'A' || tail[6] != 'R' || tail[7] != '1') {
      throw new EventFileException(source.name(), size - 4, "truncated Parquet file: footer missing (no PAR1 magic"
          + " at the end; an interrupted write or copy leaves such a file)");
    }
    long footer = java.nio.ByteBuffer.wrap(tail, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()
        & 0xffffffffL;
    if (footer > size - 12) {
      throw new EventFileException(source.name(), size - 8, "corrupt Parquet file: footer length " + footer
          + " exceeds the file (" + size + " bytes)");
    }
  }
}
