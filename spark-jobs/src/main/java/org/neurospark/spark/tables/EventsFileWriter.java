package org.neurospark.spark.tables;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.BinaryStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.neurospark.events.EventBatch;

/**
 * Writes one Parquet data file of the {@code events} table ({@link Tables#EVENTS} without the partition columns:
 * {@code sample_id} string, {@code t} bigint µs, {@code x}, {@code y} smallint pixels, {@code p} tinyint) straight
 * from event-io's {@link EventBatch} columns into Parquet pages: no rows, no per-event objects, no Spark.
 *
 * <p>Encodings (all in the Parquet format specification and read by Spark's vectorized reader, parquet-java,
 * DuckDB and pyarrow): {@code sample_id} dictionary + RLE (one run per sample), {@code t} DELTA_BINARY_PACKED
 * (timestamps grow slowly: a few bits per event), {@code x}, {@code y}, {@code p} dictionary + bit-packing with
 * the row group's range 0..max as the dictionary, so a value is its own id (a sensor has few distinct coordinates;
 * encoding is a copy and a pack, no lookup). Data pages are version 1. Column chunks are compressed with the caller's
 * codec ({@link PageCodec}), except a numeric one whose first page the codec would not make {@link #MIN_SAVING}
 * smaller: it is stored uncompressed (the format records the codec per chunk). Every page and column chunk carries
 * min/max statistics, and the footer column/offset indexes.
 *
 * <p>Usage: {@link #startSample(String)} before the events of each sample, then {@link #write} batches in file
 * order; {@link #close()} finishes the file. A sample's events are contiguous in the file. Rows are buffered until
 * a row group reaches {@link #ROW_GROUP_ROWS} events (about 4 bytes each once encoded). Not thread-safe.
 */
public final class EventsFileWriter implements Closeable {
  /** The Parquet message type of an events data file (partition columns live in the folder names). */
  public static final MessageType SCHEMA = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("sample_id")
      .required(PrimitiveTypeName.INT64).named("t")
      .required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named("x")
      .required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named("y")
      .required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, true)).named("p")
      .named("spark_schema");

  /** Events per data page. */
  public static final int PAGE_ROWS = 1 << 17;
  /** Events per row group. */
  public static final int ROW_GROUP_ROWS = 1 << 22;

  private static final int COLUMN_INDEX_TRUNCATE = 64;
  /** 8-value groups per bit-packed run: 60 (480 values) keeps the run header in one byte. */
  private static final int RUN_GROUPS = 60;
  private static final int STATS_TRUNCATE = Integer.MAX_VALUE;
  /** A column chunk is stored compressed when that makes its first page at least this share smaller. */
  static final double MIN_SAVING = 1.0 / 32;
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);

  private final ParquetFileWriter file;
  private final PageCodec codec;
  private final int pageRows;
  private final int rowGroupRows;
  private final ColumnDescriptor[] cols;

  /** The row group's column chunks, one store each: each is created at its first page, with its own codec. */
  private ColumnChunkPageWriteStore[] stores;
  private PageWriter[] pages;

  // the page being filled: the columns as they arrive (x, y, p are their own dictionary ids, see RangeDictionary)
  private final long[] t;
  private final int[] x;
  private final int[] y;
  private final byte[] p;
  private final int[] pIds;
  private int n;
  private int[] runIds = new int[16];
  private int[] runLens = new int[16];
  private int runs;

  // row-group dictionaries
  private final Map<String, Integer> idIndex = new HashMap<>();
  private final List<Binary> ids = new ArrayList<>();
  private final RangeDictionary xDict = new RangeDictionary();
  private final RangeDictionary yDict = new RangeDictionary();
  private final RangeDictionary pDict = new RangeDictionary();
  private final DeltaLongEncoder tEncoder = new DeltaLongEncoder();

  private int currentId = -1;
  private String currentSample;
  private long rowsInGroup;
  private long rows;
  private String minSample;
  private String maxSample;
  private boolean closed;
  /**
   * Bytes of the page being encoded. Pages are handed to Parquet wrapping this array: {@code PageWriter.writePage}
   * compresses and copies them into the column chunk before it returns.
   */
  private byte[] scratch = new byte[1 << 16];

  /** A writer with the default page and row-group sizes. */
  public EventsFileWriter(OutputFile out, PageCodec codec) throws IOException {
    this(out, codec, PAGE_ROWS, ROW_GROUP_ROWS);
  }

  /**
   * A writer creating {@code out} (it must not exist).
   *
   * @param pageRows events per data page (a multiple of 8)
   * @param rowGroupRows events per row group (at least {@code pageRows})
   */
  public EventsFileWriter(OutputFile out, PageCodec codec, int pageRows, int rowGroupRows) throws IOException {
    if (pageRows <= 0 || pageRows % 8 != 0 || rowGroupRows < pageRows) {
      throw new IllegalArgumentException("pageRows " + pageRows + " (a positive multiple of 8), rowGroupRows "
          + rowGroupRows + " (at least pageRows)");
    }
    this.codec = codec;
    this.pageRows = pageRows;
    this.rowGroupRows = rowGroupRows;
    this.cols = SCHEMA.getColumns().toArray(new ColumnDescriptor[0]);
    this.t = new long[pageRows];
    this.x = new int[pageRows];
    this.y = new int[pageRows];
    this.p = new byte[pageRows];
    this.pIds = new int[pageRows];
    this.file = new ParquetFileWriter(out, SCHEMA, ParquetFileWriter.Mode.CREATE, Long.MAX_VALUE, 0,
        COLUMN_INDEX_TRUNCATE, STATS_TRUNCATE, false);
    file.start();
    newRowGroup();
  }

  private void newRowGroup() {
    stores = new ColumnChunkPageWriteStore[cols.length];
    pages = new PageWriter[cols.length];
    idIndex.clear();
    ids.clear();
    xDict.clear();
    yDict.clear();
    pDict.clear();
    currentId = -1;
    rowsInGroup = 0;
  }

  /** The events written next belong to {@code sampleId} (until the next call). */
  public void startSample(String sampleId) {
    currentSample = sampleId;
    currentId = -1;
    if (minSample == null || sampleId.compareTo(minSample) < 0) {
      minSample = sampleId;
    }
    if (maxSample == null || sampleId.compareTo(maxSample) > 0) {
      maxSample = sampleId;
    }
  }

  /**
   * Appends events {@code [from, to)} of {@code b} to the current sample.
   *
   * @throws IllegalArgumentException when an x or y is outside 0..32767 (the events table's smallint, pixel
   *     coordinates are never negative) or a p outside 0..127 (nothing is written)
   */
  public void write(EventBatch b, int from, int to) throws IOException {
    if (currentSample == null) {
      throw new IllegalStateException("startSample before write");
    }
    int[] bx = b.x();
    int[] by = b.y();
    byte[] bp = b.p();
    // one pass, no branch per event: a value outside 0..32767 sets a bit above bit 14
    int bits = 0;
    for (int i = from; i < to; i++) {
      bits |= bx[i] | by[i] | bp[i] << 8;
    }
    if ((bits & ~Short.MAX_VALUE) != 0) {
      throw new IllegalArgumentException(outOfRange(bx, by, bp, from, to));
    }
    long[] bt = b.t();
    int i = from;
    while (i < to) {
      if (currentId < 0) {
        Integer id = idIndex.get(currentSample);
        if (id == null) {
          id = ids.size();
          ids.add(Binary.fromString(currentSample));
          idIndex.put(currentSample, id);
        }
        currentId = id;
      }
      int k = Math.min(to - i, pageRows - n);
      System.arraycopy(bt, i, t, n, k);
      System.arraycopy(bx, i, x, n, k);
      System.arraycopy(by, i, y, n, k);
      System.arraycopy(bp, i, p, n, k);
      if (runs > 0 && runIds[runs - 1] == currentId) {
        runLens[runs - 1] += k;
      } else {
        if (runs == runIds.length) {
          runIds = Arrays.copyOf(runIds, runs * 2);
          runLens = Arrays.copyOf(runLens, runs * 2);
        }
        runIds[runs] = currentId;
        runLens[runs++] = k;
      }
      n += k;
      i += k;
      rows += k;
      rowsInGroup += k;
      if (n == pageRows) {
        flushPage();
        if (rowsInGroup >= rowGroupRows) {
          flushRowGroup();
          newRowGroup();
        }
      }
    }
  }

  /** The message naming the first event of {@code [from, to)} that does not fit the table's columns. */
  private String outOfRange(int[] bx, int[] by, byte[] bp, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bx[i] < 0 || bx[i] > Short.MAX_VALUE || by[i] < 0 || by[i] > Short.MAX_VALUE) {
        return "event (x=" + bx[i] + ", y=" + by[i] + ") of " + currentSample
            + " does not fit the events table's smallint pixel columns (0.." + Short.MAX_VALUE + ")";
      }
      if (bp[i] < 0) {
        return "event with polarity " + bp[i] + " of " + currentSample + " (the events table's p is 0.."
            + Byte.MAX_VALUE + ")";
      }
    }
    throw new AssertionError("no event out of range");
  }

  /** Events written so far. */
  public long rows() {
    return rows;
  }

  /** The smallest sample id written (null before the first {@link #startSample}). */
  public String minSample() {
    return minSample;
  }

  /** The largest sample id written (null before the first {@link #startSample}). */
  public String maxSample() {
    return maxSample;
  }

  /** Bytes written to the file so far (whole row groups; the footer comes with {@link #close()}). */
  public long bytesWritten() throws IOException {
    return file.getPos();
  }

  private void flushPage() throws IOException {
    if (n == 0) {
      return;
    }
    // sample_id: dictionary ids as RLE runs
    int idWidth = bitWidth(ids.size());
    int idBytes = (idWidth + 7) / 8;
    ensureScratch(1 + runs * (5 + idBytes));
    int pos = 0;
    scratch[pos++] = (byte) idWidth;
    Binary minId = null;
    Binary maxId = null;
    for (int r = 0; r < runs; r++) {
      pos = varint(scratch, pos, runLens[r] << 1);
      int v = runIds[r];
      for (int j = 0; j < idBytes; j++) {
        scratch[pos++] = (byte) (v >>> (8 * j));
      }
      Binary id = ids.get(v);
      if (minId == null || id.compareTo(minId) < 0) {
        minId = id;
      }
      if (maxId == null || id.compareTo(maxId) > 0) {
        maxId = id;
      }
    }
    BinaryStatistics sStats = (BinaryStatistics) Statistics.createStats(cols[0].getPrimitiveType());
    sStats.setMinMax(minId, maxId);
    BytesInput idPage = BytesInput.from(scratch, 0, pos);
    page(0, idPage).writePage(idPage, n, n, sStats, Encoding.BIT_PACKED,
        Encoding.BIT_PACKED, Encoding.PLAIN_DICTIONARY);

    // t: DELTA_BINARY_PACKED
    long tMin = Long.MAX_VALUE;
    long tMax = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long v = t[i];
      tMin = Math.min(tMin, v);
      tMax = Math.max(tMax, v);
    }
    tEncoder.encode(t, n);
    LongStatistics tStats = (LongStatistics) Statistics.createStats(cols[1].getPrimitiveType());
    tStats.setMinMax(tMin, tMax);
    BytesInput tPage = BytesInput.from(tEncoder.bytes(), 0, tEncoder.size());
    page(1, tPage).writePage(tPage, n, n, tStats,
        Encoding.BIT_PACKED, Encoding.BIT_PACKED, Encoding.DELTA_BINARY_PACKED);

    writeDictionaryIds(2, xDict, x);
    writeDictionaryIds(3, yDict, y);
    writeDictionaryIds(4, pDict, p);
    n = 0;
    runs = 0;
  }

  /** A page of a pixel column: its values are their own dictionary ids ({@link RangeDictionary}). */
  private void writeDictionaryIds(int c, RangeDictionary dict, int[] values) throws IOException {
    long minMax = minMax(values, n);
    int groups = (n + 7) / 8;
    Arrays.fill(values, n, groups * 8, 0); // padding of the last group
    writeIdPage(c, dict, values, (int) (minMax >> 32), (int) minMax);
  }

  /** {@code (min << 32) | (max & 0xFFFFFFFF)} of {@code v[0, n)}: {@link VectorRanges} where the Vector API is. */
  static long minMax(int[] v, int n) {
    if (DeltaLongEncoder.VECTOR) {
      return VectorRanges.minMax(v, n);
    }
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      int x = v[i];
      // branches, not min/max: after the first events they are almost never taken (measured 2-3x faster)
      if (x < min) {
        min = x;
      }
      if (x > max) {
        max = x;
      }
    }
    return (long) min << 32 | (max & 0xFFFFFFFFL);
  }

  /** A page of the polarity column: bytes, their own dictionary ids; 0/1 bytes are packed 8 to a multiply. */
  private void writeDictionaryIds(int c, RangeDictionary dict, byte[] values) throws IOException {
    int or = 0;
    int and = 1;
    for (int i = 0; i < n; i++) {
      or |= values[i];
      and &= values[i];
    }
    int groups = (n + 7) / 8;
    Arrays.fill(values, n, groups * 8, (byte) 0);
    if ((or & ~1) != 0) {
      // polarities beyond 0/1 (never from event-io's readers): general ids
      for (int i = 0; i < groups * 8; i++) {
        pIds[i] = values[i];
      }
      long minMax = minMax(pIds, n);
      writeIdPage(c, dict, pIds, (int) (minMax >> 32), (int) minMax);
      return;
    }
    // all 0 or 1: the minimum is their AND, the maximum their OR
    int min = and;
    int max = or;
    dict.include(max);
    ensureScratch(1 + groups + (groups / RUN_GROUPS + 1));
    int pos = 0;
    scratch[pos++] = 1; // bit width
    for (int g = 0; g < groups; g += RUN_GROUPS) {
      int k = Math.min(RUN_GROUPS, groups - g);
      scratch[pos++] = (byte) ((k << 1) | 1);
      for (int j = 0; j < k; j++) {
        scratch[pos++] = packBits((long) LONG_LE.get(values, (g + j) * 8));
      }
    }
    writeIds(c, pos, min, max);
  }

  /**
   * Eight 0/1 bytes (little-endian in {@code v}) as eight bits, the first byte in the lowest bit: the multiply moves
   * byte i's bit to bit 56 + i, and no partial products overlap there.
   */
  static byte packBits(long v) {
    return (byte) ((v * 0x0102040810204080L) >>> 56);
  }

  /** Bit width, then bit-packed runs of 8-value groups (RLE/bit-packing hybrid) of {@code ids[0, n)} padded to 8. */
  private void writeIdPage(int c, RangeDictionary dict, int[] idsOfPage, int min, int max) throws IOException {
    dict.include(max);
    int width = bitWidth(max + 1);
    int groups = (n + 7) / 8;
    ensureScratch(1 + groups * width + (groups / RUN_GROUPS + 1) + BitPacker.SLACK);
    int pos = 0;
    scratch[pos++] = (byte) width;
    for (int g = 0; g < groups; g += RUN_GROUPS) {
      int k = Math.min(RUN_GROUPS, groups - g);
      scratch[pos++] = (byte) ((k << 1) | 1);
      pos = BitPacker.pack(idsOfPage, g * 8, k, width, scratch, pos);
    }
    writeIds(c, pos, min, max);
  }

  private void writeIds(int c, int bytes, int min, int max) throws IOException {
    IntStatistics stats = (IntStatistics) Statistics.createStats(cols[c].getPrimitiveType());
    stats.setMinMax(min, max);
    BytesInput page = BytesInput.from(scratch, 0, bytes);
    page(c, page).writePage(page, n, n, stats, Encoding.BIT_PACKED, Encoding.BIT_PACKED,
        Encoding.PLAIN_DICTIONARY);
  }

  /**
   * The page writer of column {@code c} in this row group. At the column's first page the chunk gets its codec:
   * {@code sample_id} (whose dictionary of strings compresses) always the writer's; a numeric column the writer's when
   * that makes {@code first} at least {@link #MIN_SAVING} smaller, else none. Bit-packed ids and delta-packed
   * timestamps leave a byte-oriented compressor little to find (snappy saved 0.0 % of the simulated N-MNIST's t, x, y
   * and p), so compressing them on every write and decompressing them on every read bought nothing. The Parquet
   * format records the codec per column chunk, and every reader honours it.
   */
  private PageWriter page(int c, BytesInput first) throws IOException {
    PageWriter w = pages[c];
    if (w == null) {
      PageCodec chunkCodec = codec;
      if (c > 0 && codec.getCodecName() != CompressionCodecName.UNCOMPRESSED) {
        long raw = first.size();
        long packed = codec.compress(first).size();
        if (packed > raw - raw * MIN_SAVING) {
          chunkCodec = PageCodec.named("uncompressed");
        }
      }
      MessageType one = new MessageType(SCHEMA.getName(), SCHEMA.getType(c));
      stores[c] = new ColumnChunkPageWriteStore(chunkCodec, one, HeapByteBufferAllocator.getInstance(),
          COLUMN_INDEX_TRUNCATE, false);
      w = pages[c] = stores[c].getPageWriter(cols[c]);
    }
    return w;
  }

  private void flushRowGroup() throws IOException {
    flushPage();
    if (rowsInGroup == 0) {
      return; // no page, no chunk stores
    }
    // dictionary pages (PLAIN values), one per dictionary-encoded column chunk
    int bytes = 0;
    for (Binary b : ids) {
      bytes += 4 + b.length();
    }
    ByteBuffer d = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (Binary b : ids) {
      d.putInt(b.length());
      d.put(b.toByteBuffer());
    }
    pages[0].writeDictionaryPage(new DictionaryPage(BytesInput.from(d.array()), ids.size(),
        Encoding.PLAIN_DICTIONARY));
    pages[2].writeDictionaryPage(xDict.page());
    pages[3].writeDictionaryPage(yDict.page());
    pages[4].writeDictionaryPage(pDict.page());
    file.startBlock(rowsInGroup);
    for (ColumnChunkPageWriteStore st : stores) {
      st.flushToFileWriter(file); // the chunks in schema order
    }
    file.endBlock();
    for (ColumnChunkPageWriteStore st : stores) {
      st.close();
    }
  }

  /** Finishes the last row group and the footer. The file is complete once this returns. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushRowGroup();
      file.end(Map.of("neurospark.writer", "EventsFileWriter", "org.apache.spark.sql.parquet.row.metadata",
          SPARK_SCHEMA_JSON));
    } finally {
      codec.release();
    }
  }

  /** Spark's footer key: the schema with Spark's types (short/byte), so plain Parquet readers in Spark agree. */
  private static final String SPARK_SCHEMA_JSON = new org.apache.spark.sql.types.StructType(
      Arrays.copyOf(Tables.EVENTS.fields(), 5)).json();

  private void ensureScratch(int size) {
    if (scratch.length < size) {
      scratch = new byte[Math.max(size, scratch.length * 2)];
    }
  }

  /** Bits for ids 0..size−1, at least 1. */
  private static int bitWidth(int size) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(0, size - 1)));
  }

  private static int varint(byte[] out, int pos, int v) {
    while ((v & ~0x7F) != 0) {
      out[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[pos++] = (byte) v;
    return pos;
  }

  /**
   * The dictionary of a column of non-negative small integers (pixel coordinates, polarity): the values
   * 0..max of the row group, so every value is its own id and encoding needs no lookup. The dictionary may hold
   * values no row uses, which the Parquet format allows; it stays small (at most 32,768 entries, the sensor width).
   */
  static final class RangeDictionary {
    private int max = -1;

    void clear() {
      max = -1;
    }

    /** The row group holds values up to {@code value}. */
    void include(int value) {
      max = Math.max(max, value);
    }

    DictionaryPage page() {
      int size = max + 1;
      ByteBuffer b = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < size; i++) {
        b.putInt(i);
      }
      return new DictionaryPage(BytesInput.from(b.array()), size, Encoding.PLAIN_DICTIONARY);
    }
  }
}
