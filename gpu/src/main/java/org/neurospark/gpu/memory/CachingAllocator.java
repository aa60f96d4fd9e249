package org.neurospark.gpu.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A caching device allocator (the idea of PyTorch's CUDA caching allocator, simplified: whole blocks, no
 * splitting). Requests are rounded to a size class ({@link #sizeClass}); a released block goes to the free list of
 * its class and is handed out again without touching the device:
 * <ul>
 *   <li>immediately to a request on the <em>same stream</em> (stream order makes the reuse safe: the new owner's
 *       work is queued after the old owner's);</li>
 *   <li>to a request on <em>another stream</em> only after the event recorded at release has completed.</li>
 * </ul>
 * When the device is out of memory the allocator frees every cached block it can and retries once before throwing
 * {@link DeviceOutOfMemoryException}.
 *
 * <p>Lifecycle: the allocator owns every block it allocated from the device; {@link #close()} frees them all (also
 * blocks still handed out: their owners must not use them afterwards) and destroys pending events. No global
 * state: one allocator per device context, created and closed by its owner (try-with-resources).
 *
 * <p>Threading: {@link #allocate}, {@link #release}, {@link #emptyCache} and {@link #close} are for the thread
 * that drives the device; {@link #releaseLater} may be called from any thread (a {@link java.lang.ref.Cleaner}):
 * such blocks are queued and released by the next {@code allocate}/{@code emptyCache} on the owning thread.
 */
public final class CachingAllocator implements AutoCloseable {
  /** Smallest size class (bytes); also the alignment of every block. */
  public static final long MIN_BLOCK = 512;
  /** Requests above this are rounded to a multiple of {@link #LARGE_ROUND} instead of a power of two. */
  public static final long LARGE_THRESHOLD = 1L << 20;
  /** Rounding of large requests (2 MiB). */
  public static final long LARGE_ROUND = 2L << 20;

  private final RawDeviceMemory device;
  /** Free blocks by size class. */
  private final TreeMap<Long, ArrayDeque<DeviceBlock>> free = new TreeMap<>();
  /** Every block allocated from the device and not yet freed, by address. */
  private final Map<Long, DeviceBlock> owned = new HashMap<>();
  private final ConcurrentLinkedQueue<DeviceBlock> deferred = new ConcurrentLinkedQueue<>();
  private long inUse;
  private long requested;
  private long cached;
  private long peakReserved;
  private long allocations;
  private long cacheHits;
  private long deviceAllocations;
  private long deviceFrees;
  private long oomRetries;
  private boolean closed;

  /** An empty allocator over {@code device}. */
  public CachingAllocator(RawDeviceMemory device) {
    this.device = device;
  }

  /**
   * The size class of a request: powers of two from {@link #MIN_BLOCK} up to {@link #LARGE_THRESHOLD}, then
   * multiples of {@link #LARGE_ROUND}.
   */
  public static long sizeClass(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative allocation size " + bytes);
    }
    if (bytes <= MIN_BLOCK) {
      return MIN_BLOCK;
    }
    if (bytes <= LARGE_THRESHOLD) {
      return Long.highestOneBit(bytes - 1) << 1;
    }
    return (bytes + LARGE_ROUND - 1) / LARGE_ROUND * LARGE_ROUND;
  }

  /**
   * A block of at least {@code bytes} bytes for work on {@code stream}: a cached block of the same size class when
   * one is safe to reuse, else a new device allocation.
   *
   * @throws DeviceOutOfMemoryException when the device has no memory left even after emptying the cache
   */
  public DeviceBlock allocate(long bytes, long stream) {
    ensureOpen();
    drainDeferred();
    allocations++;
    long size = sizeClass(bytes);
    DeviceBlock b = takeCached(size, stream);
    if (b != null) {
      cacheHits++;
    } else {
      long addr = device.allocate(size);
      if (addr == 0) {
        oomRetries++;
        emptyCache();
        addr = device.allocate(size);
        if (addr == 0) {
          throw new DeviceOutOfMemoryException("device out of memory allocating " + bytes + " bytes (size class "
              + size + "); allocator: " + stats());
        }
      }
      deviceAllocations++;
      b = new DeviceBlock(addr, size);
      owned.put(addr, b);
    }
    b.handOut(bytes, stream);
    inUse += size;
    requested += bytes;
    peakReserved = Math.max(peakReserved, inUse + cached);
    return b;
  }

  private DeviceBlock takeCached(long size, long stream) {
    ArrayDeque<DeviceBlock> list = free.get(size);
    if (list == null || list.isEmpty()) {
      return null;
    }
    // same stream first: safe without waiting
    for (Iterator<DeviceBlock> it = list.iterator(); it.hasNext(); ) {
      DeviceBlock b = it.next();
      if (b.stream() == stream) {
        it.remove();
        cached -= size;
        clearEvent(b);
        return b;
      }
    }
    for (Iterator<DeviceBlock> it = list.iterator(); it.hasNext(); ) {
      DeviceBlock b = it.next();
      if (b.readyEvent != 0 && device.eventCompleted(b.readyEvent)) {
        it.remove();
        cached -= size;
        clearEvent(b);
        return b;
      }
    }
    return null;
  }

  private void clearEvent(DeviceBlock b) {
    if (b.readyEvent != 0) {
      device.destroyEvent(b.readyEvent);
      b.readyEvent = 0;
    }
  }

  /**
   * Gives a block back to the cache (from the thread that drives the device). Work already queued on the block's
   * stream may still use it: same-stream reuse is ordered after it, other streams wait for an event recorded now.
   */
  public void release(DeviceBlock block) {
    ensureOpen();
    if (owned.get(block.address()) != block) {
      throw new IllegalArgumentException("block at 0x" + Long.toHexString(block.address())
          + " was not allocated by this allocator (or was already freed)");
    }
    if (!block.inUse()) {
      throw new IllegalStateException("block at 0x" + Long.toHexString(block.address()) + " released twice");
    }
    block.giveBack();
    inUse -= block.capacityBytes();
    requested -= block.requestedBytes();
    block.readyEvent = device.recordEvent(block.stream());
    free.computeIfAbsent(block.capacityBytes(), k -> new ArrayDeque<>()).addLast(block);
    cached += block.capacityBytes();
  }

  /** Queues a block for {@link #release} by the owning thread (safe from any thread, e.g. a Cleaner action). */
  public void releaseLater(DeviceBlock block) {
    deferred.add(block);
  }

  private void drainDeferred() {
    DeviceBlock b;
    while ((b = deferred.poll()) != null) {
      if (b.inUse() && !closed) {
        release(b);
      }
    }
  }

  /**
   * Frees every cached block whose last use has completed on the device (blocks still in flight on another
   * stream stay cached); returns the bytes freed.
   */
  public long emptyCache() {
    ensureOpen();
    drainDeferred();
    long freed = 0;
    for (Iterator<Map.Entry<Long, ArrayDeque<DeviceBlock>>> e = free.entrySet().iterator(); e.hasNext(); ) {
      ArrayDeque<DeviceBlock> list = e.next().getValue();
      for (Iterator<DeviceBlock> it = list.iterator(); it.hasNext(); ) {
        DeviceBlock b = it.next();
        if (b.readyEvent != 0 && !device.eventCompleted(b.readyEvent)) {
          continue;
        }
        it.remove();
        clearEvent(b);
        device.free(b.address());
        owned.remove(b.address());
        deviceFrees++;
        cached -= b.capacityBytes();
        freed += b.capacityBytes();
      }
      if (list.isEmpty()) {
        e.remove();
      }
    }
    return freed;
  }

  /** The current counters. */
  public AllocatorStats stats() {
    return new AllocatorStats(inUse, requested, cached, inUse + cached, peakReserved, allocations, cacheHits,
        deviceAllocations, deviceFrees, oomRetries);
  }

  /**
   * Frees every device block this allocator holds, cached or still handed out, and destroys pending events. The
   * caller must have synchronised the streams that used the blocks. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    deferred.clear();
    List<DeviceBlock> all = new ArrayList<>(owned.values());
    for (DeviceBlock b : all) {
      clearEvent(b);
      device.free(b.address());
      deviceFrees++;
      b.giveBack();
    }
    owned.clear();
    free.clear();
    inUse = 0;
    requested = 0;
    cached = 0;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("allocator is closed");
    }
  }
}
