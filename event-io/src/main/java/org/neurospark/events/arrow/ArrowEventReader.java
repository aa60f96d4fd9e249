package org.neurospark.events.arrow;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.AbstractEventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;

/**
 * Reads an Arrow IPC file written by {@link ArrowEventWriter} (or any file with the {@link EventSchema} columns and
 * metadata) as an {@link org.neurospark.events.EventReader}, one record batch in memory at a time.
 *
 * <p>{@link #info()} reports format {@link EventFormat#ARROW} and the sensor size from the schema metadata
 * ({@link EventSchema#WIDTH}, {@link EventSchema#HEIGHT}; 0 when absent); {@link #sourceFormat()} names the format of
 * the recording the events came from. Events outside a declared
 * sensor size raise {@link EventFileException} (offset = the record batch's block offset). {@link ReadOptions}
 * conventions apply on top of the stored values.
 *
 * <p>Memory: record batches are loaded into buffers of the caller's {@link BufferAllocator} (in Spark, a child of
 * the task's allocator); the constructors without one use a private {@link RootAllocator} closed with the reader.
 */
public final class ArrowEventReader extends AbstractEventReader {
  /** The private allocator, or null when the caller gave one. */
  private final BufferAllocator ownAllocator;
  private final SeekableByteChannel channel;
  private final ArrowFileReader reader;
  private final List<ArrowBlock> blocks;
  private final int width;
  private final int height;
  private final Map<String, String> metadata;
  private int nextBlock;
  private int row;
  private int rows;
  private long blockOffset;
  private long bytes;

  /** Opens local file {@code file} with a private allocator. */
  public ArrowEventReader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /** Opens local file {@code file}, loading record batches into the caller's {@code allocator} (never closed here). */
  public ArrowEventReader(Path file, ReadOptions options, BufferAllocator allocator) throws IOException {
    this(FileByteSource.open(file), options, allocator);
  }

  /**
   * Reads {@code source} (owned by the reader from here on) with a private allocator that {@link #close()} closes.
   */
  public ArrowEventReader(ByteSource source, ReadOptions options) throws IOException {
    this(source, options, null);
  }

  /**
   * Reads {@code source} (owned by the reader from here on: closed by {@link #close()} and by a failing
   * constructor), loading record batches into {@code allocator}, which stays the caller's: the reader releases its
   * buffers on close but never closes the allocator.
   *
   * @param allocator where record batches are allocated, or null for a private {@link RootAllocator}
   */
  public ArrowEventReader(ByteSource source, ReadOptions options, BufferAllocator allocator) throws IOException {
    super(source, options);
    String name = source.name();
    BufferAllocator own = null;
    SeekableByteChannel ch = null;
    ArrowFileReader r = null;
    try {
      BufferAllocator a = allocator;
      if (a == null) {
        own = new RootAllocator();
        a = own;
      }
      checkTail(source);
      ch = source.channel();
      r = new ArrowFileReader(ch, a);
      Schema schema;
      try {
        schema = r.getVectorSchemaRoot().getSchema();
        blocks = r.getRecordBlocks();
      } catch (IOException | RuntimeException e) {
        throw new EventFileException(name, Math.max(0, source.size() - 10), "corrupt Arrow IPC file footer: "
            + e.getMessage(), e);
      }
      checkSchema(name, schema);
      metadata = schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
      int[] size = EventSchema.sensorSize(name, metadata, "Arrow schema metadata");
      width = size[0];
      height = size[1];
      setInfo(new RecordingInfo(name, EventFormat.ARROW, width, height));
    } catch (IOException | RuntimeException e) {
      try {
        closeQuietly(r, ch, own);
      } finally {
        in.close();
      }
      throw e;
    }
    ownAllocator = own;
    channel = ch;
    reader = r;
  }

  private static void checkSchema(String file, Schema s) throws EventFileException {
    int[] bits = {64, 16, 16, 8};
    String[] names = {EventSchema.T, EventSchema.X, EventSchema.Y, EventSchema.P};
    List<Field> fields = s.getFields();
    for (int i = 0; i < names.length; i++) {
      Field f = i < fields.size() ? fields.get(i) : null;
      if (f == null || !f.getName().equals(names[i]) || !(f.getType() instanceof ArrowType.Int it)
          || it.getBitWidth() != bits[i] || !it.getIsSigned()) {
        throw new EventFileException(file, -1, "Arrow schema " + fields + " is not the Neurospark event schema"
            + " (t Int64, x Int16, y Int16, p Int8)");
      }
    }
  }

  /** The schema's custom metadata (source file, format, sensor size, ...). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Format id of the recording the events came from ({@link EventSchema#FORMAT}), or "" when not recorded. */
  public String sourceFormat() {
    return metadata.getOrDefault(EventSchema.FORMAT, "");
  }

  /** Number of record batches in the file. */
  public int batches() {
    return blocks.size();
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    int cap = batch.capacity();
    while (batch.size() < cap) {
      if (row >= rows) {
        if (nextBlock >= blocks.size()) {
          break;
        }
        ArrowBlock b = blocks.get(nextBlock++);
        blockOffset = b.getOffset();
        try {
          if (!reader.loadRecordBatch(b)) {
            throw error(blockOffset, "record batch " + (nextBlock - 1) + " could not be loaded");
          }
        } catch (IOException | RuntimeException e) {
          if (e instanceof EventFileException efe) {
            throw efe;
          }
          throw new EventFileException(in.name(), blockOffset, "corrupt Arrow record batch " + (nextBlock - 1)
              + ": " + e.getMessage(), e);
        }
        bytes = b.getOffset() + b.getMetadataLength() + b.getBodyLength();
        row = 0;
        rows = root.getRowCount();
        continue;
      }
      int take = Math.min(cap - batch.size(), rows - row);
      int from = batch.size();
      try {
        EventVectors.copyRows(root, row, take, batch);
      } catch (RuntimeException e) {
        throw new EventFileException(in.name(), blockOffset, "Arrow record batch " + (nextBlock - 1) + ": "
            + e.getMessage(), e);
      }
      checkRange(batch, from);
      row += take;
    }
  }

  private void checkRange(EventBatch b, int from) throws EventFileException {
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    boolean sized = width > 0 && height > 0;
    for (int i = from; i < b.size(); i++) {
      if (x[i] < 0 || y[i] < 0 || (sized && (x[i] >= width || y[i] >= height)) || (p[i] & ~1) != 0) {
        throw error(blockOffset, "record batch " + (nextBlock - 1) + " row " + (row + i - from) + ": (x, y, p) = ("
            + x[i] + ", " + y[i] + ", " + p[i] + ") outside the " + width + " x " + height + " sensor or p not 0/1");
      }
    }
  }

  @Override
  public long bytesRead() {
    return bytes;
  }

  @Override
  public void close() throws IOException {
    try {
      closeQuietly(reader, channel, ownAllocator);
    } finally {
      super.close();
    }
  }

  private static void closeQuietly(ArrowFileReader r, SeekableByteChannel ch, BufferAllocator a) throws IOException {
    try {
      if (r != null) {
        r.close();
      }
    } finally {
      try {
        if (ch != null) {
          ch.close();
        }
      } finally {
        if (a != null) {
          a.close();
        }
      }
    }
  }

  /** An Arrow IPC file ends with its footer, the footer's length and the magic {@code ARROW1}; say when it does not. */
  private static void checkTail(ByteSource source) throws IOException {
    long size = source.size();
    if (size < 18) {
      throw new EventFileException(source.name(), 0, "not an Arrow IPC file: " + size + " bytes, too short for the"
          + " ARROW1 magic at both ends and a footer");
    }
    byte[] tail = new byte[6];
    source.readFully(size - 6, tail, 0, 6);
    if (!"ARROW1".equals(new String(tail, java.nio.charset.StandardCharsets.ISO_8859_1))) {
      throw new EventFileException(source.name(), size - 6, "truncated Arrow IPC file: footer missing (no ARROW1"
          + " magic at the end; an interrupted write or copy leaves such a file)");
    }
  }
}
