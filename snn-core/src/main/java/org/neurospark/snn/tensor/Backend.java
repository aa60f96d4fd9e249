package org.neurospark.snn.tensor;

import java.nio.ByteBuffer;

/**
 * A compute device: owns storages and runs the kernels behind {@link Tensor} operations. The CPU implementation is
 * {@link org.neurospark.snn.tensor.cpu.CpuBackend}; a GPU backend implements the same contract.
 *
 * <p>Kernel contract: output tensors are freshly allocated and contiguous unless stated; inputs may be arbitrary
 * strided views (broadcast dimensions have stride 0) of storages owned by this backend. Kernels never record
 * autograd history; {@link Tensor} and {@link org.neurospark.snn.autograd.Function} do that.
 *
 * <p>Host memory crosses the boundary only through {@link #upload} and {@link #download}; {@link #copy} and every
 * other kernel take only storages of this backend. Index tensors (argmax, gather/scatter indices, labels) are
 * {@link DType#INT32} or {@link DType#INT64} storages of this backend.
 */
public interface Backend {
  /** Short name, e.g. {@code "cpu"}. */
  String name();

  /** A zero-filled storage of {@code size} elements. */
  Storage allocate(DType dtype, int size);

  /**
   * A storage of {@code size} elements whose contents are unspecified: for an output that the caller's kernel writes
   * entirely before anything reads it (a backend may then skip zeroing or reuse released memory as it is). Default:
   * {@link #allocate}.
   */
  default Storage allocateForOverwrite(DType dtype, int size) {
    return allocate(dtype, size);
  }

  /**
   * A new storage of this backend holding a copy of {@code len} FLOAT32 elements {@code src[off .. off+len)}
   * (a host-to-device transfer).
   */
  Storage upload(float[] src, int off, int len);

  /** A new FLOAT64 storage holding a copy of {@code src[off .. off+len)}. */
  Storage upload(double[] src, int off, int len);

  /** A new INT32 storage holding a copy of {@code src[off .. off+len)}. */
  Storage upload(int[] src, int off, int len);

  /** A new INT64 storage holding a copy of {@code src[off .. off+len)}. */
  Storage upload(long[] src, int off, int len);

  /**
   * A new storage of {@code dtype} holding the elements in {@code src}'s remaining bytes (read in {@code src}'s
   * byte order; the remaining byte count must be a multiple of {@code dtype.bytes()}); advances src's position to
   * its limit.
   */
  Storage upload(ByteBuffer src, DType dtype);

  /**
   * Copies the elements of {@code src} (a tensor of this backend, any strides, any dtype: converted like
   * {@link #copy}) in row-major order into {@code dst[off .. off+src.numel())} (a device-to-host transfer).
   */
  void download(Tensor src, float[] dst, int off);

  /** As {@link #download(Tensor, float[], int)} into a double array. */
  void download(Tensor src, double[] dst, int off);

  /** As {@link #download(Tensor, float[], int)} into an int array (floats truncated toward zero like a Java cast). */
  void download(Tensor src, int[] dst, int off);

  /** As {@link #download(Tensor, float[], int)} into a long array (floats truncated toward zero). */
  void download(Tensor src, long[] dst, int off);

  /**
   * Writes the elements of {@code src} in row-major order and in src's own dtype into {@code dst} at its position
   * (in dst's byte order), advancing the position by {@code src.numel() * src.dtype().bytes()}.
   */
  void download(Tensor src, ByteBuffer dst);

  /**
   * Copies {@code src} into {@code dst} (same shape, any strides; converts dtype if they differ: float to integer
   * truncates toward zero like a Java cast, integer to float rounds to nearest).
   */
  void copy(Tensor src, Tensor dst);

  /** Sets every element of {@code dst} (any strides) to {@code value}. */
  void fill(Tensor dst, double value);

  /**
   * out = op(a, param); {@code out} contiguous (offset 0) with a's shape. {@code out} may be {@code a} itself (an
   * in-place update of a contiguous tensor).
   */
  void unary(UnaryOp op, double param, Tensor a, Tensor out);

  /**
   * out = op(a, b); a and b are views already expanded to out's shape; {@code out} contiguous (offset 0). {@code out}
   * may be {@code a} itself (in place, e.g. gradient accumulation); {@code b} must then not share out's storage.
   */
  void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

  /** out = sum of a over {@code dims}; {@code out} contiguous with a's shape where reduced dims are 1. */
  void sum(Tensor a, int[] dims, Tensor out);

  /**
   * Maximum over one dimension: {@code out} contiguous with a's shape where {@code dim} is 1; {@code argmax} (a
   * fresh contiguous INT32 tensor of out's shape) receives the index along {@code dim} of the first maximum (NaN
   * counts as maximum, like {@code torch.max}).
   */
  void max(Tensor a, int dim, Tensor out, Tensor argmax);

  /**
   * PyTorch's {@code gather}: {@code out[i][j][k] = src[i][index[i][j][k]][k]} for {@code dim = 1} (likewise for
   * any dim). {@code index} is INT32 or INT64 of src's rank (any strides) with {@code index.size(d) <= src.size(d)}
   * for d != dim; {@code out} is a fresh contiguous tensor of index's shape and src's dtype. An index outside
   * {@code [0, src.size(dim))} throws {@link IllegalArgumentException}.
   */
  void gather(Tensor src, int dim, Tensor index, Tensor out);

  /**
   * PyTorch's {@code scatter_} (in place on {@code dst}, any strides): {@code dst[i][index[i][j][k]][k] =
   * src[i][j][k]} for {@code dim = 1}; {@code src} (same dtype as dst, any strides, broadcast views allowed) has
   * index's shape. With repeated indices the last write in row-major order of index wins. Does not bump dst's
   * version (the caller does).
   */
  void scatter(Tensor dst, int dim, Tensor index, Tensor src);

  /** As {@link #scatter} but adds: {@code dst[i][index[i][j][k]][k] += src[i][j][k]} (row-major order). */
  void scatterAdd(Tensor dst, int dim, Tensor index, Tensor src);

  /**
   * One-hot encoding: {@code labels} INT32/INT64 of shape [*] (any strides), {@code out} a fresh contiguous
   * floating tensor of shape [*, numClasses] overwritten with 1 at {@code [..., labels[...]]} and 0 elsewhere. A
   * label outside {@code [0, numClasses)} throws {@link IllegalArgumentException}.
   */
  void oneHot(Tensor labels, int numClasses, Tensor out);

  /**
   * A dropout mask drawn from the {@link Philox} stream of {@code key}: element {@code i} of {@code out} (a fresh
   * contiguous floating tensor, row-major) is 0 where {@code Philox.uniform(key, offset + i) < p} and
   * {@code 1 / (1 − p)} (rounded to out's dtype) elsewhere. Counter-based, so every backend draws the same mask.
   * The default draws on the host and uploads the mask (one transfer); device backends override it to draw in
   * place.
   *
   * @param key the stream's 64-bit key (a seed)
   * @param offset the stream position of out's first element
   * @param p the drop probability, in [0, 1)
   */
  default void dropoutMask(long key, long offset, double p, Tensor out) {
    checkDropout(p, out);
    int n = out.numel();
    Tensor host;
    if (out.dtype() == DType.FLOAT32) {
      float[] m = new float[n];
      Philox.dropoutMask(key, offset, p, m, 0, n);
      host = new Tensor(upload(m, 0, n), out.shape(), out.strides(), 0);
    } else {
      double[] m = new double[n];
      Philox.dropoutMask(key, offset, p, m, 0, n);
      host = new Tensor(upload(m, 0, n), out.shape(), out.strides(), 0);
    }
    copy(host, out);
  }

  /**
   * Bernoulli spikes drawn from the {@link Philox} stream of {@code key} (SpikingJelly's Poisson encoder): element
   * {@code i} of {@code out} (a fresh contiguous float32 tensor, row-major) is 1 where
   * {@code Philox.uniform(key, offset + i) <= probs[i]} and 0 elsewhere; {@code probs} is float32 of out's shape, any
   * strides. Counter-based, so every backend draws the same spikes. The default downloads the probabilities, draws on
   * the host and uploads the spikes (two transfers); device backends override it to draw in place.
   */
  default void bernoulli(long key, long offset, Tensor probs, Tensor out) {
    checkBernoulli(probs, out);
    int n = out.numel();
    float[] p = new float[n];
    download(probs, p, 0);
    float[] s = new float[n];
    Philox.bernoulli(key, offset, p, 0, s, 0, n);
    copy(new Tensor(upload(s, 0, n), out.shape(), out.strides(), 0), out);
  }

  /** Argument checks of {@link #bernoulli}, for implementations. */
  static void checkBernoulli(Tensor probs, Tensor out) {
    if (out.dtype() != DType.FLOAT32 || !out.isContiguous() || out.offset() != 0
        || out.storage().size() != out.numel()) {
      throw new IllegalArgumentException("bernoulli output must be a fresh contiguous float32 tensor, got "
          + out.dtype() + " " + java.util.Arrays.toString(out.shape()));
    }
    if (probs.dtype() != DType.FLOAT32 || !java.util.Arrays.equals(probs.shape(), out.shape())) {
      throw new IllegalArgumentException("bernoulli probabilities must be float32 of the output's shape "
          + java.util.Arrays.toString(out.shape()) + ", got " + probs.dtype() + " "
          + java.util.Arrays.toString(probs.shape()));
    }
  }

  /** Argument checks of {@link #dropoutMask}, for implementations. */
  static void checkDropout(double p, Tensor out) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    if (!out.dtype().isFloatingPoint() || !out.isContiguous() || out.offset() != 0
        || out.storage().size() != out.numel()) {
      throw new IllegalArgumentException("dropoutMask output must be a fresh contiguous floating tensor, got "
          + out.dtype() + " " + java.util.Arrays.toString(out.shape()));
    }
  }

  /**
   * Row-major GEMM on flat storages: C = alpha * op(A) * op(B) + beta * C, op(A) m×k, op(B) k×n, C m×n; lda, ldb,
   * ldc are the row strides of the stored (untransposed) matrices. beta = 0 ignores C's old content (NaN too).
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Storage a, int offA, int lda,
      Storage b, int offB, int ldb, double beta, Storage c, int offC, int ldc);

  /**
   * Batched {@link #gemm}: for every {@code i < batch}, C_i = alpha · op(A_i) · op(B_i) + beta · C_i with A_i at
   * {@code offA + i·strideA} (likewise B_i, C_i); the C_i must not overlap. The backend chooses how to schedule
   * the products (each is computed as by {@link #gemm}).
   */
  void gemmBatched(boolean transA, boolean transB, int batch, int m, int n, int k, double alpha, Storage a, int offA,
      int lda, int strideA, Storage b, int offB, int ldb, int strideB, double beta, Storage c, int offC, int ldc,
      int strideC);

  /** Convolution forward: x [N, C, H, W], w [Co, C/groups, kh, kw] (contiguous) into out [N, Co, Ho, Wo]. */
  void conv2d(Tensor x, Tensor w, ConvParams p, Tensor out);

  /** Gradient of conv2d w.r.t. its input: gradOut [N, Co, Ho, Wo], w into gradX [N, C, H, W] (overwritten). */
  void conv2dBackwardInput(Tensor gradOut, Tensor w, ConvParams p, Tensor gradX);

  /** Gradient of conv2d w.r.t. its weight: gradOut, x into gradW [Co, C/groups, kh, kw] (overwritten). */
  void conv2dBackwardWeight(Tensor gradOut, Tensor x, ConvParams p, Tensor gradW);

  /**
   * Max pooling of x [N, C, H, W] into out [N, C, Ho, Wo]; {@code argmax} (a fresh contiguous INT32 tensor of
   * out's shape) receives the flat {@code h*W+w} index of each output's maximum within its input plane.
   */
  void maxPool2d(Tensor x, PoolParams p, Tensor out, Tensor argmax);

  /**
   * Scatters gradOut into gradX through the INT32 argmax of {@link #maxPool2d}; the kernel zeroes gradX first (its
   * prior contents are ignored).
   */
  void maxPool2dBackward(Tensor gradOut, Tensor argmax, Tensor gradX);

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
   * out = (x − mean[c]) · invstd[c] · weight[c] + bias[c] for contiguous x viewed as [N, C, S] (out overwritten);
   * weight and bias may be null (1 and 0).
   */
  void batchNormApply(Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias, Tensor out);

  /**
   * Gradients of {@link #batchNormApply}: into gradX (overwritten), and (when non-null) gradWeight = Σ g·x̂ and
   * gradBias = Σ g per channel. With {@code batchStats} the mean/invstd were computed from x itself and their
   * dependence on x is included (training mode); otherwise they are constants (eval mode).
   */
  void batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invstd, Tensor weight, boolean batchStats,
      Tensor gradX, Tensor gradWeight, Tensor gradBias);

  /**
   * One fused SGD update in place (PyTorch's rule, element-wise in the parameter's precision with the scalar
   * factors rounded to it): {@code d = g + wd·p}; with momentum {@code buf = firstStep ? d : μ·buf + (1−dampening)·d}
   * and {@code d = nesterov ? d + μ·buf : buf}; {@code p -= lr·d}. {@code param} and {@code momentumBuffer} (null
   * without momentum) are contiguous; {@code grad} has param's dtype and element count (any strides). Does not
   * bump versions (the caller does).
   */
  void sgdUpdate(SgdParams h, Tensor param, Tensor grad, Tensor momentumBuffer, boolean firstStep);

  /**
   * One fused Adam/AdamW update in place at 1-based step {@code t} (PyTorch's rule, see
   * {@link org.neurospark.snn.optim.Adam}): updates {@code expAvg}, {@code expAvgSq}, {@code maxExpAvgSq}
   * (AMSGrad; null without) and {@code param}, all contiguous of param's dtype; {@code grad} has param's dtype and
   * element count (any strides). Does not bump versions.
   */
  void adamUpdate(AdamParams h, long t, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
      Tensor maxExpAvgSq);

  /**
   * Hook for fused kernels written elsewhere (e.g. multi-step neuron updates): returns the implementation of
   * {@code type} registered on this backend, or null when none is.
   */
  <K> K kernel(Class<K> type);

  /** Registers (or replaces) the implementation of a fused kernel interface on this backend. */
  <K> void registerKernel(Class<K> type, K implementation);
}
