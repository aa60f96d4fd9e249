package org.neurospark.events.format.mat;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.neurospark.events.EventFileException;
import org.neurospark.events.io.ByteSource;

/** A byte range {@code [start, start + length)} of the file, read with positional reads on a shared source. */
final class FileSlice extends MatSource {
  private final ByteSource channel;
  private final long start;
  private final long length;

  FileSlice(ByteSource channel, long start, long length) {
    super(channel.name());
    this.channel = channel;
    this.start = start;
    this.length = length;
  }

  @Override
  int read(byte[] b, int off, int len) throws IOException {
    long left = length - pos;
    if (left <= 0) {
      return -1;
    }
    int want = (int) Math.min(len, left);
    ByteBuffer bb = ByteBuffer.wrap(b, off, want);
    int got = 0;
    while (got < want) {
      int r = channel.read(start + pos + got, bb);
      if (r < 0) {
        break;
      }
      got += r;
    }
    if (got == 0) {
      throw error(pos, "truncated: the file ends inside a data element that declares " + length + " bytes");
    }
    pos += got;
    return got;
  }

  @Override
  EventFileException error(long streamPos, String problem) {
    return new EventFileException(file, start + streamPos, problem);
  }

  @Override
  long fileBytesRead() {
    return pos;
  }

  @Override
  String describe() {
    return "data element (" + length + " bytes at file byte " + start + ")";
  }
}
