package org.neurospark.snn.tensor;

/**
 * Element type of a {@link Tensor}: float32 for training and inference, float64 for gradient checks, and the
 * integer types INT32 / INT64 for class labels, indices (argmax, gather/scatter) and masks. Integer tensors take
 * part in copies, conversions ({@link Tensor#to(DType)}), uploads/downloads and the index operations of
 * {@link Backend}; arithmetic kernels and autograd are defined on the floating types only.
 */
public enum DType {
  /** 32-bit IEEE float (Java {@code float}). */
  FLOAT32(4, true),
  /** 64-bit IEEE float (Java {@code double}). */
  FLOAT64(8, true),
  /** 32-bit two's-complement integer (Java {@code int}): labels, indices, masks. */
  INT32(4, false),
  /** 64-bit two's-complement integer (Java {@code long}). */
  INT64(8, false);

  private final int bytes;
  private final boolean floatingPoint;

  DType(int bytes, boolean floatingPoint) {
    this.bytes = bytes;
    this.floatingPoint = floatingPoint;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** True for FLOAT32 and FLOAT64, false for the integer types. */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }
}
