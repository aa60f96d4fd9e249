package org.neurospark.gpu.driver;

/** A failed CUDA driver, cuBLAS or kernel-image operation, with the call and the error code's name. */
public final class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public CudaException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public CudaException(String message, Throwable cause) {
    super(message, cause);
  }
}
