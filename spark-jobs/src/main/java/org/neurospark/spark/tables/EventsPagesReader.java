package org.neurospark.spark.tables;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.neurospark.events.EventBatch;

/**
 * Reads an {@code events} data file written by {@link EventsFileWriter} by decoding its pages directly: the
 * {@code sample_id}, {@code x}, {@code y} and {@code p} dictionary ids (RLE/bit-packing hybrid) and {@code t}
 * (DELTA_BINARY_PACKED) go from the decompressed page bytes straight into arrays, without Spark's column vectors.
 * parquet-java reads the footer and column chunks and decompresses the pages.
 *
 * <p>{@link #open} takes a file only when its footer names {@link EventsFileWriter} as the writer, the schema is
 * {@link EventsFileWriter#SCHEMA} and every column chunk uses only the encodings that writer writes; {@link
 * EventsFileReader} reads any other file through Spark's reader. A page that still does not decode (an unexpected
 * encoding or page version, a run past the page's end, an id outside the dictionary, columns of unequal lengths) is
 * an {@link IOException} naming the file, the column and the row.
 */
final class EventsPagesReader implements Closeable {
  private static final String WRITER = "EventsFileWriter";
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  /** Bytes readable past a page's end: the unpackers load 8 (or 16) bytes at a time. */
  private static final int SLACK = 16;
  private static final Set<Encoding> ID_ENCODINGS = Set.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY,
      Encoding.RLE_DICTIONARY, Encoding.BIT_PACKED, Encoding.RLE);
  private static final Set<Encoding> T_ENCODINGS = Set.of(Encoding.DELTA_BINARY_PACKED, Encoding.BIT_PACKED,
      Encoding.RLE);

  private final String name;
  private final ParquetFileReader file;
  private final ColumnDescriptor[] cols;
  private final IdColumn ids = new IdColumn(0);
  private final LongColumn t = new LongColumn();
  private final IdColumn x = new IdColumn(2);
  private final IdColumn y = new IdColumn(3);
  private final IdColumn p = new IdColumn(4);
  /** The sample_id dictionary of the current row group. */
  private String[] idDictionary = new String[0];
  private long rowsBefore;
  private long groupRows;
  private long groupRow;
  /** Page bytes, with {@link #SLACK} zero bytes after them. */
  private byte[] bytes = new byte[1 << 16];

  private EventsPagesReader(String name, ParquetFileReader file) {
    this.name = name;
    this.file = file;
    this.cols = EventsFileWriter.SCHEMA.getColumns().toArray(new ColumnDescriptor[0]);
  }

  /**
   * Opens {@code in} when {@link EventsFileWriter} wrote it (see the class comment); otherwise returns null, having
   * closed it.
   */
  static EventsPagesReader open(String name, InputFile in) throws IOException {
    // every row group and page, nothing filtered; a plain configuration (the default one parses Hadoop's XML
    // defaults). Options per file: they hold the decompressors, which are neither thread-safe nor kept after close
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).useStatsFilter(false)
        .useDictionaryFilter(false).useRecordFilter(false).useColumnIndexFilter(false).useBloomFilter(false).build();
    ParquetFileReader f = ParquetFileReader.open(in, options);
    try {
      if (ours(f.getFooter())) {
        return new EventsPagesReader(name, f);
      }
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
    f.close();
    return null;
  }

  private static boolean ours(ParquetMetadata footer) {
    Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
    if (!WRITER.equals(kv.get("neurospark.writer"))
        || !footer.getFileMetaData().getSchema().equals(EventsFileWriter.SCHEMA)) {
      return false;
    }
    for (BlockMetaData b : footer.getBlocks()) {
      List<ColumnChunkMetaData> chunks = b.getColumns();
      for (int c = 0; c < chunks.size(); c++) {
        if (!(c == 1 ? T_ENCODINGS : ID_ENCODINGS).containsAll(chunks.get(c).getEncodings())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Reads the events of the next sample (a run of equal {@code sample_id}s) into {@code b}, cleared first and grown
   * as needed; returns its {@code sample_id}, or null at the end of the file.
   */
  String nextSample(EventBatch b) throws IOException {
    b.clear();
    if (!available()) {
      return null;
    }
    String current = idDictionary[ids.values[ids.pos]];
    while (true) {
      int[] iv = ids.values;
      int from = ids.pos;
      int d = iv[from];
      int to = from + 1;
      int end = ids.count;
      while (to < end && iv[to] == d) {
        to++;
      }
      append(b, to - from);
      ids.pos = to;
      if (to < end || !available() || !idDictionary[ids.values[ids.pos]].equals(current)) {
        return current;
      }
    }
  }

  /** True when a row is available (loading the next page or row group as needed); false at the end of the file. */
  private boolean available() throws IOException {
    while (ids.pos == ids.count) {
      if (groupRow == groupRows) {
        if (!nextRowGroup()) {
          return false;
        }
        continue;
      }
      ids.load();
    }
    return true;
  }

  /** Appends the next {@code n} rows of t, x, y and p; the ids of those rows are the current page's. */
  private void append(EventBatch b, int n) throws IOException {
    int base = b.size();
    if (base + n > b.capacity()) {
      b.ensureCapacity(Math.max(base + n, 2 * b.capacity()));
    }
    t.copy(b.t(), base, n);
    x.copy(b.x(), base, n);
    y.copy(b.y(), base, n);
    p.copy(b.p(), base, n);
    b.setSize(base + n);
    groupRow += n;
  }

  private boolean nextRowGroup() throws IOException {
    if (groupRows > 0) {
      // every column used up together: equal lengths
      for (Column c : new Column[] {ids, t, x, y, p}) {
        if (c.pos != c.count || c.valuesLeft != 0) {
          throw error(c.column, "columns of unequal length in a row group");
        }
      }
    }
    rowsBefore += groupRows;
    PageReadStore g = file.readNextRowGroup();
    if (g == null) {
      return false;
    }
    groupRows = g.getRowCount();
    groupRow = 0;
    ids.start(g);
    t.start(g);
    x.start(g);
    y.start(g);
    p.start(g);
    DictionaryPage dp = ids.reader.readDictionaryPage();
    if (dp == null) {
      throw error(0, "no dictionary page");
    }
    idDictionary = binaryDictionary(dp);
    return true;
  }

  private String[] binaryDictionary(DictionaryPage dp) throws IOException {
    int len = pageBytes(dp.getBytes().toByteBuffer());
    int n = dp.getDictionarySize();
    String[] out = new String[n];
    int pos = 0;
    for (int i = 0; i < n; i++) {
      if (pos + 4 > len) {
        throw error(0, "dictionary page ends inside entry " + i);
      }
      int l = (int) (long) LONG_LE.get(bytes, pos); // the low 4 bytes: the length
      pos += 4;
      if (l < 0 || pos + l > len) {
        throw error(0, "dictionary entry " + i + " of " + l + " bytes runs past the page");
      }
      out[i] = new String(bytes, pos, l, StandardCharsets.UTF_8);
      pos += l;
    }
    return out;
  }

  /** Copies a page's bytes into {@link #bytes} (zero slack after them); returns their length. */
  private int pageBytes(ByteBuffer src) {
    int len = src.remaining();
    if (bytes.length < len + SLACK) {
      bytes = new byte[Math.max(len + SLACK, 2 * bytes.length)];
    }
    src.get(bytes, 0, len);
    Arrays.fill(bytes, len, len + SLACK, (byte) 0);
    return len;
  }

  private IOException error(int column, String what) {
    return new IOException(name + ": column " + cols[column].getPath()[0] + " near row "
        + (rowsBefore + groupRow) + ": " + what);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** A column's page cursor: the decoded values of the current page and the position in them. */
  private abstract class Column {
    final int column;
    PageReader reader;
    int pos;
    int count;
    /** Values of the row group's pages not yet decoded. */
    long valuesLeft;

    Column(int column) {
      this.column = column;
    }

    void start(PageReadStore g) {
      reader = g.getPageReader(cols[column]);
      valuesLeft = g.getRowCount();
      pos = 0;
      count = 0;
    }

    /** Decodes the next data page of the column chunk. */
    void load() throws IOException {
      DataPage page = reader.readPage();
      if (page == null) {
        throw error(column, "column chunk ends " + valuesLeft + " values early");
      }
      if (!(page instanceof DataPageV1 v1)) {
        throw error(column, "a data page of version 2 (the writer writes version 1)");
      }
      int n = v1.getValueCount();
      if (n <= 0 || n > valuesLeft) {
        throw error(column, "a page of " + n + " values where " + valuesLeft + " remain");
      }
      int len = pageBytes(v1.getBytes().toByteBuffer());
      decode(v1.getValueEncoding(), len, n);
      valuesLeft -= n;
      pos = 0;
      count = n;
    }

    abstract void decode(Encoding e, int len, int n) throws IOException;

    /** The current page's values: an int[], long[] or byte[] as the batch column they go to. */
    abstract Object page();

    /** Copies the next {@code n} values into {@code dst[at, at + n)}, decoding pages as needed. */
    void copy(Object dst, int at, int n) throws IOException {
      while (n > 0) {
        if (pos == count) {
          load();
        }
        int k = Math.min(n, count - pos);
        System.arraycopy(page(), pos, dst, at, k);
        pos += k;
        at += k;
        n -= k;
      }
    }
  }

  /** A dictionary-encoded int column: the page's ids, mapped through the row group's dictionary. */
  private final class IdColumn extends Column {
    int[] values = new int[0];
    /** The page's values as bytes (the polarity column only). */
    private byte[] narrow = new byte[0];
    private int[] dictionary = new int[0];
    private boolean identity;
    private boolean haveDictionary;

    IdColumn(int column) {
      super(column);
    }

    @Override
    void start(PageReadStore g) {
      super.start(g);
      haveDictionary = false;
    }

    private void readDictionary() throws IOException {
      DictionaryPage dp = reader.readDictionaryPage();
      if (dp == null) {
        throw error(column, "no dictionary page");
      }
      int n = dp.getDictionarySize();
      int len = pageBytes(dp.getBytes().toByteBuffer());
      if ((long) n * 4 > len) {
        throw error(column, "dictionary page of " + len + " bytes for " + n + " int32 values");
      }
      dictionary = new int[n];
      boolean id = true;
      for (int i = 0; i < n; i++) {
        dictionary[i] = (int) (long) LONG_LE.get(bytes, 4 * i);
        id &= dictionary[i] == i;
      }
      identity = id;
      haveDictionary = true;
    }

    @Override
    void load() throws IOException {
      if (column != 0 && !haveDictionary) {
        readDictionary();
      }
      super.load();
    }

    @Override
    void decode(Encoding e, int len, int n) throws IOException {
      if (e != Encoding.PLAIN_DICTIONARY && e != Encoding.RLE_DICTIONARY) {
        throw error(column, "values encoded " + e + " (expected dictionary ids)");
      }
      if (values.length < n) {
        values = new int[n];
      }
      decodeHybrid(len, n);
      int size = column == 0 ? idDictionary.length : dictionary.length;
      int max = 0;
      int[] v = values;
      for (int i = 0; i < n; i++) {
        max |= v[i];
      }
      if (Integer.compareUnsigned(max, size) >= 0) {
        // the OR bounds the largest id from above: find the offending one exactly
        for (int i = 0; i < n; i++) {
          if (Integer.compareUnsigned(v[i], size) >= 0) {
            throw error(column, "dictionary id " + v[i] + " of page value " + i + " outside the dictionary of "
                + size);
          }
        }
      }
      if (column != 0 && !identity) {
        int[] dict = dictionary;
        for (int i = 0; i < n; i++) {
          v[i] = dict[v[i]];
        }
      }
      if (column == 4) {
        // polarity: bytes 0..127
        if (narrow.length < n) {
          narrow = new byte[n];
        }
        int bits = 0;
        for (int i = 0; i < n; i++) {
          bits |= v[i];
          narrow[i] = (byte) v[i];
        }
        if ((bits & ~Byte.MAX_VALUE) != 0) {
          for (int i = 0; i < n; i++) {
            if (v[i] < 0 || v[i] > Byte.MAX_VALUE) {
              throw error(column, "polarity " + v[i] + " outside 0.." + Byte.MAX_VALUE);
            }
          }
        }
      }
    }

    /** The RLE/bit-packing hybrid after a one-byte bit width, n values into {@link #values}. */
    private void decodeHybrid(int len, int n) throws IOException {
      byte[] in = bytes;
      if (len < 1) {
        throw error(column, "empty page");
      }
      int width = in[0] & 0xFF;
      if (width > 32) {
        throw error(column, "bit width " + width);
      }
      int[] at = {1};
      int out = 0;
      int[] v = values;
      while (out < n) {
        if (at[0] >= len) {
          throw error(column, "page ends after " + out + " of " + n + " values");
        }
        long header = unsignedVarLong(column, in, at, len);
        if (header > Integer.MAX_VALUE) {
          throw error(column, "run header " + header + " before page byte " + at[0]);
        }
        int pos = at[0];
        if ((header & 1) == 0) {
          int run = (int) (header >>> 1);
          int valueBytes = (width + 7) / 8;
          if (pos + valueBytes > len) {
            throw error(column, "RLE run past the page's end");
          }
          int value = 0;
          for (int j = 0; j < valueBytes; j++) {
            value |= (in[pos + j] & 0xFF) << (8 * j);
          }
          pos += valueBytes;
          int k = Math.min(run, n - out);
          Arrays.fill(v, out, out + k, value);
          out += k;
        } else {
          int groups = (int) (header >>> 1);
          long runBytes = (long) groups * width;
          if (pos + runBytes > len) {
            throw error(column, "bit-packed run past the page's end");
          }
          int k = (int) Math.min(8L * groups, n - out);
          unpack(in, pos, width, v, out, k);
          out += k;
          pos += (int) runBytes;
        }
        at[0] = pos;
      }
    }

    @Override
    Object page() {
      return column == 4 ? narrow : values;
    }
  }

  /** The t column: DELTA_BINARY_PACKED int64. */
  private final class LongColumn extends Column {
    long[] values = new long[0];
    /** One miniblock's unpacked deltas (minus the minimum). */
    private int[] unpacked = new int[64];

    LongColumn() {
      super(1);
    }

    @Override
    void decode(Encoding e, int len, int n) throws IOException {
      if (e != Encoding.DELTA_BINARY_PACKED) {
        throw error(column, "values encoded " + e + " (expected DELTA_BINARY_PACKED)");
      }
      if (values.length < n) {
        values = new long[n];
      }
      byte[] in = bytes;
      long[] v = values;
      int[] at = {0};
      int blockSize = (int) unsignedVarLong(column, in, at, len);
      int miniblocks = (int) unsignedVarLong(column, in, at, len);
      long total = unsignedVarLong(column, in, at, len);
      long last = zigzag(unsignedVarLong(column, in, at, len));
      if (blockSize <= 0 || blockSize % 128 != 0 || miniblocks <= 0 || blockSize % miniblocks != 0
          || (blockSize / miniblocks) % 32 != 0 || total != n) {
        throw error(column, "DELTA_BINARY_PACKED header: block " + blockSize + ", miniblocks " + miniblocks
            + ", values " + total + " (page holds " + n + ")");
      }
      int perMini = blockSize / miniblocks;
      if (unpacked.length < perMini) {
        unpacked = new int[perMini];
      }
      v[0] = last;
      int out = 1;
      int pos;
      while (out < n) {
        long minDelta = zigzag(unsignedVarLong(column, in, at, len));
        pos = at[0];
        if (pos + miniblocks > len) {
          throw error(column, "block header past the page's end");
        }
        int widthsAt = pos;
        pos += miniblocks;
        for (int m = 0; m < miniblocks && out < n; m++) {
          int w = in[widthsAt + m] & 0xFF;
          if (w > 64) {
            throw error(column, "miniblock bit width " + w);
          }
          int k = Math.min(perMini, n - out);
          if (pos + (long) ((k * w + 7) / 8) > len) {
            throw error(column, "miniblock past the page's end");
          }
          if (w == 0) {
            for (int j = 0; j < k; j++) {
              last += minDelta;
              v[out + j] = last;
            }
          } else if (w <= 15) {
            int[] u = unpacked;
            unpack(in, pos, w, u, 0, k);
            for (int j = 0; j < k; j++) {
              last += minDelta + u[j];
              v[out + j] = last;
            }
          } else if (w <= 56) {
            long mask = (1L << w) - 1;
            for (int j = 0, bit = 0; j < k; j++, bit += w) {
              long word = (long) LONG_LE.get(in, pos + (bit >>> 3));
              last += minDelta + ((word >>> (bit & 7)) & mask);
              v[out + j] = last;
            }
          } else {
            long mask = w == 64 ? -1L : (1L << w) - 1;
            for (int j = 0; j < k; j++) {
              long bit = (long) j * w;
              int s = (int) (bit & 7);
              int byteAt = pos + (int) (bit >>> 3);
              long lo = (long) LONG_LE.get(in, byteAt);
              long hi = (long) LONG_LE.get(in, byteAt + 8);
              long word = s == 0 ? lo : (lo >>> s) | (hi << (64 - s));
              last += minDelta + (word & mask);
              v[out + j] = last;
            }
          }
          out += k;
          pos += perMini * w / 8;
        }
        at[0] = pos;
      }
    }

    @Override
    Object page() {
      return values;
    }
  }

  /** The ULEB128 varint of {@code column}'s page at byte {@code at[0]} (moved past it), before byte {@code len}. */
  private long unsignedVarLong(int column, byte[] in, int[] at, int len) throws IOException {
    long v = 0;
    int shift = 0;
    int pos = at[0];
    while (true) {
      if (pos >= len || shift > 63) {
        throw error(column, "bad varint at page byte " + pos);
      }
      int b = in[pos++] & 0xFF;
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    at[0] = pos;
    return v;
  }

  /**
   * Unpacks {@code k} values of {@code width} bits (0..32, LSB first, as Parquet packs them in groups of 8) from
   * {@code in} at byte {@code pos} into {@code out[at, at + k)}. Reads up to 8 bytes past the packed bytes.
   */
  static void unpack(byte[] in, int pos, int width, int[] out, int at, int k) {
    if (width == 0) {
      Arrays.fill(out, at, at + k, 0);
      return;
    }
    long mask = (1L << width) - 1;
    int j = 0;
    if (width <= 15) {
      // a group of 8 in two words: values 0-3 from its first byte, values 4-7 from bit 4 * width on
      int half = 4 * width;
      int hiByte = half >>> 3;
      int hiShift = half & 7;
      for (; j + 8 <= k; j += 8, pos += width) {
        long lo = (long) LONG_LE.get(in, pos);
        long hi = (long) LONG_LE.get(in, pos + hiByte) >>> hiShift;
        out[at + j] = (int) (lo & mask);
        out[at + j + 1] = (int) ((lo >>> width) & mask);
        out[at + j + 2] = (int) ((lo >>> 2 * width) & mask);
        out[at + j + 3] = (int) ((lo >>> 3 * width) & mask);
        out[at + j + 4] = (int) (hi & mask);
        out[at + j + 5] = (int) ((hi >>> width) & mask);
        out[at + j + 6] = (int) ((hi >>> 2 * width) & mask);
        out[at + j + 7] = (int) ((hi >>> 3 * width) & mask);
      }
    }
    // value i starts at bit i * width; the 8 little-endian bytes from its first byte hold it whole
    for (int bit = 0; j < k; j++, bit += width) {
      long word = (long) LONG_LE.get(in, pos + (bit >>> 3));
      out[at + j] = (int) ((word >>> (bit & 7)) & mask);
    }
  }

  private static long zigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
