package org.neurospark.gpu.backend;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUresult;
import org.neurospark.gpu.driver.CudaDevice;
import org.neurospark.gpu.driver.CudaException;
import org.neurospark.gpu.driver.Cublas;
import org.neurospark.gpu.driver.KernelImages;
import org.neurospark.gpu.driver.PinnedHostBuffer;
import org.neurospark.gpu.memory.AllocatorStats;
import org.neurospark.gpu.memory.BlockLease;
import org.neurospark.gpu.memory.CachingAllocator;
import org.neurospark.gpu.memory.DeviceBlock;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.neuron.kernels.NeuronModelKernels;
import org.neurospark.snn.tensor.AdamParams;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.BinaryOp;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.PoolParams;
import org.neurospark.snn.tensor.SgdParams;
import org.neurospark.snn.tensor.Storage;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.UnaryOp;

/**
 * The CUDA implementation of snn-core's {@link Backend}: storages live in device memory (a {@link CachingAllocator}
 * over one {@link CudaDevice}), every kernel runs on the device's one stream, and host memory is touched only by
 * {@code upload}/{@code download} (through a pinned staging buffer; both synchronise the stream). GEMMs go to
 * cuBLAS (row-major by operand swap), convolutions are im2col + one GEMM per group and image chunk, the rest are
 * the kernels of {@code gpu/src/main/cuda} ({@code tensor_ops.cu}, {@code nn_ops.cu}). The fused neuron kernels
 * are registered under {@link NeuronKernels} as {@link CudaNeuronKernels} (emitted from snn-core's neuron spec at
 * build time, module {@code neuron_kernels}, loaded on first use), those of KLIF, LIAF, Izhikevich and snnTorch's
 * Leaky/Synaptic under {@link NeuronModelKernels} as {@link CudaNeuronModelKernels} (module {@code neuron_models}).
 *
 * <p>Numerics: float32 element-wise math follows the CPU kernels (transcendentals through float64, no FMA
 * contraction: kernels are built with {@code -fmad=false}); sums and BatchNorm statistics accumulate in float64 like
 * the CPU's but in a different order (last-bit differences); {@code scatterAdd} uses atomics (order not
 * deterministic); GEMMs are cuBLAS's (its own summation order, TF32 not enabled).
 *
 * <p>Lifecycle: {@link #open(int)}, use from one thread at a time, {@link #close()} (synchronises and frees all
 * device memory: tensors of this backend are invalid afterwards). {@link Storage#release()} returns a storage's
 * block to the allocator at once (kernels, transfers and views on it then throw {@link IllegalStateException}); a
 * storage that becomes unreachable unreleased returns its block through a {@link Cleaner} of this instance (the
 * release happens on the next allocation). Each block is given back once ({@link BlockLease}).
 */
public final class CudaBackend implements Backend, AutoCloseable {
  private static final int BLOCK = 256;
  /** Largest im2col (and permuted-output) buffer of a convolution chunk, in elements. */
  private static final long COL_LIMIT = 1L << 26;
  /** Reductions of at most this many elements per output run a thread per output instead of a block. */
  private static final long SMALL_REDUCTION = 64;

  private final CudaDevice device;
  private final CachingAllocator allocator;
  private final Cublas cublas;
  private final Cleaner cleaner = Cleaner.create();
  private final Map<String, CUfunction> functions = new HashMap<>();
  private final Map<Class<?>, Object> kernels = new HashMap<>();
  private final int maxGrid;
  private PinnedHostBuffer staging;
  private boolean closed;

  private CudaBackend(CudaDevice device, Cublas.Loaded blas) {
    this.device = device;
    this.allocator = new CachingAllocator(device);
    this.cublas = Cublas.create(blas, device.streamHandle());
    this.maxGrid = device.multiprocessors() * 32;
    for (String m : KernelImages.MODULES) {
      device.module(m, KernelImages.load(m));
    }
    kernels.put(NeuronKernels.class, new CudaNeuronKernels(this));
    kernels.put(NeuronModelKernels.class, new CudaNeuronModelKernels(this));
  }

  /**
   * Opens device {@code ordinal}: checks the kernel images, loads cuBLAS, retains the primary context.
   *
   * @throws CudaException naming what is missing (driver, device, cuBLAS soname, kernel image) or what failed
   */
  public static CudaBackend open(int ordinal) {
    for (String m : KernelImages.MODULES) {
      KernelImages.load(m); // fail before touching the device when the jar has no (or stale) kernels
    }
    Cublas.Loaded blas = Cublas.load();
    CudaDevice dev = new CudaDevice(ordinal);
    try {
      return new CudaBackend(dev, blas);
    } catch (RuntimeException e) {
      dev.close();
      throw e;
    }
  }

  /** The device this backend runs on. */
  public CudaDevice device() {
    return device;
  }

  /** The allocator's counters. */
  public AllocatorStats memoryStats() {
    return allocator.stats();
  }

  /** Frees cached device blocks (returns the bytes freed). */
  public long emptyCache() {
    device.bind();
    return allocator.emptyCache();
  }

  /** Blocks until all queued work is done. */
  public void synchronize() {
    device.synchronize();
  }

  /** {@code "cuda"}. */
  @Override
  public String name() {
    return "cuda";
  }

  // ------------------------------------------------------------------------------------------ storage

  /**
   * A storage of this backend: one allocator block, given back by {@link Storage#release()} at once or, when
   * nobody releases it, by this backend's cleaner once the storage is unreachable (a {@link BlockLease}: never
   * both).
   */
  static final class CudaStorage extends Storage {
    final CudaBackend owner;
    final DeviceBlock block;
    final CUdeviceptr pointer;
    final BlockLease lease;
    Cleaner.Cleanable cleanable;

    CudaStorage(CudaBackend owner, DType dtype, int size, BlockLease lease, CUdeviceptr pointer) {
      super(dtype, size);
      this.owner = owner;
      this.block = lease.block();
      this.lease = lease;
      this.pointer = pointer;
    }

    @Override
    public Backend backend() {
      return owner;
    }

    /** Returns the block to the allocator now (after the backend closed: nothing to give back). */
    @Override
    protected void releaseMemory() {
      if (!owner.closed) {
        owner.device.bind();
        lease.release();
      }
      if (cleanable != null) {
        cleanable.clean(); // deregisters: the lease is done, so the action does nothing
      }
    }
  }

  private CudaStorage newStorage(DType dtype, int size) {
    if (closed) {
      throw new IllegalStateException("CUDA backend closed");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative storage size " + size);
    }
    device.bind();
    DeviceBlock b = allocator.allocate((long) size * dtype.bytes(), CudaDevice.STREAM_ID);
    BlockLease lease = new BlockLease(allocator, b);
    CudaStorage s = new CudaStorage(this, dtype, size, lease, device.pointer(b.address()));
    s.cleanable = cleaner.register(s, lease);
    return s;
  }

  private CudaStorage in(Storage s) {
    if (!(s instanceof CudaStorage) || ((CudaStorage) s).owner != this) {
      throw new IllegalArgumentException("storage of backend " + (s == null ? "null" : s.backend().name())
          + " passed to this cuda backend");
    }
    s.requireLive(null);
    return (CudaStorage) s;
  }

  /** The device address of a tensor's first element (storage base + offset × element size). */
  public long address(Tensor t) {
    return in(t.storage()).block.address() + (long) t.offset() * t.dtype().bytes();
  }

  private long base(Tensor t) {
    return t == null ? 0 : in(t.storage()).block.address();
  }

  private long addr(Storage s, long elemOffset) {
    return in(s).block.address() + elemOffset * s.dtype().bytes();
  }

  @Override
  public Storage allocate(DType dtype, int size) {
    CudaStorage s = newStorage(dtype, size);
    long bytes = (long) size * dtype.bytes();
    if (bytes > 0) {
      check(cuMemsetD8Async(s.pointer, (byte) 0, bytes, device.stream()), "cuMemsetD8Async");
    }
    return s;
  }

  private ByteBuffer staging(long bytes) {
    if (staging == null || staging.capacity() < bytes) {
      if (staging != null) {
        device.synchronize();
        staging.close();
        staging = null;
      }
      long cap = Math.max(1 << 20, Long.highestOneBit(Math.max(1, bytes - 1)) << 1);
      device.bind();
      staging = new PinnedHostBuffer(cap);
    }
    return staging.buffer();
  }

  private Storage uploadStaged(DType dtype, int n) {
    CudaStorage s = newStorage(dtype, n);
    long bytes = (long) n * dtype.bytes();
    if (bytes > 0) {
      check(cuMemcpyHtoDAsync(s.pointer, staging.pointer(), bytes, device.stream()), "cuMemcpyHtoDAsync");
      device.synchronize();
    }
    return s;
  }

  @Override
  public Storage upload(float[] src, int off, int len) {
    staging((long) len * 4).asFloatBuffer().put(src, off, len);
    return uploadStaged(DType.FLOAT32, len);
  }

  @Override
  public Storage upload(double[] src, int off, int len) {
    staging((long) len * 8).asDoubleBuffer().put(src, off, len);
    return uploadStaged(DType.FLOAT64, len);
  }

  @Override
  public Storage upload(int[] src, int off, int len) {
    staging((long) len * 4).asIntBuffer().put(src, off, len);
    return uploadStaged(DType.INT32, len);
  }

  @Override
  public Storage upload(long[] src, int off, int len) {
    staging((long) len * 8).asLongBuffer().put(src, off, len);
    return uploadStaged(DType.INT64, len);
  }

  @Override
  public Storage upload(ByteBuffer src, DType dtype) {
    int bytes = src.remaining();
    if (bytes % dtype.bytes() != 0) {
      throw new IllegalArgumentException("upload of " + bytes + " bytes is not a whole number of " + dtype
          + " elements");
    }
    int n = bytes / dtype.bytes();
    ByteBuffer st = staging(bytes);
    ByteBuffer s = src.slice().order(src.order());
    switch (dtype) {
      case FLOAT32: st.asFloatBuffer().put(s.asFloatBuffer()); break;
      case FLOAT64: st.asDoubleBuffer().put(s.asDoubleBuffer()); break;
      case INT32: st.asIntBuffer().put(s.asIntBuffer()); break;
      default: st.asLongBuffer().put(s.asLongBuffer()); break;
    }
    src.position(src.limit());
    return uploadStaged(dtype, n);
  }

  /** Copies src (any view, any dtype) converted to {@code dtype} into the staging buffer; returns it. */
  private ByteBuffer downloadStaged(Tensor src, DType dtype) {
    int n = src.numel();
    long bytes = (long) n * dtype.bytes();
    ByteBuffer st = staging(Math.max(bytes, 1));
    if (n == 0) {
      return st;
    }
    Tensor dense = src;
    if (src.dtype() != dtype || !src.isContiguous()) {
      dense = new Tensor(newStorage(dtype, n), src.shape(), contiguousStrides(src.shape()), 0);
      copy(src, dense);
    }
    CudaStorage s = in(dense.storage());
    check(cuMemcpyDtoHAsync(staging.pointer(), s.pointer.withByteOffset((long) dense.offset() * dtype.bytes()),
        bytes, device.stream()), "cuMemcpyDtoHAsync");
    device.synchronize();
    return st;
  }

  @Override
  public void download(Tensor src, float[] dst, int off) {
    downloadStaged(src, DType.FLOAT32).asFloatBuffer().get(dst, off, src.numel());
  }

  @Override
  public void download(Tensor src, double[] dst, int off) {
    downloadStaged(src, DType.FLOAT64).asDoubleBuffer().get(dst, off, src.numel());
  }

  @Override
  public void download(Tensor src, int[] dst, int off) {
    downloadStaged(src, DType.INT32).asIntBuffer().get(dst, off, src.numel());
  }

  @Override
  public void download(Tensor src, long[] dst, int off) {
    downloadStaged(src, DType.INT64).asLongBuffer().get(dst, off, src.numel());
  }

  @Override
  public void download(Tensor src, ByteBuffer dst) {
    ByteBuffer st = downloadStaged(src, src.dtype());
    int n = src.numel();
    ByteBuffer d = dst.slice().order(dst.order());
    switch (src.dtype()) {
      case FLOAT32: d.asFloatBuffer().put(st.asFloatBuffer().limit(n)); break;
      case FLOAT64: d.asDoubleBuffer().put(st.asDoubleBuffer().limit(n)); break;
      case INT32: d.asIntBuffer().put(st.asIntBuffer().limit(n)); break;
      default: d.asLongBuffer().put(st.asLongBuffer().limit(n)); break;
    }
    dst.position(dst.position() + n * src.dtype().bytes());
  }

  // ------------------------------------------------------------------------------------------ launching

  private CUfunction fn(String module, String kernel) {
    // keyed by module too: generated modules share kernel names (ns_reduce_partials)
    return functions.computeIfAbsent(module + "/" + kernel, k -> device.function(device.module(module,
        () -> KernelImages.load(module)), kernel));
  }

  private int grid(long n) {
    return (int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, maxGrid));
  }

  private void launch(String module, String kernel, long work, KernelArgs args) {
    device.bind();
    device.launch(fn(module, kernel), grid(work), BLOCK, 0, args.pointer(), kernel);
  }

  /**
   * Launches a kernel of module {@code module} with {@code grid} blocks of {@link #neuronBlock()} threads on the
   * backend's stream (used by {@link CudaNeuronKernels}; the module is loaded, and its staleness checked, on first
   * use).
   */
  void launchGrid(String module, String kernel, int grid, KernelArgs args) {
    device.bind();
    device.launch(fn(module, kernel), grid, BLOCK, 0, args.pointer(), kernel);
  }

  /** The grid of a grid-stride kernel over {@code n} items: ⌈n / block⌉ blocks, at most 32 per multiprocessor. */
  int gridFor(long n) {
    return grid(n);
  }

  /** Threads per block of every launch (the neuron kernels' {@code NS_BLOCK}). */
  static int neuronBlock() {
    return BLOCK;
  }

  /** One block per row, channel or output (grid capped at 2^31 − 1 blocks; the kernels loop over the rest). */
  private void launchRows(String module, String kernel, long rows, KernelArgs args) {
    device.bind();
    device.launch(fn(module, kernel), (int) Math.max(1, Math.min(rows, Integer.MAX_VALUE)), BLOCK, 0,
        args.pointer(), kernel);
  }

  private static String sfx(DType t) {
    switch (t) {
      case FLOAT32: return "_f";
      case FLOAT64: return "_d";
      default: throw new IllegalArgumentException("this kernel is defined on FLOAT32 and FLOAT64 only, got " + t);
    }
  }

  private static int[] contiguousStrides(int[] shape) {
    int[] st = new int[shape.length];
    int s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      st[d] = s;
      s *= shape[d];
    }
    return st;
  }

  private Tensor contiguous(Tensor t) {
    if (t.isContiguous()) {
      return t;
    }
    Tensor c = new Tensor(newStorage(t.dtype(), t.numel()), t.shape(), contiguousStrides(t.shape()), 0);
    copy(t, c);
    return c;
  }

  private static void check(int rc, String call) {
    if (rc != CUresult.CUDA_SUCCESS) {
      throw new CudaException(call + " failed: " + CUresult.stringFor(rc));
    }
  }

  /** A zeroed INT32 device flag. */
  private Tensor errorFlag() {
    return new Tensor(allocate(DType.INT32, 1), new int[] {1}, new int[] {1}, 0);
  }

  private void throwIfFlagged(Tensor flag, String message) {
    int[] v = new int[1];
    download(flag, v, 0);
    if (v[0] != 0) {
      throw new IllegalArgumentException(message);
    }
  }

  // ------------------------------------------------------------------------------------------ element-wise

  @Override
  public void copy(Tensor src, Tensor dst) {
    if (src.numel() == 0) {
      return;
    }
    launch("tensor_ops", "ns_copy", src.numel(), new KernelArgs().struct(TensorDesc.of(src)).l(base(src))
        .i(src.dtype().ordinal()).struct(TensorDesc.of(dst)).l(base(dst)).i(dst.dtype().ordinal()).l(src.numel()));
  }

  @Override
  public void fill(Tensor dst, double value) {
    if (dst.numel() == 0) {
      return;
    }
    long iv = dst.dtype() == DType.INT32 ? (int) value : (long) value;
    launch("tensor_ops", "ns_fill", dst.numel(), new KernelArgs().struct(TensorDesc.of(dst)).l(base(dst))
        .i(dst.dtype().ordinal()).d(value).l(iv).l(dst.numel()));
  }

  @Override
  public void unary(UnaryOp op, double param, Tensor a, Tensor out) {
    if (a.numel() == 0) {
      return;
    }
    launch("tensor_ops", "ns_unary" + sfx(a.dtype()), a.numel(), new KernelArgs().i(op.ordinal()).d(param)
        .struct(TensorDesc.of(a)).l(base(a)).l(address(out)).l(a.numel()));
  }

  @Override
  public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    if (out.numel() == 0) {
      return;
    }
    launch("tensor_ops", "ns_binary" + sfx(out.dtype()), out.numel(), new KernelArgs().i(op.ordinal())
        .struct(TensorDesc.of(a)).l(base(a)).struct(TensorDesc.of(b)).l(base(b)).l(address(out)).l(out.numel()));
  }

  // ------------------------------------------------------------------------------------------ reductions

  @Override
  public void sum(Tensor a, int[] dims, Tensor out) {
    int rank = a.dim();
    boolean[] reduced = new boolean[rank];
    for (int d : dims) {
      reduced[d] = true;
    }
    int[] order = new int[rank];
    int k = 0;
    long r = 1;
    for (int d = 0; d < rank; d++) {
      if (!reduced[d]) {
        order[k++] = d;
      }
    }
    for (int d = 0; d < rank; d++) {
      if (reduced[d]) {
        order[k++] = d;
        r *= a.shape()[d];
      }
    }
    long outN = out.numel();
    if (outN == 0) {
      return;
    }
    KernelArgs args = new KernelArgs().struct(TensorDesc.permuted(a, order)).l(base(a)).l(address(out)).l(outN)
        .l(r);
    if (r <= SMALL_REDUCTION) {
      launch("tensor_ops", "ns_sum_small" + sfx(a.dtype()), outN, args); // a thread per output
    } else {
      launchRows("tensor_ops", "ns_sum" + sfx(a.dtype()), outN, args); // a block per output
    }
  }

  @Override
  public void max(Tensor a, int dim, Tensor out, Tensor argmax) {
    Tensor c = contiguous(a);
    int[] s = c.shape();
    long outer = 1;
    long inner = 1;
    for (int d = 0; d < dim; d++) {
      outer *= s[d];
    }
    for (int d = dim + 1; d < s.length; d++) {
      inner *= s[d];
    }
    if (outer * inner == 0 || s[dim] == 0) {
      return;
    }
    launch("tensor_ops", "ns_max" + sfx(a.dtype()), outer * inner, new KernelArgs().l(address(c)).l(outer)
        .l(s[dim]).l(inner).l(address(out)).l(address(argmax)));
  }

  @Override
  public void softmax(Tensor a, boolean log, Tensor out) {
    Tensor c = contiguous(a);
    int n = c.dim() == 0 ? 1 : c.shape()[c.dim() - 1];
    long rows = n == 0 ? 0 : c.numel() / n;
    if (rows == 0) {
      return;
    }
    launchRows("tensor_ops", "ns_softmax" + sfx(a.dtype()), rows, new KernelArgs().l(address(c)).l(rows).l(n)
        .i(log ? 1 : 0).l(address(out)));
  }

  @Override
  public void softmaxBackward(Tensor gradOut, Tensor y, boolean log, Tensor gradX) {
    Tensor g = contiguous(gradOut);
    Tensor yc = contiguous(y);
    int n = yc.dim() == 0 ? 1 : yc.shape()[yc.dim() - 1];
    long rows = n == 0 ? 0 : yc.numel() / n;
    if (rows == 0) {
      return;
    }
    launchRows("tensor_ops", "ns_softmax_bwd" + sfx(y.dtype()), rows, new KernelArgs().l(address(g))
        .l(address(yc)).l(rows).l(n).i(log ? 1 : 0).l(address(gradX)));
  }

  // ------------------------------------------------------------------------------------------ index ops

  private static void checkIndex(Tensor index) {
    if (index.dtype() != DType.INT32 && index.dtype() != DType.INT64) {
      throw new IllegalArgumentException("index tensors are INT32 or INT64, got " + index.dtype());
    }
  }

  @Override
  public void gather(Tensor src, int dim, Tensor index, Tensor out) {
    checkIndex(index);
    long n = index.numel();
    if (n == 0) {
      return;
    }
    Tensor flag = errorFlag();
    launch("tensor_ops", "ns_gather", n, new KernelArgs().struct(TensorDesc.of(src)).l(base(src)).i(dim)
        .struct(TensorDesc.of(index)).l(base(index)).i(index.dtype().ordinal()).l(address(out))
        .i(src.dtype().bytes()).l(n).l(address(flag)));
    throwIfFlagged(flag, "gather: an index is outside [0, " + src.shape()[dim] + ") along dim " + dim);
  }

  @Override
  public void scatter(Tensor dst, int dim, Tensor index, Tensor src) {
    checkIndex(index);
    long n = index.numel();
    if (n == 0) {
      return;
    }
    Tensor flag = errorFlag();
    CudaStorage win = newStorage(DType.INT64, dst.numel());
    check(cuMemsetD8Async(win.pointer, (byte) 0xFF, (long) dst.numel() * 8, device.stream()), "cuMemsetD8Async");
    launch("tensor_ops", "ns_scatter_claim", n, new KernelArgs().struct(TensorDesc.of(dst)).i(dim)
        .struct(TensorDesc.of(index)).l(base(index)).i(index.dtype().ordinal()).l(win.block.address()).l(n)
        .l(address(flag)));
    throwIfFlagged(flag, "scatter: an index is outside [0, " + dst.shape()[dim] + ") along dim " + dim);
    launch("tensor_ops", "ns_scatter_write", n, new KernelArgs().struct(TensorDesc.of(dst)).l(base(dst)).i(dim)
        .struct(TensorDesc.of(index)).l(base(index)).i(index.dtype().ordinal()).struct(TensorDesc.of(src))
        .l(base(src)).i(dst.dtype().bytes()).l(win.block.address()).l(n));
  }

  @Override
  public void scatterAdd(Tensor dst, int dim, Tensor index, Tensor src) {
    checkIndex(index);
    sfx(dst.dtype());
    long n = index.numel();
    if (n == 0) {
      return;
    }
    Tensor flag = errorFlag();
    launch("tensor_ops", "ns_scatter_add", n, new KernelArgs().struct(TensorDesc.of(dst)).l(base(dst))
        .i(dst.dtype().ordinal()).i(dim).struct(TensorDesc.of(index)).l(base(index)).i(index.dtype().ordinal())
        .struct(TensorDesc.of(src)).l(base(src)).l(n).l(address(flag)));
    throwIfFlagged(flag, "scatterAdd: an index is outside [0, " + dst.shape()[dim] + ") along dim " + dim);
  }

  @Override
  public void oneHot(Tensor labels, int numClasses, Tensor out) {
    checkIndex(labels);
    sfx(out.dtype());
    fill(out, 0);
    long n = labels.numel();
    if (n == 0) {
      return;
    }
    Tensor flag = errorFlag();
    launch("tensor_ops", "ns_one_hot", n, new KernelArgs().struct(TensorDesc.of(labels)).l(base(labels))
        .i(labels.dtype().ordinal()).i(numClasses).l(address(out)).i(out.dtype().ordinal()).l(n).l(address(flag)));
    throwIfFlagged(flag, "oneHot: a label is outside [0, " + numClasses + ")");
  }

  // ------------------------------------------------------------------------------------------ GEMM

  /**
   * Row-major C = alpha op(A) op(B) + beta C through column-major cuBLAS: the column-major view of a row-major
   * matrix is its transpose, so C^T = op(B)^T op(A)^T is computed with the operands swapped.
   */
  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Storage a, int offA, int lda,
      Storage b, int offB, int ldb, double beta, Storage c, int offC, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    boolean dbl = c.dtype() == DType.FLOAT64;
    sfx(c.dtype());
    device.bind();
    cublas.gemm(dbl, transB ? Cublas.OP_T : Cublas.OP_N, transA ? Cublas.OP_T : Cublas.OP_N, n, m, k, alpha,
        addr(b, offB), ldb, addr(a, offA), lda, beta, addr(c, offC), ldc);
  }

  @Override
  public void gemmBatched(boolean transA, boolean transB, int batch, int m, int n, int k, double alpha, Storage a,
      int offA, int lda, int strideA, Storage b, int offB, int ldb, int strideB, double beta, Storage c, int offC,
      int ldc, int strideC) {
    if (m == 0 || n == 0 || batch == 0) {
      return;
    }
    boolean dbl = c.dtype() == DType.FLOAT64;
    sfx(c.dtype());
    device.bind();
    cublas.gemmStridedBatched(dbl, transB ? Cublas.OP_T : Cublas.OP_N, transA ? Cublas.OP_T : Cublas.OP_N, n, m, k,
        alpha, addr(b, offB), ldb, strideB, addr(a, offA), lda, strideA, beta, addr(c, offC), ldc, strideC, batch);
  }

  // ------------------------------------------------------------------------------------------ convolution

  private int chunk(int n, long colRowsTimesHw) {
    return (int) Math.max(1, Math.min(n, COL_LIMIT / Math.max(1, colRowsTimesHw)));
  }

  /**
   * Copies a [nb, ch, hw] block at element offset {@code off} of a contiguous [N, ch, hw] tensor into the
   * [ch, nb·hw] layout of {@code dst} (or back when {@code toBatch}).
   */
  private void permuteChunk(Tensor nchw, int n0, int nb, int ch, int hw, Storage buf, boolean toBatch) {
    int[] shape = {nb, ch, hw};
    byte[] batchDesc = TensorDesc.of(shape, new long[] {(long) ch * hw, hw, 1},
        nchw.offset() + (long) n0 * ch * hw);
    byte[] colDesc = TensorDesc.of(shape, new long[] {hw, (long) nb * hw, 1}, 0);
    long n = (long) nb * ch * hw;
    int dt = nchw.dtype().ordinal();
    if (toBatch) {
      launch("tensor_ops", "ns_copy", n, new KernelArgs().struct(colDesc).l(in(buf).block.address()).i(dt)
          .struct(batchDesc).l(base(nchw)).i(dt).l(n));
    } else {
      launch("tensor_ops", "ns_copy", n, new KernelArgs().struct(batchDesc).l(base(nchw)).i(dt).struct(colDesc)
          .l(in(buf).block.address()).i(dt).l(n));
    }
  }

  @Override
  public void conv2d(Tensor x, Tensor w, ConvParams p, Tensor out) {
    Tensor xc = contiguous(x);
    Tensor wc = contiguous(w);
    int n = xc.shape()[0], c = xc.shape()[1], h = xc.shape()[2], wd = xc.shape()[3];
    int co = wc.shape()[0], kh = wc.shape()[2], kw = wc.shape()[3];
    int ho = out.shape()[2], wo = out.shape()[3];
    int g = p.groups(), cg = c / g, cog = co / g, ckg = cg * kh * kw, hw = ho * wo;
    if (out.numel() == 0) {
      return;
    }
    Tensor oc = out.isContiguous() ? out : new Tensor(newStorage(out.dtype(), out.numel()), out.shape(),
        contiguousStrides(out.shape()), 0);
    int nbMax = chunk(n, (long) Math.max(c * kh * kw, co) * hw);
    Storage col = newStorage(x.dtype(), (int) ((long) c * kh * kw * nbMax * hw));
    Storage tmp = newStorage(x.dtype(), (int) ((long) co * nbMax * hw));
    String s = sfx(x.dtype());
    for (int n0 = 0; n0 < n; n0 += nbMax) {
      int nb = Math.min(nbMax, n - n0);
      int cols = nb * hw;
      launch("nn_ops", "ns_im2col" + s, (long) c * kh * kw * cols, new KernelArgs()
          .l(address(xc) + (long) n0 * c * h * wd * x.dtype().bytes())
          .struct(Structs.conv(c, h, wd, kh, kw, p, ho, wo, nb)).l(in(col).block.address()));
      for (int gi = 0; gi < g; gi++) {
        gemm(false, false, cog, cols, ckg, 1, wc.storage(), wc.offset() + gi * cog * ckg, ckg, col,
            gi * ckg * cols, cols, 0, tmp, gi * cog * cols, cols);
      }
      permuteChunk(oc, n0, nb, co, hw, tmp, true);
    }
    if (oc != out) {
      copy(oc, out);
    }
  }

  @Override
  public void conv2dBackwardInput(Tensor gradOut, Tensor w, ConvParams p, Tensor gradX) {
    Tensor go = contiguous(gradOut);
    Tensor wc = contiguous(w);
    int n = gradX.shape()[0], c = gradX.shape()[1], h = gradX.shape()[2], wd = gradX.shape()[3];
    int co = wc.shape()[0], kh = wc.shape()[2], kw = wc.shape()[3];
    int ho = go.shape()[2], wo = go.shape()[3];
    int g = p.groups(), cg = c / g, cog = co / g, ckg = cg * kh * kw, hw = ho * wo;
    if (gradX.numel() == 0) {
      return;
    }
    Tensor gx = gradX.isContiguous() ? gradX : new Tensor(newStorage(gradX.dtype(), gradX.numel()),
        gradX.shape(), contiguousStrides(gradX.shape()), 0);
    int nbMax = chunk(n, (long) Math.max(c * kh * kw, co) * hw);
    Storage col = newStorage(w.dtype(), (int) ((long) c * kh * kw * nbMax * hw));
    Storage gop = newStorage(w.dtype(), (int) ((long) co * nbMax * hw));
    String s = sfx(w.dtype());
    for (int n0 = 0; n0 < n; n0 += nbMax) {
      int nb = Math.min(nbMax, n - n0);
      int cols = nb * hw;
      permuteChunk(go, n0, nb, co, hw, gop, false);
      for (int gi = 0; gi < g; gi++) {
        gemm(true, false, ckg, cols, cog, 1, wc.storage(), wc.offset() + gi * cog * ckg, ckg, gop,
            gi * cog * cols, cols, 0, col, gi * ckg * cols, cols);
      }
      launch("nn_ops", "ns_col2im" + s, (long) nb * c * h * wd, new KernelArgs().l(in(col).block.address())
          .struct(Structs.conv(c, h, wd, kh, kw, p, ho, wo, nb))
          .l(address(gx) + (long) n0 * c * h * wd * w.dtype().bytes()));
    }
    if (gx != gradX) {
      copy(gx, gradX);
    }
  }

  @Override
  public void conv2dBackwardWeight(Tensor gradOut, Tensor x, ConvParams p, Tensor gradW) {
    Tensor go = contiguous(gradOut);
    Tensor xc = contiguous(x);
    int n = xc.shape()[0], c = xc.shape()[1], h = xc.shape()[2], wd = xc.shape()[3];
    int co = gradW.shape()[0], kh = gradW.shape()[2], kw = gradW.shape()[3];
    int ho = go.shape()[2], wo = go.shape()[3];
    int g = p.groups(), cg = c / g, cog = co / g, ckg = cg * kh * kw, hw = ho * wo;
    Tensor gw = gradW.isContiguous() ? gradW : new Tensor(newStorage(gradW.dtype(), gradW.numel()),
        gradW.shape(), contiguousStrides(gradW.shape()), 0);
    if (n == 0 || hw == 0) {
      fill(gradW, 0);
      return;
    }
    int nbMax = chunk(n, (long) Math.max(c * kh * kw, co) * hw);
    Storage col = newStorage(x.dtype(), (int) ((long) c * kh * kw * nbMax * hw));
    Storage gop = newStorage(x.dtype(), (int) ((long) co * nbMax * hw));
    String s = sfx(x.dtype());
    for (int n0 = 0; n0 < n; n0 += nbMax) {
      int nb = Math.min(nbMax, n - n0);
      int cols = nb * hw;
      launch("nn_ops", "ns_im2col" + s, (long) c * kh * kw * cols, new KernelArgs()
          .l(address(xc) + (long) n0 * c * h * wd * x.dtype().bytes())
          .struct(Structs.conv(c, h, wd, kh, kw, p, ho, wo, nb)).l(in(col).block.address()));
      permuteChunk(go, n0, nb, co, hw, gop, false);
      for (int gi = 0; gi < g; gi++) {
        gemm(false, true, cog, ckg, cols, 1, gop, gi * cog * cols, cols, col, gi * ckg * cols, cols,
            n0 == 0 ? 0 : 1, gw.storage(), gw.offset() + gi * cog * ckg, ckg);
      }
    }
    if (gw != gradW) {
      copy(gw, gradW);
    }
  }

  // ------------------------------------------------------------------------------------------ pooling

  private static long planes(Tensor t) {
    return (long) t.shape()[0] * t.shape()[1];
  }

  @Override
  public void maxPool2d(Tensor x, PoolParams p, Tensor out, Tensor argmax) {
    Tensor xc = contiguous(x);
    if (out.numel() == 0) {
      return;
    }
    launch("nn_ops", "ns_max_pool" + sfx(x.dtype()), out.numel(), new KernelArgs().l(address(xc)).l(planes(xc))
        .struct(Structs.pool(xc.shape()[2], xc.shape()[3], out.shape()[2], out.shape()[3], p)).l(address(out))
        .l(address(argmax)));
  }

  @Override
  public void maxPool2dBackward(Tensor gradOut, Tensor argmax, Tensor gradX) {
    Tensor go = contiguous(gradOut);
    Tensor am = contiguous(argmax);
    long hw = (long) gradX.shape()[2] * gradX.shape()[3];
    long ohw = (long) go.shape()[2] * go.shape()[3];
    Tensor gx = gradX.isContiguous() ? gradX : new Tensor(newStorage(gradX.dtype(), gradX.numel()),
        gradX.shape(), contiguousStrides(gradX.shape()), 0);
    fill(gx, 0);
    if (go.numel() > 0) {
      launch("nn_ops", "ns_max_pool_bwd" + sfx(gradX.dtype()), go.numel(), new KernelArgs().l(address(go))
          .l(address(am)).l(planes(gradX)).l(hw).l(ohw).l(address(gx)));
    }
    if (gx != gradX) {
      copy(gx, gradX);
    }
  }

  @Override
  public void avgPool2d(Tensor x, PoolParams p, Tensor out) {
    Tensor xc = contiguous(x);
    if (out.numel() == 0) {
      return;
    }
    launch("nn_ops", "ns_avg_pool" + sfx(x.dtype()), out.numel(), new KernelArgs().l(address(xc)).l(planes(xc))
        .struct(Structs.pool(xc.shape()[2], xc.shape()[3], out.shape()[2], out.shape()[3], p)).l(address(out)));
  }

  @Override
  public void avgPool2dBackward(Tensor gradOut, PoolParams p, Tensor gradX) {
    Tensor go = contiguous(gradOut);
    if (gradX.numel() == 0) {
      return;
    }
    launch("nn_ops", "ns_avg_pool_bwd" + sfx(gradX.dtype()), gradX.numel(), new KernelArgs().l(address(go))
        .l(planes(gradX)).struct(Structs.pool(gradX.shape()[2], gradX.shape()[3], go.shape()[2], go.shape()[3], p))
        .l(address(gradX)));
  }

  @Override
  public void adaptiveAvgPool2d(Tensor x, Tensor out) {
    Tensor xc = contiguous(x);
    if (out.numel() == 0) {
      return;
    }
    launch("nn_ops", "ns_adaptive_avg" + sfx(x.dtype()), out.numel(), new KernelArgs().l(address(xc))
        .l(planes(xc)).i(xc.shape()[2]).i(xc.shape()[3]).i(out.shape()[2]).i(out.shape()[3]).l(address(out)));
  }

  @Override
  public void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradX) {
    Tensor go = contiguous(gradOut);
    if (gradX.numel() == 0) {
      return;
    }
    launch("nn_ops", "ns_adaptive_avg_bwd" + sfx(gradX.dtype()), gradX.numel(), new KernelArgs().l(address(go))
        .l(planes(gradX)).i(gradX.shape()[2]).i(gradX.shape()[3]).i(go.shape()[2]).i(go.shape()[3])
        .l(address(gradX)));
  }

  // ------------------------------------------------------------------------------------------ batch norm

  private static long spatial(Tensor x) {
    long s = 1;
    for (int d = 2; d < x.dim(); d++) {
      s *= x.shape()[d];
    }
    return s;
  }

  @Override
  public void batchNormStats(Tensor x, Tensor mean, Tensor var) {
    Tensor xc = contiguous(x);
    launchRows("nn_ops", "ns_bn_stats" + sfx(x.dtype()), xc.shape()[1], new KernelArgs().l(address(xc))
        .l(xc.shape()[0]).l(xc.shape()[1]).l(spatial(xc)).l(address(mean)).l(address(var)));
  }

  @Override
  public void batchNormApply(Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias, Tensor out) {
    Tensor xc = contiguous(x);
    if (xc.numel() == 0) {
      return;
    }
    launch("nn_ops", "ns_bn_apply" + sfx(x.dtype()), xc.numel(), new KernelArgs().l(address(xc)).l(xc.shape()[0])
        .l(xc.shape()[1]).l(spatial(xc)).l(address(mean)).l(address(invstd))
        .l(weight == null ? 0 : address(weight)).l(bias == null ? 0 : address(bias)).l(address(out)));
  }

  @Override
  public void batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invstd, Tensor weight,
      boolean batchStats, Tensor gradX, Tensor gradWeight, Tensor gradBias) {
    Tensor go = contiguous(gradOut);
    Tensor xc = contiguous(x);
    launchRows("nn_ops", "ns_bn_backward" + sfx(x.dtype()), xc.shape()[1], new KernelArgs().l(address(go))
        .l(address(xc)).l(xc.shape()[0]).l(xc.shape()[1]).l(spatial(xc)).l(address(mean)).l(address(invstd))
        .l(weight == null ? 0 : address(weight)).i(batchStats ? 1 : 0).l(gradX == null ? 0 : address(gradX))
        .l(gradWeight == null ? 0 : address(gradWeight)).l(gradBias == null ? 0 : address(gradBias)));
  }

  // ------------------------------------------------------------------------------------------ optimizers

  @Override
  public void sgdUpdate(SgdParams h, Tensor param, Tensor grad, Tensor momentumBuffer, boolean firstStep) {
    long n = param.numel();
    if (n == 0) {
      return;
    }
    boolean dbl = param.dtype() == DType.FLOAT64;
    launch("nn_ops", "ns_sgd_update" + sfx(param.dtype()), n, new KernelArgs().struct(dbl ? Structs.sgdD(h, firstStep)
        : Structs.sgdF(h, firstStep)).l(address(param)).struct(TensorDesc.of(grad)).l(base(grad))
        .l(momentumBuffer == null ? 0 : address(momentumBuffer)).l(n));
  }

  @Override
  public void adamUpdate(AdamParams h, long t, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
      Tensor maxExpAvgSq) {
    long n = param.numel();
    if (n == 0) {
      return;
    }
    boolean dbl = param.dtype() == DType.FLOAT64;
    boolean ams = maxExpAvgSq != null;
    launch("nn_ops", "ns_adam_update" + sfx(param.dtype()), n, new KernelArgs().struct(dbl ? Structs.adamD(h, t, ams)
        : Structs.adamF(h, t, ams)).l(address(param)).struct(TensorDesc.of(grad)).l(base(grad))
        .l(address(expAvg)).l(address(expAvgSq)).l(ams ? address(maxExpAvgSq) : 0).l(n));
  }

  // ------------------------------------------------------------------------------------------ dropout

  /** Draws on the device, no transfer: the same mask as every backend ({@link Backend#dropoutMask}). */
  @Override
  public void dropoutMask(long key, long offset, double p, Tensor out) {
    Backend.checkDropout(p, out);
    int n = out.numel();
    if (n == 0) {
      return;
    }
    KernelArgs a = new KernelArgs().l(key).l(offset).d(p);
    if (out.dtype() == DType.FLOAT64) {
      a.d(1.0 / (1.0 - p));
    } else {
      a.f((float) (1.0 / (1.0 - p)));
    }
    launch("nn_ops", "ns_dropout_mask" + sfx(out.dtype()), n, a.l(address(out)).l(n));
  }

  /** Draws on the device, no transfer: the same spikes as every backend ({@link Backend#bernoulli}). */
  @Override
  public void bernoulli(long key, long offset, Tensor probs, Tensor out) {
    Backend.checkBernoulli(probs, out);
    int n = out.numel();
    if (n == 0) {
      return;
    }
    Tensor p = contiguous(probs);
    launch("nn_ops", "ns_bernoulli_f", n, new KernelArgs().l(key).l(offset).l(address(p)).l(address(out)).l(n));
    if (p != probs) {
      p.storage().release();
    }
  }

  // ------------------------------------------------------------------------------------------ fused kernels

  @Override
  public <K> K kernel(Class<K> type) {
    return type.cast(kernels.get(type));
  }

  @Override
  public <K> void registerKernel(Class<K> type, K implementation) {
    kernels.put(type, implementation);
  }

  /** Synchronises, frees all device memory, the cuBLAS handle, the staging buffer and the context. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      device.synchronize();
      if (staging != null) {
        staging.close();
      }
      cublas.close();
      allocator.close();
    } finally {
      device.close();
    }
  }
}
