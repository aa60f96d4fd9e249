package org.neurospark.events.parquet;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * A heap {@link ByteBufferAllocator} that keeps released buffers and hands them out again for requests of the same
 * size. Parquet's page buffers allocate a fresh slab series for every page and release it after the page is written;
 * on machines where fresh allocations are slow this dominated writing. Slab sizes repeat from page to page, so an
 * exact-size pool hits almost always. The pool holds at most {@code maxPooledBytes}; beyond that released buffers are
 * left to the garbage collector. Not thread-safe (one writer).
 */
final class RecyclingAllocator implements ByteBufferAllocator {
  private final Map<Integer, ArrayDeque<ByteBuffer>> pool = new HashMap<>();
  private final long maxPooledBytes;
  private long pooledBytes;

  RecyclingAllocator(long maxPooledBytes) {
    this.maxPooledBytes = maxPooledBytes;
  }

  @Override
  public ByteBuffer allocate(int size) {
    ArrayDeque<ByteBuffer> q = pool.get(size);
    if (q != null && !q.isEmpty()) {
      ByteBuffer b = q.pop();
      pooledBytes -= size;
      b.clear();
      return b;
    }
    return ByteBuffer.allocate(size);
  }

  @Override
  public void release(ByteBuffer b) {
    int size = b.capacity();
    if (b.isDirect() || !b.hasArray() || pooledBytes + size > maxPooledBytes) {
      return;
    }
    pool.computeIfAbsent(size, k -> new ArrayDeque<>()).push(b);
    pooledBytes += size;
  }

  @Override
  public boolean isDirect() {
    return false;
  }
}
