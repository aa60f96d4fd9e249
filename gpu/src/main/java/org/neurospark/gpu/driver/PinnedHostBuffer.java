package org.neurospark.gpu.driver;

import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;

/**
 * Page-locked host memory (cuMemAllocHost) for asynchronous copies: {@link #buffer()} is a little-endian direct view
 * of {@link #capacity()} bytes, {@link #pointer()} the JCuda pointer for cuMemcpy*Async. The device's context must
 * be current when creating and closing. Not thread-safe; close exactly once (try-with-resources).
 */
public final class PinnedHostBuffer implements AutoCloseable {
  private final Pointer pointer = new Pointer();
  private final long capacity;
  private final ByteBuffer buffer;
  private boolean closed;

  /** Allocates {@code bytes} (> 0) of pinned memory. */
  public PinnedHostBuffer(long bytes) {
    if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("pinned buffer size must be in (0, 2^31), got " + bytes);
    }
    CudaDevice.check(cuMemAllocHost(pointer, bytes), "cuMemAllocHost(" + bytes + ")");
    this.capacity = bytes;
    this.buffer = pointer.getByteBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Size in bytes. */
  public long capacity() {
    return capacity;
  }

  /** A little-endian view of the whole buffer (position 0, limit capacity). */
  public ByteBuffer buffer() {
    return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
  }

  /** The JCuda pointer to the first byte. */
  public Pointer pointer() {
    if (closed) {
      throw new IllegalStateException("pinned buffer closed");
    }
    return pointer;
  }

  /** Frees the memory; the views must not be used afterwards. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      CudaDevice.check(cuMemFreeHost(pointer), "cuMemFreeHost");
    }
  }
}
