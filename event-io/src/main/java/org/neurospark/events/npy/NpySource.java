package org.neurospark.events.npy;

import java.io.Closeable;
import java.io.IOException;
import org.neurospark.events.EventFileException;

/**
 * The bytes of one {@code .npy} stream: a whole {@code .npy} file, or one stored or deflated entry of a {@code .npz}
 * archive. Positions are offsets inside the stream; {@link #error} maps them back to the file for messages.
 */
public interface NpySource extends Closeable {
  /**
   * Reads up to {@code len} bytes into {@code b[off..]}.
   *
   * @return bytes read, or -1 at the end of the stream
   * @throws EventFileException when the underlying bytes are corrupt (bad deflate data, CRC mismatch)
   */
  int read(byte[] b, int off, int len) throws IOException;

  /** Bytes of the stream delivered so far. */
  long position();

  /** Total stream length in bytes when known in advance (file size, zip entry size), else -1. */
  long length();

  /** Name of the file (or other byte source) holding the stream: a path or URI, for messages. */
  String sourceName();

  /** Bytes of the file consumed so far (compressed bytes for deflated entries), for progress reports. */
  long fileBytesRead();

  /**
   * An exception for a problem at stream position {@code streamPos}: names the file, the absolute byte offset
   * where known (or the entry's data start for compressed entries) and, for archive entries, the entry name and
   * uncompressed position.
   */
  EventFileException error(long streamPos, String problem);
}
