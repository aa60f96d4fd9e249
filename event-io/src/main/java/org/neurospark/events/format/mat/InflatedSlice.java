package org.neurospark.events.format.mat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.neurospark.events.EventFileException;
import org.neurospark.events.io.ByteSource;

/**
 * The inflated content of an {@code miCOMPRESSED} element (a zlib stream of {@code compressedLength} bytes at file
 * byte {@code start}), inflated on demand through a 64 KiB input buffer: memory stays constant whatever the size of
 * the variable.
 */
final class InflatedSlice extends MatSource {
  private static final int IN_CHUNK = 1 << 16;

  private final ByteSource channel;
  private final long start;
  private final long compressedLength;
  private final Inflater inflater = new Inflater();
  private final byte[] in;
  private long compressedPos;
  private boolean ended;

  InflatedSlice(ByteSource channel, long start, long compressedLength) {
    super(channel.name());
    this.channel = channel;
    this.start = start;
    this.compressedLength = compressedLength;
    this.in = new byte[(int) Math.max(16, Math.min(IN_CHUNK, compressedLength))];
  }

  @Override
  int read(byte[] b, int off, int len) throws IOException {
    if (ended) {
      throw new IllegalStateException("closed");
    }
    try {
      while (true) {
        int got = inflater.inflate(b, off, len);
        if (got > 0) {
          pos += got;
          return got;
        }
        if (inflater.finished()) {
          return -1;
        }
        if (inflater.needsDictionary()) {
          throw error(pos, "corrupt compressed element: the zlib stream asks for a preset dictionary");
        }
        if (inflater.needsInput()) {
          long left = compressedLength - compressedPos;
          if (left <= 0) {
            return -1; // the zlib stream is cut short: callers report what they expected
          }
          int n = (int) Math.min(in.length, left);
          ByteBuffer bb = ByteBuffer.wrap(in, 0, n);
          int r = 0;
          while (r < n) {
            int k = channel.read(start + compressedPos + r, bb);
            if (k < 0) {
              throw new EventFileException(file, start + compressedPos + r,
                  "truncated: the file ends inside a compressed element of " + compressedLength + " bytes");
            }
            r += k;
          }
          compressedPos += n;
          inflater.setInput(in, 0, n);
        }
      }
    } catch (DataFormatException e) {
      throw new EventFileException(file, start + compressedPos, "corrupt compressed element (zlib data starting at"
          + " byte " + start + ") near inflated byte " + pos + ": " + e.getMessage());
    }
  }

  @Override
  void finish(long end) throws IOException {
    byte[] b = new byte[4096];
    while (pos <= end) {
      if (read(b, 0, b.length) < 0) {
        break;
      }
    }
    if (!inflater.finished()) {
      throw error(pos, pos > end ? "the zlib stream holds more than the " + end + " bytes its matrix tag declares"
          : "truncated: the zlib stream ends after " + pos + " of " + end + " declared bytes");
    }
    if (pos != end) {
      throw error(pos, "the zlib stream inflates to " + pos + " bytes, but its matrix tag declares " + end);
    }
  }

  @Override
  EventFileException error(long streamPos, String problem) {
    return new EventFileException(file, start + Math.max(0, compressedPos - inflater.getRemaining()),
        "compressed element at byte " + (start - 8) + ", inflated byte " + streamPos + ": " + problem);
  }

  @Override
  long fileBytesRead() {
    return compressedPos;
  }

  @Override
  String describe() {
    return "compressed element (" + compressedLength + " zlib bytes at file byte " + start + ")";
  }

  @Override
  public void close() {
    if (!ended) {
      ended = true;
      inflater.end();
    }
  }
}
