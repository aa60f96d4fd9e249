package org.neurospark.events.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads a {@link ByteSource} (a local file, bytes in memory, a Hadoop stream) through one reusable heap buffer, so
 * decoders work on a plain {@code byte[]} (fast, JIT-friendly) in constant memory whatever the file size. The
 * decoder consumes bytes in {@code [pos, limit)} of {@link #buffer()}; {@link #fill(int)} keeps the unconsumed tail
 * and appends fresh bytes after it.
 *
 * <p>{@link #offsetOf(int)} maps a buffer index back to the absolute file byte offset, for error messages. The
 * buffer is allocated on the first {@link #fill}, so readers that never use it (Arrow, Parquet, NumPy, MAT) cost
 * nothing. A {@link MemoryByteSource} over a writable heap array is not copied: its array is the buffer, holding the
 * whole source from the start (the valid bytes then start at the array offset, not at 0). Decoders only read the
 * buffer. Closing closes the source.
 */
public final class ChunkedFileInput implements Closeable {
  /**
   * Default chunk: 256 KiB. Large enough that a read costs little per byte, small enough that the chunk (and the
   * kernel's or the mapping's copy into it) stays in a 512 KiB L2 cache while the decoder reads it; 1 MiB chunks
   * measured 1.3–2× slower plain reads on page-cached files.
   */
  public static final int DEFAULT_CHUNK = 1 << 18;

  private final ByteSource source;
  private final long size;
  private final int chunkSize;
  private byte[] buf = new byte[0];
  private ByteBuffer view = ByteBuffer.wrap(buf);
  private int pos;
  private int limit;
  private long bufferStart;
  private boolean eof;
  /** True when {@link #buf} is the source's own array (never compacted, grown or refilled). */
  private final boolean borrowed;

  /** Opens a local file (a convenience for {@code new ChunkedFileInput(FileByteSource.open(file))}). */
  public ChunkedFileInput(Path file) throws IOException {
    this(FileByteSource.open(file), DEFAULT_CHUNK);
  }

  /** Opens a local file, read in chunks of {@code chunkSize} bytes (at least 64). */
  public ChunkedFileInput(Path file, int chunkSize) throws IOException {
    this(FileByteSource.open(file), chunkSize);
  }

  /** Reads {@code source} (now owned: {@link #close()} closes it) in chunks of {@link #DEFAULT_CHUNK} bytes. */
  public ChunkedFileInput(ByteSource source) {
    this(source, DEFAULT_CHUNK);
  }

  /** Reads {@code source} (now owned) in chunks of {@code chunkSize} bytes (at least 64). */
  public ChunkedFileInput(ByteSource source, int chunkSize) {
    this.source = source;
    this.size = source.size();
    this.chunkSize = Math.max(64, chunkSize);
    ByteBuffer whole = source instanceof MemoryByteSource m ? m.heapBytes() : null;
    borrowed = whole != null;
    if (borrowed) {
      buf = whole.array();
      pos = whole.arrayOffset() + whole.position();
      limit = pos + whole.remaining();
      bufferStart = -pos;
      eof = true;
      view = null;
    }
  }

  /** The source being read. */
  public ByteSource source() {
    return source;
  }

  /** The source's name, for messages ({@link ByteSource#name()}). */
  public String name() {
    return source.name();
  }

  /** File size in bytes. */
  public long size() {
    return size;
  }

  /** The buffer; valid bytes are {@code [pos(), limit())}. Its identity changes when it grows. */
  public byte[] buffer() {
    return buf;
  }

  public int pos() {
    return pos;
  }

  public int limit() {
    return limit;
  }

  /** Marks bytes up to buffer index {@code newPos} as consumed. */
  public void pos(int newPos) {
    if (newPos < 0 || newPos > limit) {
      throw new IndexOutOfBoundsException("pos " + newPos + " outside [0, " + limit + "]");
    }
    pos = newPos;
  }

  /** Unconsumed bytes in the buffer. */
  public int remaining() {
    return limit - pos;
  }

  /** Absolute file offset of buffer index {@code index}. */
  public long offsetOf(int index) {
    return bufferStart + index;
  }

  /** Absolute file offset of the next unconsumed byte. */
  public long position() {
    return bufferStart + pos;
  }

  /** True when the whole file has been loaded into the buffer at some point (no more bytes to read). */
  public boolean atEndOfFile() {
    return eof;
  }

  /** True when every byte of the file has been consumed. */
  public boolean exhausted() {
    return eof && pos == limit;
  }

  /**
   * Makes at least {@code minBytes} unconsumed bytes available, reading more of the file (and growing the buffer if
   * {@code minBytes} exceeds it). Returns false if the file ends first; the available bytes stay in the buffer.
   */
  public boolean fill(int minBytes) throws IOException {
    if (limit - pos >= minBytes || borrowed) {
      return limit - pos >= minBytes;
    }
    if (pos > 0) {
      int n = limit - pos;
      System.arraycopy(buf, pos, buf, 0, n);
      bufferStart += pos;
      limit = n;
      pos = 0;
    }
    if (minBytes > buf.length || buf.length == 0) {
      // the first buffer is no larger than what is left of the source: a 20 KB recording gets a 20 KB buffer, not a
      // zeroed 256 KiB chunk (which cost a quarter of ingest's task time on N-MNIST-sized files)
      int first = (int) Math.min(chunkSize, Math.max(64, size - bufferStart));
      byte[] bigger = new byte[Math.max(minBytes, buf.length == 0 ? first : Math.max(chunkSize, buf.length * 2))];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
      view = ByteBuffer.wrap(buf);
    }
    while (!eof && limit < buf.length) {
      view.limit(buf.length).position(limit);
      int r = source.read(bufferStart + limit, view);
      if (r < 0) {
        eof = true;
      } else {
        limit += r;
        if (bufferStart + limit >= size) {
          eof = true;
        }
      }
      if (limit - pos >= minBytes && limit == buf.length) {
        break;
      }
    }
    return limit - pos >= minBytes;
  }

  /** Like {@link #fill(int)} but throws a descriptive {@link EOFException} when the file ends first. */
  public void require(int minBytes, String what) throws IOException {
    if (!fill(minBytes)) {
      throw new EOFException(name() + " @ byte " + position() + ": truncated: expected " + minBytes + " bytes of "
          + what + ", file ends after " + remaining());
    }
  }

  /** Discards the buffer and continues reading at absolute file offset {@code offset}. */
  public void seek(long offset) throws IOException {
    if (offset < 0 || offset > size) {
      throw new EOFException(name() + ": seek to byte " + offset + " outside file of " + size + " bytes");
    }
    if (borrowed) {
      pos = (int) (offset - bufferStart);
      return;
    }
    bufferStart = offset;
    pos = 0;
    limit = 0;
    eof = offset >= size;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
