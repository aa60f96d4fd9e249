/**
 * Device memory management without a device: {@link org.neurospark.gpu.memory.CachingAllocator} (size classes,
 * per-class free lists, stream-ordered reuse with events for cross-stream reuse, out-of-memory retry, stats,
 * explicit release and close) over the raw operations of {@link org.neurospark.gpu.memory.RawDeviceMemory}.
 */
package org.neurospark.gpu.memory;
