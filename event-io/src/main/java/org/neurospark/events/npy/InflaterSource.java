package org.neurospark.events.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.neurospark.events.EventFileException;
import org.neurospark.events.io.ByteSource;

/** A deflated {@code .npz} entry, inflated on the fly through a small compressed-input buffer. */
final class InflaterSource extends EntrySource {
  private static final int IN_CHUNK = 1 << 16;

  private final long compressedLength;
  private final Inflater inflater = new Inflater(true);
  private final byte[] in = new byte[IN_CHUNK];
  private long compressedPos;

  InflaterSource(ByteSource channel, long start, long compressedLength, long length, String entry, long expectedCrc) {
    super(channel, start, length, entry, expectedCrc);
    this.compressedLength = compressedLength;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos >= length) {
      return -1;
    }
    int want = (int) Math.min(len, length - pos);
    int got;
    try {
      while (true) {
        got = inflater.inflate(b, off, want);
        if (got > 0) {
          break;
        }
        if (inflater.finished() || inflater.needsDictionary()) {
          throw error(pos, "deflate stream ends after " + pos + " bytes but the zip directory announces " + length);
        }
        if (inflater.needsInput()) {
          long left = compressedLength - compressedPos;
          if (left <= 0) {
            throw error(pos, "compressed data (" + compressedLength + " bytes) ends after " + pos
                + " uncompressed bytes; the zip directory announces " + length);
          }
          int n = (int) Math.min(in.length, left);
          int r = readAt(ByteBuffer.wrap(in, 0, n), start + compressedPos);
          if (r < n) {
            throw new EventFileException(file, start + compressedPos + r, "zip entry '" + entry
                + "': file ends inside the compressed data");
          }
          compressedPos += n;
          inflater.setInput(in, 0, n);
        }
      }
    } catch (DataFormatException e) {
      throw new EventFileException(file, start + compressedPos, "zip entry '" + entry + "': corrupt deflate data"
          + " near uncompressed byte " + pos + ": " + e.getMessage());
    }
    delivered(b, off, got);
    return got;
  }

  @Override
  public long fileBytesRead() {
    return compressedPos;
  }

  @Override
  public EventFileException error(long streamPos, String problem) {
    return new EventFileException(file, start + compressedPos, "deflated zip entry '" + entry
        + "' (data at byte " + start + "), uncompressed byte " + streamPos + ": " + problem);
  }

  @Override
  public void close() {
    inflater.end();
  }
}
