package org.neurospark.events.npy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.neurospark.events.EventFileException;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;

/**
 * Streams the elements (or records) of one {@code .npy} array in storage order, a chunk at a time, in constant
 * memory. The header is parsed and checked against the stream length on construction, so a header that
 * announces more (or fewer) bytes than the stream holds fails before any data is delivered.
 *
 * <pre>{@code
 * try (NpyInput in = NpyInput.open(path)) {
 *   byte[] chunk = new byte[in.header().itemSize() * 4096];
 *   int n;
 *   while ((n = in.readElements(chunk, 4096)) > 0) { NpyDecode.toLong(chunk, 0, itemSize, dtype, dst, 0, n); }
 * }
 * }</pre>
 */
public final class NpyInput implements Closeable {
  private final NpySource source;
  private final NpyHeader header;
  private final long count;
  private long elementsRead;

  /** Parses the header of {@code source} (positioned at its start). */
  public NpyInput(NpySource source) throws IOException {
    this.source = source;
    byte[] pre = new byte[NpyHeader.PREAMBLE_MAX];
    int n = readUpTo(pre, 0, pre.length);
    int total;
    try {
      total = NpyHeader.headerLength(pre, n);
    } catch (NpyFormatException e) {
      throw source.error(e.offset(), e.getMessage());
    }
    byte[] h = new byte[total];
    System.arraycopy(pre, 0, h, 0, Math.min(n, total));
    if (total > n) {
      int m = readUpTo(h, n, total - n);
      if (m < total - n) {
        throw source.error(n + m, "truncated: the .npy header announces " + total + " bytes, the stream ends after "
            + (n + m));
      }
    }
    try {
      header = NpyHeader.parse(h, total);
    } catch (NpyFormatException e) {
      throw source.error(e.offset(), e.getMessage());
    }
    if (n > total) {
      throw source.error(total, "internal: header shorter than its preamble");
    }
    count = header.count();
    long len = source.length();
    if (len >= 0) {
      long have = len - total;
      long need = header.dataBytes();
      if (have < need) {
        throw source.error(len, "truncated: header announces shape " + java.util.Arrays.toString(header.shape())
            + " of " + header.itemSize() + "-byte items = " + need + " data bytes, but only " + have
            + " bytes follow the header (" + (have / Math.max(1, header.itemSize())) + " whole items)");
      }
      if (have > need) {
        throw source.error(total + need, "header does not match the data: shape "
            + java.util.Arrays.toString(header.shape()) + " of " + header.itemSize() + "-byte items = " + need
            + " data bytes, but " + have + " bytes follow the header");
      }
    }
  }

  /** Opens a local {@code .npy} file; {@link #close()} closes it. */
  public static NpyInput open(Path file) throws IOException {
    ByteSource ch = FileByteSource.open(file);
    try {
      return new NpyInput(new FileRangeSource(ch, true, 0, ch.size(), null, -1));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Reads the {@code .npy} stream that is the whole of {@code source}. The caller keeps ownership of the source:
   * {@link #close()} does not close it.
   */
  public static NpyInput open(ByteSource source) throws IOException {
    return new NpyInput(new FileRangeSource(source, false, 0, source.size(), null, -1));
  }

  private int readUpTo(byte[] b, int off, int len) throws IOException {
    int got = 0;
    while (got < len) {
      int r = source.read(b, off + got, len - got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    return got;
  }

  /** The parsed header. */
  public NpyHeader header() {
    return header;
  }

  /** Total elements (records) in the array. */
  public long count() {
    return count;
  }

  /** Elements delivered so far. */
  public long elementsRead() {
    return elementsRead;
  }

  /** Elements not yet delivered. */
  public long remaining() {
    return count - elementsRead;
  }

  /** The underlying source (for file/offset reporting). */
  public NpySource source() {
    return source;
  }

  /**
   * Reads the next {@code min(max, remaining())} whole elements into {@code dst[0..)} (raw bytes, storage order).
   *
   * @return elements read; 0 when the array is exhausted
   * @throws EventFileException when the stream ends early (names the file, offset and element index)
   */
  public int readElements(byte[] dst, int max) throws IOException {
    int item = header.itemSize();
    int n = (int) Math.min(max, remaining());
    if (n <= 0) {
      return 0;
    }
    int bytes = Math.multiplyExact(n, item);
    if (dst.length < bytes) {
      throw new IllegalArgumentException("buffer of " + dst.length + " bytes cannot hold " + n + " items");
    }
    int got = readUpTo(dst, 0, bytes);
    if (got < bytes) {
      long at = header.dataOffset() + elementsRead * item + got;
      throw source.error(at, "truncated: stream ends inside element " + (elementsRead + got / item) + " of "
          + count);
    }
    elementsRead += n;
    return n;
  }

  /** An exception for element (row) {@code index} of this array: names the file and the element's byte offset. */
  public EventFileException errorAtElement(long index, String problem) {
    return source.error(header.dataOffset() + index * header.itemSize(), "row " + index + ": " + problem);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
