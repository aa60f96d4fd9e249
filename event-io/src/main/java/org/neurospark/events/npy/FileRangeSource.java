package org.neurospark.events.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.neurospark.events.EventFileException;

/**
 * A byte range of a file read with positional reads (a {@code .npy} file, or a stored {@code .npz} entry). Several
 * sources may share one channel; each keeps its own position. For zip entries the CRC-32 of the range is checked
 * when its last byte has been delivered.
 */
final class FileRangeSource implements NpySource {
  private final FileChannel channel;
  private final boolean ownsChannel;
  private final Path file;
  private final long start;
  private final long length;
  private final String entry;
  private final long expectedCrc;
  private final CRC32 crc;
  private long pos;

  /**
   * @param entry zip entry name for messages, or null for a plain file
   * @param expectedCrc CRC-32 to verify at the end, or -1 for none
   */
  FileRangeSource(FileChannel channel, boolean ownsChannel, Path file, long start, long length, String entry,
      long expectedCrc) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.file = file;
    this.start = start;
    this.length = length;
    this.entry = entry;
    this.expectedCrc = expectedCrc;
    this.crc = expectedCrc >= 0 ? new CRC32() : null;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    long left = length - pos;
    if (left <= 0) {
      return -1;
    }
    int want = (int) Math.min(len, left);
    ByteBuffer bb = ByteBuffer.wrap(b, off, want);
    int got = 0;
    while (got < want) {
      int r = channel.read(bb, start + pos + got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    if (got == 0) {
      throw error(pos, "file ends at byte " + (start + pos) + " inside " + (entry == null ? "the array" : "entry '"
          + entry + "'") + " (expected " + left + " more bytes)");
    }
    if (crc != null) {
      crc.update(b, off, got);
    }
    pos += got;
    if (crc != null && pos == length && crc.getValue() != expectedCrc) {
      throw new EventFileException(file, start, "zip entry '" + entry + "' is corrupt: CRC-32 "
          + Long.toHexString(crc.getValue()) + " != " + Long.toHexString(expectedCrc) + " from the directory");
    }
    return got;
  }

  @Override
  public long position() {
    return pos;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public Path file() {
    return file;
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
    if (ownsChannel) {
      channel.close();
    }
  }
}
