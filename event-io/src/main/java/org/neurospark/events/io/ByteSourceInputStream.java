package org.neurospark.events.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/** The sequential view of {@link ByteSource#inputStream(long)}; closing it leaves the source open. */
final class ByteSourceInputStream extends InputStream {
  private final ByteSource source;
  private long pos;
  private long mark;
  private final byte[] one = new byte[1];

  ByteSourceInputStream(ByteSource source, long position) {
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position);
    }
    this.source = source;
    this.pos = position;
    this.mark = position;
  }

  @Override
  public int read() throws IOException {
    int r = read(one, 0, 1);
    return r <= 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int r = source.read(pos, ByteBuffer.wrap(b, off, len));
    if (r > 0) {
      pos += r;
    }
    return r <= 0 ? -1 : r;
  }

  @Override
  public long skip(long n) {
    long k = Math.max(0, Math.min(n, source.size() - pos));
    pos += k;
    return k;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, source.size() - pos));
  }

  @Override
  public boolean markSupported() {
    return true;
  }

  @Override
  public synchronized void mark(int readlimit) {
    mark = pos;
  }

  @Override
  public synchronized void reset() {
    pos = mark;
  }
}
