package org.neurospark.gpu.memory;

/**
 * A snapshot of a {@link CachingAllocator}'s counters. Bytes are size-class bytes (what the device holds for the
 * block), except {@code requestedBytes} (what callers asked for).
 *
 * @param inUseBytes bytes of blocks currently handed out
 * @param requestedBytes bytes callers asked for, over the blocks currently handed out
 * @param cachedBytes bytes of free blocks kept for reuse
 * @param reservedBytes inUseBytes + cachedBytes: everything allocated from the device and not yet freed
 * @param peakReservedBytes the maximum of reservedBytes so far
 * @param allocations number of {@link CachingAllocator#allocate} calls
 * @param cacheHits allocations served from a free list
 * @param deviceAllocations raw device allocations
 * @param deviceFrees raw device frees
 * @param oomRetries allocations that failed on the device, emptied the cache and retried
 */
public record AllocatorStats(long inUseBytes, long requestedBytes, long cachedBytes, long reservedBytes,
    long peakReservedBytes, long allocations, long cacheHits, long deviceAllocations, long deviceFrees,
    long oomRetries) {}
