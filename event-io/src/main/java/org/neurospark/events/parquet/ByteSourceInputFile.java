package org.neurospark.events.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.neurospark.events.io.ByteSource;

/**
 * A Parquet {@link InputFile} over a {@link ByteSource}: each {@link #newStream()} is a seekable positional view of
 * the source; closing a stream leaves the source open (its owner closes it). Heap and direct buffers are read
 * straight from the source.
 */
public final class ByteSourceInputFile implements InputFile {
  private final ByteSource source;

  public ByteSourceInputFile(ByteSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** The source read. */
  public ByteSource source() {
    return source;
  }

  @Override
  public long getLength() {
    return source.size();
  }

  @Override
  public SeekableInputStream newStream() {
    return new Stream(source);
  }

  @Override
  public String toString() {
    return source.name();
  }

  private static final class Stream extends SeekableInputStream {
    private static final int SLICE = 256 * 1024;

    private final ByteSource source;
    private long pos;

    Stream(ByteSource source) {
      this.source = source;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0) {
        throw new IOException(source.name() + ": seek to negative byte " + newPos);
      }
      pos = newPos;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      return read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      if (!buf.hasRemaining()) {
        return 0;
      }
      int r = source.read(pos, buf);
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
    public void readFully(byte[] b) throws IOException {
      readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
      readFully(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      int want = buf.remaining();
      int got = 0;
      int limit = buf.limit();
      try {
        // slices keep the JDK's temporary direct buffer (heap reads from a channel) cache-sized
        while (buf.position() < limit) {
          buf.limit(Math.min(limit, buf.position() + SLICE));
          int r = source.readFully(pos + got, buf);
          got += r;
          if (buf.hasRemaining()) {
            break; // source ended
          }
        }
      } finally {
        buf.limit(limit);
      }
      pos += got;
      if (got < want) {
        throw new EOFException(source.name() + " @ byte " + pos + ": source ends after " + source.size()
            + " bytes, " + (want - got) + " more bytes were needed");
      }
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(0, source.size() - pos));
    }
  }
}
