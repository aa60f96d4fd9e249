package org.neurospark.gpu.memory;

/**
 * The raw device operations under a {@link CachingAllocator}: allocation, release and stream events. The CUDA
 * implementation is {@link org.neurospark.gpu.driver.CudaDevice}; tests use a fake that records calls. Addresses
 * and handles are opaque 64-bit values owned by the implementation.
 */
public interface RawDeviceMemory {
  /**
   * Allocates {@code bytes} of device memory and returns its address, or {@code 0} when the device is out of memory
   * (any other failure throws).
   */
  long allocate(long bytes);

  /** Releases an address returned by {@link #allocate}. */
  void free(long address);

  /** Records an event on {@code stream} (after the work queued so far) and returns its handle. */
  long recordEvent(long stream);

  /** True when the work before the event has completed on the device. */
  boolean eventCompleted(long event);

  /** Destroys an event handle. */
  void destroyEvent(long event);
}
