package org.neurospark.snn.tensor;

import java.util.Arrays;
import java.util.List;
import org.neurospark.snn.autograd.Autograd;
import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.autograd.Node;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.cpu.CpuStorage;

/**
 * An n-dimensional array of float32 or float64 with reverse-mode autograd (PyTorch semantics), or of int32 /
 * int64 for labels, indices and masks (no autograd, no arithmetic: copies, conversions and index operations).
 *
 * <p>A tensor is a strided view (shape, element strides, offset) of a {@link Storage} owned by a {@link Backend}.
 * View operations ({@link #view}, {@link #reshape} when possible, {@link #permute}, {@link #transpose},
 * {@link #select}, {@link #slice}, {@link #expand}, {@link #detach}) share storage; all other operations return
 * new contiguous tensors. SNN shapes follow SpikingJelly: single step {@code [N, *]}, multi step
 * {@code [T, N, *]}.
 *
 * <p>Autograd: a leaf created with {@link #requiresGrad(boolean)} accumulates gradients into {@link #grad()} when
 * {@link #backward()} is called on a result. Recording is off inside {@link GradMode#noGrad()}. In-place methods
 * (names ending in {@code _}) bump the storage version; using a tensor saved for backward after such a
 * modification throws {@link IllegalStateException}. In-place ops on tensors that require grad while grad mode is
 * on are refused.
 *
 * <p>Binary element-wise ops broadcast like NumPy. Dimension arguments may be negative (counted from the end).
 */
public final class Tensor {
  private final Storage storage;
  private final int[] shape;
  private final int[] strides;
  private final int offset;
  private boolean requiresGrad;
  private Tensor grad;
  private Node gradFn;
  private int outputIndex;
  /** Set by {@link #broadcastOverTime}: the {@code [N, *]} tensor this T-broadcast view repeats; else null. */
  private Tensor timeStepSource;

  /** A view of {@code storage}; prefer the factories. */
  public Tensor(Storage storage, int[] shape, int[] strides, int offset) {
    if (shape.length != strides.length) {
      throw new IllegalArgumentException("shape and strides differ in rank");
    }
    storage.requireLive(null);
    this.storage = storage;
    this.shape = shape.clone();
    this.strides = strides.clone();
    this.offset = offset;
  }

  // ---------------------------------------------------------------- factories

  /**
   * Default backend for the factories that take none: the calling thread's innermost open {@link BackendScope},
   * else the CPU. Operations on tensors allocate their outputs on their inputs' backend, never here; pass a
   * {@link Backend} to the factories to create tensors elsewhere.
   */
  public static Backend defaultBackend() {
    return BackendScope.current();
  }

  /** A new zero-filled contiguous tensor on {@code backend}. */
  public static Tensor zeros(Backend backend, DType dtype, int... shape) {
    return new Tensor(StorageScope.track(backend.allocate(dtype, Shapes.numel(shape))), shape, Shapes.contiguousStrides(shape), 0);
  }

  /**
   * A new contiguous tensor on {@code backend} whose elements are unspecified (PyTorch's {@code empty}): only for an
   * output that is written entirely before it is read; see {@link Backend#allocateForOverwrite}.
   */
  public static Tensor empty(Backend backend, DType dtype, int... shape) {
    return new Tensor(StorageScope.track(backend.allocateForOverwrite(dtype, Shapes.numel(shape))), shape,
        Shapes.contiguousStrides(shape), 0);
  }

  /** A new tensor of ones on {@code backend}. */
  public static Tensor ones(Backend backend, DType dtype, int... shape) {
    return full(backend, 1, dtype, shape);
  }

  /** A new tensor filled with {@code value} on {@code backend} (integer dtypes: truncated toward zero). */
  public static Tensor full(Backend backend, double value, DType dtype, int... shape) {
    Tensor t = zeros(backend, dtype, shape);
    if (value != 0) {
      backend.fill(t, value);
    }
    return t;
  }

  /** A 0-dimensional tensor on {@code backend}. */
  public static Tensor scalar(Backend backend, double value, DType dtype) {
    return full(backend, value, dtype);
  }

  /** {@code [0, 1, ..., n-1]} of {@code dtype} on {@code backend} (one upload). */
  public static Tensor arange(Backend backend, DType dtype, int n) {
    long[] d = new long[n];
    for (int i = 0; i < n; i++) {
      d[i] = i;
    }
    Tensor t = fromArray(backend, d, n);
    return dtype == DType.INT64 ? t : t.to(dtype);
  }

  /** A copy of {@code data} (row-major) uploaded to {@code backend} as a float32 tensor of {@code shape}. */
  public static Tensor fromArray(Backend backend, float[] data, int... shape) {
    checkLength(data.length, shape);
    return new Tensor(StorageScope.track(backend.upload(data, 0, data.length)), shape, Shapes.contiguousStrides(shape), 0);
  }

  /** A copy of {@code data} uploaded to {@code backend} as a float64 tensor of {@code shape}. */
  public static Tensor fromArray(Backend backend, double[] data, int... shape) {
    checkLength(data.length, shape);
    return new Tensor(StorageScope.track(backend.upload(data, 0, data.length)), shape, Shapes.contiguousStrides(shape), 0);
  }

  /** A copy of {@code data} uploaded to {@code backend} as an int32 tensor of {@code shape} (e.g. labels). */
  public static Tensor fromArray(Backend backend, int[] data, int... shape) {
    checkLength(data.length, shape);
    return new Tensor(StorageScope.track(backend.upload(data, 0, data.length)), shape, Shapes.contiguousStrides(shape), 0);
  }

  /** A copy of {@code data} uploaded to {@code backend} as an int64 tensor of {@code shape}. */
  public static Tensor fromArray(Backend backend, long[] data, int... shape) {
    checkLength(data.length, shape);
    return new Tensor(StorageScope.track(backend.upload(data, 0, data.length)), shape, Shapes.contiguousStrides(shape), 0);
  }

  /**
   * Wraps {@code data} (row-major, NOT copied) as a CPU int32 tensor of {@code shape}; inside a
   * {@link BackendScope} of another backend, uploads a copy of it to that backend instead.
   */
  public static Tensor fromArray(int[] data, int... shape) {
    checkLength(data.length, shape);
    Backend b = defaultBackend();
    if (!(b instanceof CpuBackend)) {
      return fromArray(b, data, shape);
    }
    return new Tensor(StorageScope.track(new CpuStorage(data)), shape, Shapes.contiguousStrides(shape), 0);
  }

  /**
   * Wraps {@code data} (row-major, NOT copied) as a CPU int64 tensor of {@code shape}; inside a
   * {@link BackendScope} of another backend, uploads a copy of it to that backend instead.
   */
  public static Tensor fromArray(long[] data, int... shape) {
    checkLength(data.length, shape);
    Backend b = defaultBackend();
    if (!(b instanceof CpuBackend)) {
      return fromArray(b, data, shape);
    }
    return new Tensor(StorageScope.track(new CpuStorage(data)), shape, Shapes.contiguousStrides(shape), 0);
  }

  /** A new zero-filled float32 tensor. */
  public static Tensor zeros(int... shape) {
    return zeros(defaultBackend(), DType.FLOAT32, shape);
  }

  /** A new zero-filled tensor of the given dtype. */
  public static Tensor zeros(DType dtype, int... shape) {
    return zeros(defaultBackend(), dtype, shape);
  }

  /** A new float32 tensor of ones. */
  public static Tensor ones(int... shape) {
    return full(1, DType.FLOAT32, shape);
  }

  /** A new tensor of ones. */
  public static Tensor ones(DType dtype, int... shape) {
    return full(1, dtype, shape);
  }

  /** A new tensor filled with {@code value}. */
  public static Tensor full(double value, DType dtype, int... shape) {
    Tensor t = zeros(dtype, shape);
    if (value != 0) {
      t.backend().fill(t, value);
    }
    return t;
  }

  /** A 0-dimensional float32 tensor. */
  public static Tensor scalar(double value) {
    return full(value, DType.FLOAT32);
  }

  /** A 0-dimensional tensor of the given dtype. */
  public static Tensor scalar(double value, DType dtype) {
    return full(value, dtype);
  }

  /**
   * Wraps {@code data} (row-major, NOT copied) as a CPU float32 tensor of {@code shape}; inside a
   * {@link BackendScope} of another backend, uploads a copy of it to that backend instead.
   */
  public static Tensor fromArray(float[] data, int... shape) {
    checkLength(data.length, shape);
    Backend b = defaultBackend();
    if (!(b instanceof CpuBackend)) {
      return fromArray(b, data, shape);
    }
    return new Tensor(StorageScope.track(new CpuStorage(data)), shape, Shapes.contiguousStrides(shape), 0);
  }

  /**
   * Wraps {@code data} (row-major, NOT copied) as a CPU float64 tensor of {@code shape}; inside a
   * {@link BackendScope} of another backend, uploads a copy of it to that backend instead.
   */
  public static Tensor fromArray(double[] data, int... shape) {
    checkLength(data.length, shape);
    Backend b = defaultBackend();
    if (!(b instanceof CpuBackend)) {
      return fromArray(b, data, shape);
    }
    return new Tensor(StorageScope.track(new CpuStorage(data)), shape, Shapes.contiguousStrides(shape), 0);
  }

  /** {@code [0, 1, ..., n-1]} as float32. */
  public static Tensor arange(int n) {
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = i;
    }
    return fromArray(d, n);
  }

  private static void checkLength(int len, int[] shape) {
    if (len != Shapes.numel(shape)) {
      throw new IllegalArgumentException(
          "array of length " + len + " does not match shape " + Arrays.toString(shape));
    }
  }

  /** Zeros with this tensor's shape, dtype and backend. */
  public Tensor zerosLike() {
    return zeros(backend(), dtype(), shape);
  }

  /** Ones with this tensor's shape, dtype and backend. */
  public Tensor onesLike() {
    Tensor t = zerosLike();
    backend().fill(t, 1);
    return t;
  }

  /**
   * A copy of this tensor's elements (contiguous, same dtype, no autograd history) on {@code target}: this
   * tensor itself when it is already there, else one download to the host and one upload.
   */
  public Tensor to(Backend target) {
    if (target == backend()) {
      return this;
    }
    int n = numel();
    switch (dtype()) {
      case FLOAT32: {
        float[] h = new float[n];
        backend().download(this, h, 0);
        return fromArray(target, h, shape);
      }
      case FLOAT64: {
        double[] h = new double[n];
        backend().download(this, h, 0);
        return fromArray(target, h, shape);
      }
      case INT32: {
        int[] h = new int[n];
        backend().download(this, h, 0);
        return fromArray(target, h, shape);
      }
      default: {
        long[] h = new long[n];
        backend().download(this, h, 0);
        return fromArray(target, h, shape);
      }
    }
  }

  // ---------------------------------------------------------------- metadata

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Size of dimension {@code d} (negative counts from the end). */
  public int size(int d) {
    return shape[Shapes.dim(d, shape.length)];
  }

  /** Number of dimensions. */
  public int dim() {
    return shape.length;
  }

  /** Number of elements. */
  public int numel() {
    return Shapes.numel(shape);
  }

  /** A copy of the element strides. */
  public int[] strides() {
    return strides.clone();
  }

  /** Offset of element [0, ..., 0] in the storage. */
  public int offset() {
    return offset;
  }

  /** Element type. */
  public DType dtype() {
    return storage.dtype();
  }

  /** The underlying storage (shared by views). */
  public Storage storage() {
    return storage;
  }

  /** The backend owning the storage. */
  public Backend backend() {
    return storage.backend();
  }

  /** Storage version counter (see {@link Storage#version()}). */
  public int version() {
    return storage.version();
  }

  /** True when elements are laid out row-major without gaps (strides of size-1 dims are ignored). */
  public boolean isContiguous() {
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1) {
        if (strides[i] != s) {
          return false;
        }
        s *= shape[i];
      }
    }
    return true;
  }

  /**
   * The backing float array of a CPU float32 tensor (no copy). Element {@code [i0..]} is at
   * {@code offset() + sum(i_k * strides()[k])}; for a contiguous tensor elements are
   * {@code floatData()[offset() .. offset() + numel())}. Writing into it is an in-place modification: call
   * {@link Storage#bumpVersion()} if autograd may have saved the tensor.
   */
  public float[] floatData() {
    if (!(storage instanceof CpuStorage) || dtype() != DType.FLOAT32) {
      throw new IllegalStateException("floatData() needs a CPU float32 tensor; this is " + dtype() + " on "
          + backend().name());
    }
    return ((CpuStorage) storage).floats();
  }

  /** The backing double array of a CPU float64 tensor (no copy); see {@link #floatData()}. */
  public double[] doubleData() {
    if (!(storage instanceof CpuStorage) || dtype() != DType.FLOAT64) {
      throw new IllegalStateException("doubleData() needs a CPU float64 tensor; this is " + dtype() + " on "
          + backend().name());
    }
    return ((CpuStorage) storage).doubles();
  }

  /** The backing int array of a CPU int32 tensor (no copy); see {@link #floatData()}. */
  public int[] intData() {
    if (!(storage instanceof CpuStorage) || dtype() != DType.INT32) {
      throw new IllegalStateException("intData() needs a CPU int32 tensor; this is " + dtype() + " on "
          + backend().name());
    }
    return ((CpuStorage) storage).ints();
  }

  /** The backing long array of a CPU int64 tensor (no copy); see {@link #floatData()}. */
  public long[] longData() {
    if (!(storage instanceof CpuStorage) || dtype() != DType.INT64) {
      throw new IllegalStateException("longData() needs a CPU int64 tensor; this is " + dtype() + " on "
          + backend().name());
    }
    return ((CpuStorage) storage).longs();
  }

  /**
   * The elements in row-major order as a new float array (one download through this tensor's backend, also for
   * strided or broadcast views; other dtypes converted).
   */
  public float[] toFloatArray() {
    float[] d = new float[numel()];
    backend().download(this, d, 0);
    return d;
  }

  /** The elements in row-major order as a new double array (one download, see {@link #toFloatArray()}). */
  public double[] toDoubleArray() {
    double[] d = new double[numel()];
    backend().download(this, d, 0);
    return d;
  }

  /** The elements as a new int array (one download; floats truncated toward zero). */
  public int[] toIntArray() {
    int[] d = new int[numel()];
    backend().download(this, d, 0);
    return d;
  }

  /** The elements as a new long array (one download; floats truncated toward zero). */
  public long[] toLongArray() {
    long[] d = new long[numel()];
    backend().download(this, d, 0);
    return d;
  }

  /** Storage index of the element at {@code idx}. */
  private int index(int[] idx) {
    if (idx.length != shape.length) {
      throw new IllegalArgumentException("expected " + shape.length + " indices, got " + idx.length);
    }
    int p = offset;
    for (int i = 0; i < idx.length; i++) {
      int k = idx[i] < 0 ? idx[i] + shape[i] : idx[i];
      if (k < 0 || k >= shape[i]) {
        throw new IndexOutOfBoundsException("index " + idx[i] + " out of range for dimension " + i + " of size "
            + shape[i]);
      }
      p += k * strides[i];
    }
    return p;
  }

  /** The element at {@code idx} (a download of one element when the tensor is not on the CPU). */
  public double get(int... idx) {
    int p = index(idx);
    if (!(storage instanceof CpuStorage)) {
      double[] one = new double[1];
      backend().download(new Tensor(storage, new int[0], new int[0], p), one, 0);
      return one[0];
    }
    CpuStorage c = (CpuStorage) storage;
    switch (dtype()) {
      case FLOAT32: return c.floats()[p];
      case FLOAT64: return c.doubles()[p];
      case INT32: return c.ints()[p];
      default: return c.longs()[p];
    }
  }

  /** The single element of a one-element tensor. */
  public double item() {
    if (numel() != 1) {
      throw new IllegalStateException("item() needs a one-element tensor, shape is " + Arrays.toString(shape));
    }
    return get(new int[shape.length]);
  }

  /** Sets the element at {@code idx} (an in-place modification; integer dtypes truncate toward zero). */
  public Tensor set(double value, int... idx) {
    checkInPlace();
    int p = index(idx);
    if (storage instanceof CpuStorage && dtype() == DType.FLOAT32) {
      floatData()[p] = (float) value;
    } else if (storage instanceof CpuStorage && dtype() == DType.FLOAT64) {
      doubleData()[p] = value;
    } else {
      backend().fill(new Tensor(storage, new int[0], new int[0], p), value); // one element, on its backend
    }
    storage.bumpVersion();
    return this;
  }

  // ---------------------------------------------------------------- autograd

  /** True when operations on this tensor are recorded (a leaf with requiresGrad, or a recorded result). */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** Marks a leaf tensor as a parameter whose gradient is accumulated by backward. Returns this. */
  public Tensor requiresGrad(boolean flag) {
    if (gradFn != null) {
      throw new IllegalStateException("requiresGrad can only be changed on leaf tensors; use detach() first");
    }
    if (flag && !dtype().isFloatingPoint()) {
      throw new IllegalStateException("only floating-point tensors can require grad, this is " + dtype());
    }
    this.requiresGrad = flag;
    return this;
  }

  /** The accumulated gradient (same shape as this) or null before the first backward. */
  public Tensor grad() {
    return grad;
  }

  /** Replaces the accumulated gradient (null clears it). */
  public void setGrad(Tensor g) {
    if (g != null && !Arrays.equals(g.shape, shape)) {
      throw new IllegalArgumentException("gradient shape " + Arrays.toString(g.shape) + " != tensor shape "
          + Arrays.toString(shape));
    }
    this.grad = g;
  }

  /** Sets the accumulated gradient to zeros (keeps the buffer) if there is one. */
  public void zeroGrad() {
    if (grad != null) {
      grad.backend().fill(grad, 0);
      grad.storage.bumpVersion();
    }
  }

  /** The node that produced this tensor, or null for leaves. */
  public Node gradFn() {
    return gradFn;
  }

  /** Which output of {@link #gradFn()} this tensor is. */
  public int outputIndex() {
    return outputIndex;
  }

  /** True when this tensor was not produced by a recorded operation. */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /** Internal: called by {@link org.neurospark.snn.autograd.Function#apply} to attach history. */
  public void setGradFn(Node node, int index) {
    this.gradFn = node;
    this.outputIndex = index;
    this.requiresGrad = true;
  }

  /** A new tensor object sharing storage and shape, without history (used to attach history to an alias). */
  public Tensor alias() {
    return new Tensor(storage, shape, strides, offset);
  }

  /** A view sharing storage that is cut off from the graph (requiresGrad false). */
  public Tensor detach() {
    return alias();
  }

  /** Back-propagates from a one-element tensor (gradient 1); frees the graph. */
  public void backward() {
    Autograd.backward(new Tensor[] {this}, null, false);
  }

  /** Back-propagates {@code gradient} (same shape as this); frees the graph. */
  public void backward(Tensor gradient) {
    Autograd.backward(new Tensor[] {this}, new Tensor[] {gradient}, false);
  }

  /** Back-propagates {@code gradient} (null = 1 for scalars); keeps the graph if {@code retainGraph}. */
  public void backward(Tensor gradient, boolean retainGraph) {
    Autograd.backward(new Tensor[] {this}, new Tensor[] {gradient}, retainGraph);
  }

  // ---------------------------------------------------------------- element-wise

  /** this + other (broadcast). */
  public Tensor add(Tensor other) {
    return Elementwise.binary(BinaryOp.ADD, this, other);
  }

  /** this - other (broadcast). */
  public Tensor sub(Tensor other) {
    return Elementwise.binary(BinaryOp.SUB, this, other);
  }

  /** this * other (broadcast). */
  public Tensor mul(Tensor other) {
    return Elementwise.binary(BinaryOp.MUL, this, other);
  }

  /** this / other (broadcast). */
  public Tensor div(Tensor other) {
    return Elementwise.binary(BinaryOp.DIV, this, other);
  }

  /** this ^ other (broadcast). */
  public Tensor pow(Tensor other) {
    return Elementwise.binary(BinaryOp.POW, this, other);
  }

  /** Element-wise maximum (broadcast); ties split the gradient equally. */
  public Tensor maximum(Tensor other) {
    return Elementwise.binary(BinaryOp.MAXIMUM, this, other);
  }

  /** Element-wise minimum (broadcast); ties split the gradient equally. */
  public Tensor minimum(Tensor other) {
    return Elementwise.binary(BinaryOp.MINIMUM, this, other);
  }

  /** this + s. */
  public Tensor add(double s) {
    return Elementwise.unary(UnaryOp.ADD_SCALAR, s, this);
  }

  /** this - s. */
  public Tensor sub(double s) {
    return Elementwise.unary(UnaryOp.ADD_SCALAR, -s, this);
  }

  /** s - this. */
  public Tensor rsub(double s) {
    return Elementwise.unary(UnaryOp.RSUB_SCALAR, s, this);
  }

  /** this * s. */
  public Tensor mul(double s) {
    return Elementwise.unary(UnaryOp.MUL_SCALAR, s, this);
  }

  /** this / s. */
  public Tensor div(double s) {
    return Elementwise.unary(UnaryOp.MUL_SCALAR, 1.0 / s, this);
  }

  /** s / this. */
  public Tensor rdiv(double s) {
    return Elementwise.unary(UnaryOp.RDIV_SCALAR, s, this);
  }

  /** this ^ p. */
  public Tensor pow(double p) {
    return Elementwise.unary(UnaryOp.POW_SCALAR, p, this);
  }

  /** -this. */
  public Tensor neg() {
    return Elementwise.unary(UnaryOp.NEG, 0, this);
  }

  /** e^this. */
  public Tensor exp() {
    return Elementwise.unary(UnaryOp.EXP, 0, this);
  }

  /** Natural logarithm. */
  public Tensor log() {
    return Elementwise.unary(UnaryOp.LOG, 0, this);
  }

  /** 1 / (1 + e^-this). */
  public Tensor sigmoid() {
    return Elementwise.unary(UnaryOp.SIGMOID, 0, this);
  }

  /** Hyperbolic tangent. */
  public Tensor tanh() {
    return Elementwise.unary(UnaryOp.TANH, 0, this);
  }

  /** max(this, 0); gradient 0 at 0. */
  public Tensor relu() {
    return Elementwise.unary(UnaryOp.RELU, 0, this);
  }

  /** Square root. */
  public Tensor sqrt() {
    return Elementwise.unary(UnaryOp.SQRT, 0, this);
  }

  /** Absolute value (gradient sign(x), 0 at 0). */
  public Tensor abs() {
    return Elementwise.unary(UnaryOp.ABS, 0, this);
  }

  /** this². */
  public Tensor square() {
    return Elementwise.unary(UnaryOp.SQUARE, 0, this);
  }

  /** 1 / this. */
  public Tensor reciprocal() {
    return Elementwise.unary(UnaryOp.RECIPROCAL, 0, this);
  }

  /** Sign (-1, 0, 1); no gradient. */
  public Tensor sign() {
    return Elementwise.compare(UnaryOp.SIGN, 0, this);
  }

  /** Clamps to [lo, hi] (gradient passes where lo <= x <= hi). */
  public Tensor clamp(double lo, double hi) {
    return Elementwise.unary(UnaryOp.CLAMP_MAX, hi, Elementwise.unary(UnaryOp.CLAMP_MIN, lo, this));
  }

  /** max(this, lo). */
  public Tensor clampMin(double lo) {
    return Elementwise.unary(UnaryOp.CLAMP_MIN, lo, this);
  }

  /** 1 where this >= s else 0 (no gradient). */
  public Tensor ge(double s) {
    return Elementwise.compare(UnaryOp.GE_SCALAR, s, this);
  }

  /** 1 where this > s else 0 (no gradient). */
  public Tensor gt(double s) {
    return Elementwise.compare(UnaryOp.GT_SCALAR, s, this);
  }

  /** 1 where this == s else 0 (no gradient). */
  public Tensor eq(double s) {
    return Elementwise.compare(UnaryOp.EQ_SCALAR, s, this);
  }

  /** 1 where this > other else 0 (broadcast, no gradient). */
  public Tensor gt(Tensor other) {
    return Elementwise.compare(BinaryOp.GT, this, other);
  }

  /** 1 where this >= other else 0 (broadcast, no gradient). */
  public Tensor ge(Tensor other) {
    return Elementwise.compare(BinaryOp.GE, this, other);
  }

  /** 1 where this == other else 0 (broadcast, no gradient). */
  public Tensor eq(Tensor other) {
    return Elementwise.compare(BinaryOp.EQ, this, other);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements (0-dim). */
  public Tensor sum() {
    return Reductions.sum(this, allDims(), false);
  }

  /** Sum over one dimension. */
  public Tensor sum(int dim, boolean keepDim) {
    return Reductions.sum(this, new int[] {dim}, keepDim);
  }

  /** Sum over several dimensions. */
  public Tensor sum(int[] dims, boolean keepDim) {
    return Reductions.sum(this, dims, keepDim);
  }

  /** Mean of all elements (0-dim). */
  public Tensor mean() {
    return Reductions.mean(this, allDims(), false);
  }

  /** Mean over one dimension. */
  public Tensor mean(int dim, boolean keepDim) {
    return Reductions.mean(this, new int[] {dim}, keepDim);
  }

  /** Mean over several dimensions. */
  public Tensor mean(int[] dims, boolean keepDim) {
    return Reductions.mean(this, dims, keepDim);
  }

  /** Biased (divide by n) or unbiased (n - 1) variance over dims. */
  public Tensor var(int[] dims, boolean unbiased, boolean keepDim) {
    Tensor m = mean(dims, true);
    Tensor d = sub(m);
    int n = 1;
    for (int k : dims) {
      n *= size(k);
    }
    return d.mul(d).sum(dims, keepDim).div(unbiased ? n - 1 : n);
  }

  /** Maximum over one dimension (gradient flows to the first maximum). */
  public Tensor max(int dim, boolean keepDim) {
    return Reductions.max(this, dim, keepDim);
  }

  /** Maximum of all elements (0-dim). */
  public Tensor max() {
    return reshape(-1).max(0, false);
  }

  /**
   * Index of the first maximum along {@code dim} (NaN counts as maximum) as an INT32 tensor on this tensor's
   * backend (no gradient).
   */
  public Tensor argmax(int dim, boolean keepDim) {
    return Reductions.argmax(this, dim, keepDim);
  }

  private int[] allDims() {
    int[] d = new int[shape.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    return d;
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Matrix product with PyTorch's rules: 2-D × 2-D, batched {@code [..., m, k] × [..., k, n]} with broadcast batch
   * dimensions, and {@code [..., m, k] × [k, n]}; 1-D operands are promoted and the added dim removed.
   */
  public Tensor matmul(Tensor other) {
    return Linalg.matmul(this, other);
  }

  // ---------------------------------------------------------------- shape

  /** A view with a new shape (one entry may be -1); throws if the strides do not allow a view. */
  public Tensor view(int... newShape) {
    return ShapeOps.view(this, Shapes.infer(newShape, numel()), true);
  }

  /** Like {@link #view} but copies when a view is impossible. */
  public Tensor reshape(int... newShape) {
    return ShapeOps.view(this, Shapes.infer(newShape, numel()), false);
  }

  /** Merges dims {@code start..end} (inclusive, negative allowed) into one. */
  public Tensor flatten(int start, int end) {
    int s = Shapes.dim(start, Math.max(shape.length, 1));
    int e = Shapes.dim(end, Math.max(shape.length, 1));
    if (shape.length == 0) {
      return reshape(1);
    }
    int[] ns = new int[shape.length - (e - s)];
    int k = 0;
    for (int i = 0; i < s; i++) {
      ns[k++] = shape[i];
    }
    int p = 1;
    for (int i = s; i <= e; i++) {
      p *= shape[i];
    }
    ns[k++] = p;
    for (int i = e + 1; i < shape.length; i++) {
      ns[k++] = shape[i];
    }
    return reshape(ns);
  }

  /** Inserts a dimension of size 1 at {@code d} (0..dim()). */
  public Tensor unsqueeze(int d) {
    int dd = d < 0 ? d + shape.length + 1 : d;
    if (dd < 0 || dd > shape.length) {
      throw new IllegalArgumentException("unsqueeze dim " + d + " out of range for rank " + shape.length);
    }
    int[] ns = new int[shape.length + 1];
    for (int i = 0, k = 0; i < ns.length; i++) {
      ns[i] = i == dd ? 1 : shape[k++];
    }
    return reshape(ns);
  }

  /** Removes dimension {@code d}, which must have size 1. */
  public Tensor squeeze(int d) {
    int dd = Shapes.dim(d, shape.length);
    if (shape[dd] != 1) {
      throw new IllegalArgumentException("squeeze: dimension " + d + " has size " + shape[dd]);
    }
    int[] ns = new int[shape.length - 1];
    for (int i = 0, k = 0; i < shape.length; i++) {
      if (i != dd) {
        ns[k++] = shape[i];
      }
    }
    return reshape(ns);
  }

  /** A view with dimensions reordered: result dim i is this dim {@code dims[i]}. */
  public Tensor permute(int... dims) {
    return ShapeOps.permute(this, dims);
  }

  /** A view with two dimensions swapped. */
  public Tensor transpose(int d0, int d1) {
    int[] p = allDims();
    int a = Shapes.dim(d0, shape.length);
    int b = Shapes.dim(d1, shape.length);
    p[a] = b;
    p[b] = a;
    return permute(p);
  }

  /** Transpose of a 2-D tensor. */
  public Tensor t() {
    if (shape.length != 2) {
      throw new IllegalStateException("t() needs a 2-D tensor, got " + Arrays.toString(shape));
    }
    return transpose(0, 1);
  }

  /** This tensor if contiguous, else a contiguous copy (differentiable). */
  public Tensor contiguous() {
    return isContiguous() ? this : ShapeOps.copy(this, dtype());
  }

  /** A contiguous copy (differentiable), never sharing storage (PyTorch's {@code clone()}). */
  public Tensor copy() {
    return ShapeOps.copy(this, dtype());
  }

  /** Converted to {@code dt} (differentiable); this tensor if already of that type. */
  public Tensor to(DType dt) {
    return dt == dtype() ? this : ShapeOps.copy(this, dt);
  }

  /** A broadcast view to {@code newShape} (-1 keeps a dim); expanded dims get stride 0. */
  public Tensor expand(int... newShape) {
    return ShapeOps.expand(this, newShape);
  }

  /**
   * A T-broadcast view {@code [t, *shape]} of this tensor (stride 0 along the new dim 0: every time step is this
   * tensor in memory; differentiable like {@code unsqueeze(0).expand(...)}) that remembers this tensor as its
   * {@link #timeStepSource()}. Time-invariant layers use it to compute once per sequence and pass the per-step
   * result on to the next such layer (see {@code Module#seqToAnn}).
   */
  public Tensor broadcastOverTime(int t) {
    int[] s = new int[shape.length + 1];
    s[0] = t;
    System.arraycopy(shape, 0, s, 1, shape.length);
    Tensor out = unsqueeze(0).expand(s);
    out.timeStepSource = this;
    return out;
  }

  /** The tensor this view was made from by {@link #broadcastOverTime}, or null for any other tensor. */
  public Tensor timeStepSource() {
    return timeStepSource;
  }

  /** A view of index {@code index} along {@code dim}, which is removed. */
  public Tensor select(int dim, int index) {
    return ShapeOps.select(this, dim, index);
  }

  /** A view of {@code [start, end)} along {@code dim} (negative indices count from the end). */
  public Tensor slice(int dim, int start, int end) {
    return ShapeOps.slice(this, dim, start, end, 1);
  }

  /** A view of {@code start, start+step, ... < end} along {@code dim}. */
  public Tensor slice(int dim, int start, int end, int step) {
    return ShapeOps.slice(this, dim, start, end, step);
  }

  /** Concatenation along an existing dimension. */
  public static Tensor cat(List<Tensor> tensors, int dim) {
    return ShapeOps.cat(tensors.toArray(new Tensor[0]), dim);
  }

  /** Concatenation along an existing dimension. */
  public static Tensor cat(int dim, Tensor... tensors) {
    return ShapeOps.cat(tensors, dim);
  }

  /** Stacking along a new dimension {@code dim} (e.g. a list of {@code [N, *]} into {@code [T, N, *]}). */
  public static Tensor stack(List<Tensor> tensors, int dim) {
    return stack(dim, tensors.toArray(new Tensor[0]));
  }

  /** Stacking along a new dimension {@code dim}. */
  public static Tensor stack(int dim, Tensor... tensors) {
    Tensor[] u = new Tensor[tensors.length];
    for (int i = 0; i < u.length; i++) {
      u[i] = tensors[i].unsqueeze(dim);
    }
    return ShapeOps.cat(u, dim);
  }

  // ---------------------------------------------------------------- in place (never recorded)

  void checkInPlace() {
    if (requiresGrad && GradMode.isEnabled()) {
      throw new IllegalStateException("in-place operation on a tensor that requires grad"
          + (gradFn == null ? " (a leaf)" : " (op " + gradFn.name() + ")")
          + " while grad mode is enabled; use the out-of-place op or wrap in GradMode.noGrad()");
    }
  }

  private Tensor writeBack(Tensor result) {
    backend().copy(result, this);
    storage.bumpVersion();
    return this;
  }

  /**
   * True when a kernel can write into this tensor directly (out == a, see {@link Backend#binary}): a floating,
   * contiguous view starting at offset 0, and {@code other} (if any) of the same dtype and backend and not sharing
   * this storage (so no element is read after it was overwritten).
   */
  private boolean inPlaceKernel(Tensor other) {
    return isContiguous() && offset == 0 && dtype().isFloatingPoint()
        && (other == null || (other.dtype() == dtype() && other.backend() == backend() && other.storage != storage));
  }

  private Tensor unaryInPlace(UnaryOp op, double p) {
    backend().unary(op, p, this, this);
    storage.bumpVersion();
    return this;
  }

  private Tensor binaryInPlace(BinaryOp op, Tensor other) {
    if (!Arrays.equals(Shapes.broadcast(shape, other.shape), shape)) {
      throw new IllegalArgumentException("in-place " + op + ": shape " + Arrays.toString(other.shape)
          + " does not broadcast to " + Arrays.toString(shape));
    }
    backend().binary(op, this, ShapeOps.expandView(other.detach(), shape), this);
    storage.bumpVersion();
    return this;
  }

  /** Fills with {@code value}. */
  public Tensor fill_(double value) {
    checkInPlace();
    backend().fill(this, value);
    storage.bumpVersion();
    return this;
  }

  /** Fills with zeros. */
  public Tensor zero_() {
    return fill_(0);
  }

  /** Copies {@code src} (broadcast to this shape, any dtype) into this. */
  public Tensor copy_(Tensor src) {
    checkInPlace();
    backend().copy(src.detach().expand(shape), this);
    storage.bumpVersion();
    return this;
  }

  /** this += other (broadcast to this shape); one in-place kernel when this is a whole contiguous tensor. */
  public Tensor add_(Tensor other) {
    checkInPlace();
    try (GradMode.Scope s = GradMode.noGrad()) {
      if (inPlaceKernel(other)) {
        return binaryInPlace(BinaryOp.ADD, other);
      }
      return writeBack(detach().add(other.detach()));
    }
  }

  /** this += alpha * other (e.g. an SGD step {@code p.add_(g, -lr)}). */
  public Tensor add_(Tensor other, double alpha) {
    checkInPlace();
    try (GradMode.Scope s = GradMode.noGrad()) {
      if (inPlaceKernel(other)) {
        return binaryInPlace(BinaryOp.ADD, other.detach().mul(alpha));
      }
      return writeBack(detach().add(other.detach().mul(alpha)));
    }
  }

  /** this -= other. */
  public Tensor sub_(Tensor other) {
    return add_(other, -1);
  }

  /** this *= other (broadcast). */
  public Tensor mul_(Tensor other) {
    checkInPlace();
    try (GradMode.Scope s = GradMode.noGrad()) {
      if (inPlaceKernel(other)) {
        return binaryInPlace(BinaryOp.MUL, other);
      }
      return writeBack(detach().mul(other.detach()));
    }
  }

  /** this *= s. */
  public Tensor mul_(double s) {
    checkInPlace();
    try (GradMode.Scope sc = GradMode.noGrad()) {
      if (inPlaceKernel(null)) {
        return unaryInPlace(UnaryOp.MUL_SCALAR, s);
      }
      return writeBack(detach().mul(s));
    }
  }

  /** this += s. */
  public Tensor add_(double s) {
    checkInPlace();
    try (GradMode.Scope sc = GradMode.noGrad()) {
      if (inPlaceKernel(null)) {
        return unaryInPlace(UnaryOp.ADD_SCALAR, s);
      }
      return writeBack(detach().add(s));
    }
  }

  /** Clamps in place to [lo, hi]. */
  public Tensor clamp_(double lo, double hi) {
    checkInPlace();
    try (GradMode.Scope sc = GradMode.noGrad()) {
      if (inPlaceKernel(null)) {
        backend().unary(UnaryOp.CLAMP_MIN, lo, this, this);
        return unaryInPlace(UnaryOp.CLAMP_MAX, hi);
      }
      return writeBack(detach().clamp(lo, hi));
    }
  }

  // ---------------------------------------------------------------- misc

  /** True when shapes are equal and all elements differ by at most {@code atol + rtol * |other|}. */
  public boolean allClose(Tensor other, double rtol, double atol) {
    if (!Arrays.equals(shape, other.shape)) {
      return false;
    }
    double[] a = toDoubleArray();
    double[] b = other.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && !(a[i] == b[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor(shape=").append(Arrays.toString(shape)).append(", ")
        .append(dtype());
    if (gradFn != null) {
      sb.append(", grad_fn=").append(gradFn);
    } else if (requiresGrad) {
      sb.append(", requires_grad");
    }
    if (numel() <= 16 && storage instanceof CpuStorage) {
      if (!dtype().isFloatingPoint()) {
        return sb.append(", data=").append(Arrays.toString(toLongArray())).append(')').toString();
      }
      sb.append(", data=").append(Arrays.toString(toDoubleArray()));
    }
    return sb.append(')').toString();
  }
}
