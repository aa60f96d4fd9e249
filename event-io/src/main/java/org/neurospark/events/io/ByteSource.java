package org.neurospark.events.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/**
 * The bytes of one recording, read with positional reads: a local file ({@link FileByteSource}), a byte array or
 * buffer in memory ({@link MemoryByteSource}), or a stream of any other file system (HDFS, S3A, ... through a small
 * adapter in the caller's module). Every event reader reads through the source it is given and opens nothing else.
 *
 * <p>Positional reads move no shared position, so several logical streams may read one source at once (the four
 * columns of an {@code .npz}, the variables of a {@code .mat}); {@link #inputStream(long)} and {@link #channel()}
 * are such sequential views. A source is used from one thread at a time unless its class says otherwise. Its size
 * must not change while it is read.
 *
 * <p><b>Implementing it over Hadoop</b> ({@code org.apache.hadoop.fs.PositionedReadable}, e.g. an
 * {@code FSDataInputStream} from {@code FileSystem.open}): {@code name()} is the path's URI string, {@code size()}
 * the {@code FileStatus} length taken at open, and
 * <pre>{@code
 * public int read(long position, ByteBuffer dst) throws IOException {
 *   if (position >= size) return -1;
 *   int len = (int) Math.min(dst.remaining(), size - position);
 *   if (dst.hasArray()) {
 *     int n = in.read(position, dst.array(), dst.arrayOffset() + dst.position(), len); // PositionedReadable
 *     if (n > 0) dst.position(dst.position() + n);
 *     return n;
 *   }
 *   byte[] tmp = new byte[len];                     // or a reused scratch array; the readers pass heap buffers
 *   int n = in.read(position, tmp, 0, len);
 *   if (n > 0) dst.put(tmp, 0, n);
 *   return n;
 * }
 * public void close() throws IOException { in.close(); }
 * }</pre>
 * ({@code ByteBufferPositionedReadable.read(long, ByteBuffer)} may be used instead where the stream supports it.)
 */
public interface ByteSource extends Closeable {
  /**
   * What to call the source in messages ({@link org.neurospark.events.EventFileException}, {@code RecordingInfo}):
   * a local path as {@link Path#toString()} gives it, or a URI such as {@code hdfs://nn/data/a.bin}. The last
   * {@code '/'}-separated segment is taken as the file name (format detection uses its extension).
   */
  String name();

  /** Length of the source in bytes (fixed while it is read). */
  long size();

  /**
   * Reads bytes starting at byte {@code position} of the source into {@code dst}'s remaining space, advancing
   * {@code dst}'s position by the count read; the source's own state does not change (positional read, like
   * {@link java.nio.channels.FileChannel#read(ByteBuffer, long)}). Heap and direct buffers are both accepted.
   *
   * @param position absolute byte offset, ≥ 0
   * @return bytes read: at least 1 when {@code dst} has space and {@code position < size()} (it may be fewer than
   *     asked), 0 when {@code dst} has no space, −1 when {@code position >= size()}
   */
  int read(long position, ByteBuffer dst) throws IOException;

  /**
   * Reads until {@code dst} is full or the source ends.
   *
   * @return bytes read (less than {@code dst.remaining()} on entry only when the source ended)
   */
  default int readFully(long position, ByteBuffer dst) throws IOException {
    int got = 0;
    while (dst.hasRemaining()) {
      int r = read(position + got, dst);
      if (r < 0) {
        break;
      }
      if (r == 0) {
        throw new IOException(name() + " @ byte " + (position + got) + ": source returned no bytes before its end"
            + " (" + size() + " bytes)");
      }
      got += r;
    }
    return got;
  }

  /**
   * Reads exactly {@code len} bytes at {@code position} into {@code b[off..off+len)}.
   *
   * @throws EOFException when the source ends first (names the source and offset)
   */
  default void readFully(long position, byte[] b, int off, int len) throws IOException {
    int got = readFully(position, ByteBuffer.wrap(b, off, len));
    if (got < len) {
      throw new EOFException(name() + " @ byte " + (position + got) + ": source ends after " + size() + " bytes, "
          + len + " bytes were needed at byte " + position);
    }
  }

  /**
   * A sequential view starting at byte {@code position}; closing it does not close the source. Supports
   * {@code skip} without reading and {@code mark/reset}.
   */
  default InputStream inputStream(long position) {
    return new ByteSourceInputStream(this, position);
  }

  /**
   * A read-only {@link SeekableByteChannel} view at position 0 (e.g. for Arrow's {@code ArrowFileReader});
   * closing it does not close the source; writes throw {@link java.nio.channels.NonWritableChannelException}.
   */
  default SeekableByteChannel channel() {
    return new ByteSourceChannel(this);
  }

  /** Closes the underlying file or stream. Idempotent. */
  @Override
  void close() throws IOException;

  /** Opens a local file (see {@link FileByteSource#open(Path)}). */
  static ByteSource open(Path file) throws IOException {
    return FileByteSource.open(file);
  }

  /** The bytes of {@code bytes} (not copied) under {@code name}. */
  static ByteSource wrap(String name, byte[] bytes) {
    return new MemoryByteSource(name, ByteBuffer.wrap(bytes));
  }

  /** The remaining bytes of {@code buffer} (not copied; heap or direct) under {@code name}. */
  static ByteSource wrap(String name, ByteBuffer buffer) {
    return new MemoryByteSource(name, buffer);
  }

  /** The file-name part of a source name: after the last {@code '/'} (or {@code '\\'}). */
  static String fileName(String name) {
    int i = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return i < 0 ? name : name.substring(i + 1);
  }
}
