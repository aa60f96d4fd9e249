package org.neurospark.snn.tensor;

/**
 * Geometry of a 2-D convolution (PyTorch semantics): stride, zero padding and dilation per axis (pixels), and the
 * number of groups (input and output channels must both be divisible by it).
 */
public record ConvParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
  public ConvParams {
    if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || groups < 1 || padH < 0 || padW < 0) {
      throw new IllegalArgumentException("invalid convolution parameters: " + this);
    }
  }

  /** Same stride, padding and dilation on both axes. */
  public static ConvParams of(int stride, int padding, int dilation, int groups) {
    return new ConvParams(stride, stride, padding, padding, dilation, dilation, groups);
  }

  /** Output size along one axis: floor((in + 2 pad - dil (k - 1) - 1) / stride) + 1. */
  public static int outSize(int in, int k, int stride, int pad, int dil) {
    int o = (in + 2 * pad - dil * (k - 1) - 1) / stride + 1;
    if (o <= 0 || in + 2 * pad - dil * (k - 1) - 1 < 0) {
      throw new IllegalArgumentException(
          "convolution/pooling output is empty: input " + in + ", kernel " + k + ", stride " + stride
              + ", padding " + pad + ", dilation " + dil);
    }
    return o;
  }
}
