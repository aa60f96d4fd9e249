package org.neurospark.events.io;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Bytes already in memory (a {@code byte[]} or a heap/direct {@link ByteBuffer}, not copied): byte 0 of the source
 * is the buffer's position at construction, {@link #size()} its remaining bytes then. Reads never change the
 * buffer's state, so the source may be read from several threads. Closing releases nothing (the caller owns the
 * memory); reads after {@link #close()} still succeed.
 */
public final class MemoryByteSource implements ByteSource {
  private final String name;
  private final ByteBuffer bytes;

  /**
   * @param name what messages call the source (e.g. {@code "memory:sample.bin"}); its extension is used by
   *     format detection for the headerless ATIS format
   * @param bytes the content: {@code [position, limit)} of this buffer
   */
  public MemoryByteSource(String name, ByteBuffer bytes) {
    this.name = Objects.requireNonNull(name, "name");
    this.bytes = bytes.slice();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return bytes.capacity();
  }

  @Override
  public int read(long position, ByteBuffer dst) {
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position);
    }
    int size = bytes.capacity();
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), size - position);
    dst.put(dst.position(), bytes, (int) position, n);
    dst.position(dst.position() + n);
    return n;
  }

  /**
   * The content as a buffer over a heap array that readers may use in place ({@code [position, limit)}), or null when
   * the memory is direct or read-only (a read-only buffer's array is not accessible).
   */
  ByteBuffer heapBytes() {
    return bytes.hasArray() ? bytes.duplicate() : null;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return name;
  }
}
