package org.neurospark.snn.tensor;

/** Element type of a {@link Tensor}: float32 for training and inference, float64 for gradient checks. */
public enum DType {
  /** 32-bit IEEE float (Java {@code float}). */
  FLOAT32(4),
  /** 64-bit IEEE float (Java {@code double}). */
  FLOAT64(8);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }
}
