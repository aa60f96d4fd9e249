package org.neurospark.events.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.neurospark.events.EventFileException;
import org.neurospark.events.io.ByteSource;

/**
 * What the {@code .npy} byte sources share: a stream of {@code length} bytes whose data lies at byte {@code start}
 * of a {@link ByteSource} read with positional reads (several streams may share one source; each keeps its own
 * position), the CRC-32 check of a zip entry once its last byte has been delivered, and the accessors of
 * {@link NpySource}.
 */
abstract class EntrySource implements NpySource {
  protected final ByteSource channel;
  /** The source's name, for messages. */
  protected final String file;
  protected final long start;
  protected final long length;
  /** Zip entry name for messages, or null for a plain {@code .npy} file. */
  protected final String entry;
  private final long expectedCrc;
  private final CRC32 crc;
  /** Bytes of the stream delivered so far. */
  protected long pos;

  /** @param expectedCrc CRC-32 of the stream to verify at its end, or -1 for none */
  EntrySource(ByteSource channel, long start, long length, String entry, long expectedCrc) {
    this.channel = channel;
    this.file = channel.name();
    this.start = start;
    this.length = length;
    this.entry = entry;
    this.expectedCrc = expectedCrc;
    this.crc = expectedCrc >= 0 ? new CRC32() : null;
  }

  /** Reads into {@code dst} from file offset {@code at} until it is full or the file ends; returns the bytes read. */
  protected final int readAt(ByteBuffer dst, long at) throws IOException {
    int got = 0;
    while (dst.hasRemaining()) {
      int r = channel.read(at + got, dst);
      if (r < 0) {
        break;
      }
      got += r;
    }
    return got;
  }

  /** Accounts for {@code got} bytes delivered into {@code b[off..]}; checks the CRC-32 after the last one. */
  protected final void delivered(byte[] b, int off, int got) throws EventFileException {
    if (crc != null) {
      crc.update(b, off, got);
    }
    pos += got;
    if (crc != null && pos == length && crc.getValue() != expectedCrc) {
      throw new EventFileException(file, start, "zip entry '" + entry + "' is corrupt: CRC-32 "
          + Long.toHexString(crc.getValue()) + " != " + Long.toHexString(expectedCrc) + " from the directory");
    }
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
  public String sourceName() {
    return file;
  }
}
