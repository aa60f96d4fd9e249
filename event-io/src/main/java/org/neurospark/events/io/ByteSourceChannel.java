package org.neurospark.events.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** The read-only channel view of {@link ByteSource#channel()}; closing it leaves the source open. */
final class ByteSourceChannel implements SeekableByteChannel {
  private final ByteSource source;
  private long pos;
  private boolean open = true;

  ByteSourceChannel(ByteSource source) {
    this.source = source;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    int r = source.read(pos, dst);
    if (r > 0) {
      pos += r;
    }
    return r;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return pos;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    pos = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return source.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
