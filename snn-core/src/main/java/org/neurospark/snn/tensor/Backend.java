package org.neurospark.snn.tensor;

/**
 * A compute device: owns storages and runs the kernels behind {@link Tensor} operations. The CPU implementation is
 * {@link org.neurospark.snn.tensor.cpu.CpuBackend}; a GPU backend implements the same contract.
 *
 * <p>Kernel contract: output tensors are freshly allocated and contiguous unless stated; inputs may be arbitrary
 * strided views (broadcast dimensions have stride 0) of storages owned by this backend. Kernels never record
 * autograd history; {@link Tensor} and {@link org.neurospark.snn.autograd.Function} do that.
 */
public interface Backend {
  /** Short name, e.g. {@code "cpu"}. */
  String name();

  /** A zero-filled storage of {@code size} elements. */
  Storage allocate(DType dtype, int size);

  /** Copies {@code src} into {@code dst} (same shape, any strides; converts dtype if they differ). */
  void copy(Tensor src, Tensor dst);

  /** Sets every element of {@code dst} (any strides) to {@code value}. */
  void fill(Tensor dst, double value);

  /** out = op(a, param); {@code out} contiguous with a's shape. */
  void unary(UnaryOp op, double param, Tensor a, Tensor out);

  /** out = op(a, b); a and b are views already expanded to out's shape; {@code out} contiguous. */
  void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

  /** out = sum of a over {@code dims}; {@code out} contiguous with a's shape where reduced dims are 1. */
  void sum(Tensor a, int[] dims, Tensor out);

  /**
   * Maximum over one dimension: {@code out} contiguous with a's shape where {@code dim} is 1; {@code argmax}
   * (length out.numel()) receives the index along {@code dim} of the first maximum (NaN counts as maximum).
   */
  void max(Tensor a, int dim, Tensor out, int[] argmax);

  /**
   * Row-major GEMM on flat storages: C = alpha * op(A) * op(B) + beta * C, op(A) m×k, op(B) k×n, C m×n; lda, ldb,
   * ldc are the row strides of the stored (untransposed) matrices. beta = 0 ignores C's old content (NaN too).
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Storage a, int offA, int lda,
      Storage b, int offB, int ldb, double beta, Storage c, int offC, int ldc);

  /** Convolution forward: x [N, C, H, W], w [Co, C/groups, kh, kw] (contiguous) into out [N, Co, Ho, Wo]. */
  void conv2d(Tensor x, Tensor w, ConvParams p, Tensor out);

  /** Gradient of conv2d w.r.t. its input: gradOut [N, Co, Ho, Wo], w into gradX [N, C, H, W] (overwritten). */
  void conv2dBackwardInput(Tensor gradOut, Tensor w, ConvParams p, Tensor gradX);

  /** Gradient of conv2d w.r.t. its weight: gradOut, x into gradW [Co, C/groups, kh, kw] (overwritten). */
  void conv2dBackwardWeight(Tensor gradOut, Tensor x, ConvParams p, Tensor gradW);

  /** Max pooling of x [N, C, H, W] into out [N, C, Ho, Wo]; argmax receives flat h*W+w indices per output. */
  void maxPool2d(Tensor x, PoolParams p, Tensor out, int[] argmax);

  /** Scatters gradOut into gradX (zeroed first) through the argmax of {@link #maxPool2d}. */
  void maxPool2dBackward(Tensor gradOut, int[] argmax, Tensor gradX);

  /** Average pooling (count_include_pad) of x [N, C, H, W] into out [N, C, Ho, Wo]. */
  void avgPool2d(Tensor x, PoolParams p, Tensor out);

  /** Gradient of {@link #avgPool2d} into gradX (overwritten). */
  void avgPool2dBackward(Tensor gradOut, PoolParams p, Tensor gradX);

  /** Adaptive average pooling of x [N, C, H, W] into out [N, C, Ho, Wo] (PyTorch's start/end index rule). */
  void adaptiveAvgPool2d(Tensor x, Tensor out);

  /** Gradient of {@link #adaptiveAvgPool2d} into gradX (overwritten). */
  void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradX);

  /** Softmax (or log-softmax) of contiguous a over its last dimension into out. */
  void softmax(Tensor a, boolean log, Tensor out);

  /** Gradient of {@link #softmax}: y is the forward output, gradX overwritten. */
  void softmaxBackward(Tensor gradOut, Tensor y, boolean log, Tensor gradX);

  /**
   * Per-channel batch statistics of contiguous x viewed as [N, C, S]: mean and biased variance into the [C]
   * tensors {@code mean} and {@code var} (accumulated in float64).
   */
  void batchNormStats(Tensor x, Tensor mean, Tensor var);

  /**
   * out = (x − mean[c]) · invstd[c] · weight[c] + bias[c] for contiguous x viewed as [N, C, S]; weight and bias may
   * be null (1 and 0).
   */
  void batchNormApply(Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias, Tensor out);

  /**
   * Gradients of {@link #batchNormApply}: into gradX, and (when non-null) gradWeight = Σ g·x̂ and gradBias = Σ g
   * per channel. With {@code batchStats} the mean/invstd were computed from x itself and their dependence on x is
   * included (training mode); otherwise they are constants (eval mode).
   */
  void batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invstd, Tensor weight, boolean batchStats,
      Tensor gradX, Tensor gradWeight, Tensor gradBias);

  /**
   * Hook for fused kernels written elsewhere (e.g. multi-step neuron updates): returns the implementation of
   * {@code type} registered on this backend, or null when none is.
   */
  <K> K kernel(Class<K> type);

  /** Registers (or replaces) the implementation of a fused kernel interface on this backend. */
  <K> void registerKernel(Class<K> type, K implementation);
}
