package org.neurospark.gpu.memory;

/**
 * A block of device memory handed out by a {@link CachingAllocator}: {@link #address()} is valid for
 * {@link #requestedBytes()} bytes (the block really spans {@link #capacityBytes()}, its size class) until the block
 * is given back with {@link CachingAllocator#release}. Work that uses it is queued on {@link #stream()}.
 */
public final class DeviceBlock {
  private final long address;
  private final long capacity;
  private long requested;
  private long stream;
  private boolean inUse;
  /** Event recorded when the block was released for reuse on another stream (0: none). */
  long readyEvent;

  DeviceBlock(long address, long capacity) {
    this.address = address;
    this.capacity = capacity;
  }

  /** Device address of the first byte. */
  public long address() {
    return address;
  }

  /** Bytes the caller asked for. */
  public long requestedBytes() {
    return requested;
  }

  /** Bytes of the size class actually reserved. */
  public long capacityBytes() {
    return capacity;
  }

  /** The stream the block was allocated for (its work is ordered on it). */
  public long stream() {
    return stream;
  }

  /** True between allocation and release. */
  public boolean inUse() {
    return inUse;
  }

  void handOut(long bytes, long onStream) {
    requested = bytes;
    stream = onStream;
    inUse = true;
  }

  void giveBack() {
    inUse = false;
  }
}
