package org.neurospark.events.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.neurospark.events.EventFileException;
import org.neurospark.events.io.ByteSource;

/**
 * A byte range of a {@link ByteSource} read with positional reads (a {@code .npy} file, or a stored {@code .npz}
 * entry). Several streams may share one source; each keeps its own position. For zip entries the CRC-32 of the
 * range is checked when its last byte has been delivered.
 */
final class FileRangeSource extends EntrySource {
  private final boolean ownsSource;

  /**
   * @param ownsSource close {@code channel} when this stream is closed
   * @param entry zip entry name for messages, or null for a plain file
   * @param expectedCrc CRC-32 to verify at the end, or -1 for none
   */
  FileRangeSource(ByteSource channel, boolean ownsSource, long start, long length, String entry, long expectedCrc) {
    super(channel, start, length, entry, expectedCrc);
    this.ownsSource = ownsSource;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    long left = length - pos;
    if (left <= 0) {
      return -1;
    }
    int want = (int) Math.min(len, left);
    int got = readAt(ByteBuffer.wrap(b, off, want), start + pos);
    if (got == 0) {
      throw error(pos, "file ends at byte " + (start + pos) + " inside " + (entry == null ? "the array" : "entry '"
          + entry + "'") + " (expected " + left + " more bytes)");
    }
    delivered(b, off, got);
    return got;
  }

  @Override
  public long fileBytesRead() {
    return pos;
  }

  @Override
  public EventFileException error(long streamPos, String problem) {
    String where = entry == null ? "" : "zip entry '" + entry + "' byte " + streamPos + ": ";
    return new EventFileException(file, start + streamPos, where + problem);
  }

  @Override
  public void close() throws IOException {
    if (ownsSource) {
      channel.close();
    }
  }
}
