package org.neurospark.snn.tensor;

/**
 * Geometry of a 2-D pooling window (PyTorch semantics, floor mode): kernel, stride and zero/-inf padding in pixels.
 * Average pooling counts padded zeros in the divisor (PyTorch's default {@code count_include_pad=True}).
 */
public record PoolParams(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
  public PoolParams {
    if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0
        || padH > kernelH / 2 || padW > kernelW / 2) {
      throw new IllegalArgumentException("invalid pooling parameters (padding must be <= kernel/2): " + this);
    }
  }

  /** Square window; stride defaults to the kernel size in PyTorch, pass it explicitly here. */
  public static PoolParams of(int kernel, int stride, int padding) {
    return new PoolParams(kernel, kernel, stride, stride, padding, padding);
  }
}
