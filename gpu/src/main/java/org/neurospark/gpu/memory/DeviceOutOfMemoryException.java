package org.neurospark.gpu.memory;

/** The device could not provide a block even after the allocator's cache was emptied. */
public final class DeviceOutOfMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the request and the allocator's state. */
  public DeviceOutOfMemoryException(String message) {
    super(message);
  }
}
