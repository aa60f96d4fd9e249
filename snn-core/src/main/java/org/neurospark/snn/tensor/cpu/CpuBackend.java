package org.neurospark.snn.tensor.cpu;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.neurospark.snn.tensor.AdamParams;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.BinaryOp;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Philox;
import org.neurospark.snn.tensor.PoolParams;
import org.neurospark.snn.tensor.SgdParams;
import org.neurospark.snn.tensor.Shapes;
import org.neurospark.snn.tensor.Storage;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.UnaryOp;

/**
 * The CPU backend: heap arrays, multi-threaded pure-Java kernels (run in the calling thread's {@link CpuContext},
 * single-threaded outside one), a cache-blocked SGEMM/DGEMM and im2col convolution. It holds no execution state:
 * one instance serves every context.
 */
public final class CpuBackend implements Backend {
  /** Elements per task of the Adam update (a large tensor is split across the context's threads). */
  private static final int ADAM_BLOCK = 1 << 16;

  /** The singleton. */
  public static final CpuBackend INSTANCE = new CpuBackend();

  private final ConcurrentHashMap<Class<?>, Object> kernels = new ConcurrentHashMap<>();

  private CpuBackend() {}

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public Storage allocate(DType dtype, int size) {
    switch (dtype) {
      case FLOAT32: return floats(size, true);
      case FLOAT64: return new CpuStorage(new double[size]);
      case INT32: return new CpuStorage(new int[size]);
      default: return new CpuStorage(new long[size]);
    }
  }

  /**
   * Like {@link #allocate}, except that a FLOAT32 array the calling thread's context kept for reuse
   * ({@link CpuConfig#recycleBytes()}) is handed out as its last user left it.
   */
  @Override
  public Storage allocateForOverwrite(DType dtype, int size) {
    return dtype == DType.FLOAT32 ? floats(size, false) : allocate(dtype, size);
  }

  /** A float storage of {@code size} elements, from the context's recycler when it keeps one (zeroed if asked). */
  private static Storage floats(int size, boolean zero) {
    ArrayRecycler r = size >= ArrayRecycler.MIN_LENGTH ? Cpu.recycler() : null;
    if (r == null) {
      return new CpuStorage(new float[size]);
    }
    float[] a = r.take(size);
    if (a == null) {
      a = new float[size];
    } else if (zero) {
      Arrays.fill(a, 0f);
    }
    return new CpuStorage(a, r);
  }

  private static void range(int have, int off, int len) {
    if (off < 0 || len < 0 || off > have - len) {
      throw new IndexOutOfBoundsException("range [" + off + ", " + ((long) off + len) + ") outside an array of "
          + have);
    }
  }

  @Override
  public Storage upload(float[] src, int off, int len) {
    range(src.length, off, len);
    return new CpuStorage(Arrays.copyOfRange(src, off, off + len));
  }

  @Override
  public Storage upload(double[] src, int off, int len) {
    range(src.length, off, len);
    return new CpuStorage(Arrays.copyOfRange(src, off, off + len));
  }

  @Override
  public Storage upload(int[] src, int off, int len) {
    range(src.length, off, len);
    return new CpuStorage(Arrays.copyOfRange(src, off, off + len));
  }

  @Override
  public Storage upload(long[] src, int off, int len) {
    range(src.length, off, len);
    return new CpuStorage(Arrays.copyOfRange(src, off, off + len));
  }

  @Override
  public Storage upload(ByteBuffer src, DType dtype) {
    int bytes = src.remaining();
    if (bytes % dtype.bytes() != 0) {
      throw new IllegalArgumentException(bytes + " remaining bytes are not a whole number of " + dtype
          + " elements");
    }
    int n = bytes / dtype.bytes();
    ByteBuffer b = src.slice().order(src.order());
    CpuStorage s = (CpuStorage) allocate(dtype, n);
    switch (dtype) {
      case FLOAT32: b.asFloatBuffer().get(s.floats()); break;
      case FLOAT64: b.asDoubleBuffer().get(s.doubles()); break;
      case INT32: b.asIntBuffer().get(s.ints()); break;
      default: b.asLongBuffer().get(s.longs()); break;
    }
    src.position(src.limit());
    return s;
  }

  /** src copied (converted) into the host array wrapped by {@code host}, from {@code off}. */
  private void downloadInto(Tensor src, CpuStorage host, int off) {
    int n = src.numel();
    range(host.size(), off, n);
    int[] shape = src.shape();
    copy(src, new Tensor(host, shape, Shapes.contiguousStrides(shape), off));
  }

  @Override
  public void download(Tensor src, float[] dst, int off) {
    downloadInto(src, new CpuStorage(dst), off);
  }

  @Override
  public void download(Tensor src, double[] dst, int off) {
    downloadInto(src, new CpuStorage(dst), off);
  }

  @Override
  public void download(Tensor src, int[] dst, int off) {
    downloadInto(src, new CpuStorage(dst), off);
  }

  @Override
  public void download(Tensor src, long[] dst, int off) {
    downloadInto(src, new CpuStorage(dst), off);
  }

  @Override
  public void download(Tensor src, ByteBuffer dst) {
    int n = src.numel();
    DType dt = src.dtype();
    if (dst.remaining() < (long) n * dt.bytes()) {
      throw new java.nio.BufferOverflowException();
    }
    Tensor c = contiguousRaw(src);
    CpuStorage s = cs(c);
    ByteBuffer b = dst.slice().order(dst.order());
    int o = c.offset();
    switch (dt) {
      case FLOAT32: b.asFloatBuffer().put(s.floats(), o, n); break;
      case FLOAT64: b.asDoubleBuffer().put(s.doubles(), o, n); break;
      case INT32: b.asIntBuffer().put(s.ints(), o, n); break;
      default: b.asLongBuffer().put(s.longs(), o, n); break;
    }
    dst.position(dst.position() + n * dt.bytes());
  }

  private static CpuStorage cs(Tensor t) {
    if (!(t.storage() instanceof CpuStorage)) {
      throw new IllegalArgumentException("tensor is not on the CPU backend (" + t.backend().name() + ")");
    }
    CpuStorage s = (CpuStorage) t.storage();
    s.requireLive(null);
    return s;
  }

  private static boolean f32(Tensor t) {
    return t.dtype() == DType.FLOAT32;
  }

  /** Refuses integer tensors in kernels defined on floating types only. */
  private static void floating(String op, Tensor... ts) {
    for (Tensor t : ts) {
      if (t != null && !t.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException(op + " is defined on FLOAT32/FLOAT64 tensors, got " + t.dtype());
      }
    }
  }

  private static void sameType(Tensor a, Tensor b) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException("dtype mismatch " + a.dtype() + " vs " + b.dtype());
    }
  }

  @Override
  public void copy(Tensor src, Tensor dst) {
    if (!Arrays.equals(src.shape(), dst.shape())) {
      throw new IllegalArgumentException("copy: shape " + Arrays.toString(src.shape()) + " != "
          + Arrays.toString(dst.shape()));
    }
    StridedLoop l = new StridedLoop(dst.shape(), src.strides(), dst.strides());
    CpuStorage s = cs(src);
    CpuStorage d = cs(dst);
    if (!src.dtype().isFloatingPoint() || !dst.dtype().isFloatingPoint()) {
      if (src.dtype() == dst.dtype()) {
        IndexKernels.copySame(s, src.offset(), d, dst.offset(), l);
      } else {
        IndexKernels.copyConvert(s, src.offset(), d, dst.offset(), l);
      }
      return;
    }
    if (src.dtype() == dst.dtype()) {
      if (f32(src)) {
        KernelsF.copy(s.floats(), src.offset(), d.floats(), dst.offset(), l);
      } else {
        KernelsD.copy(s.doubles(), src.offset(), d.doubles(), dst.offset(), l);
      }
      return;
    }
    int as = l.innerStride(0);
    int os = l.innerStride(1);
    int n = l.inner;
    StridedLoop.Cursor c = l.cursor(0, src.offset(), dst.offset());
    for (int r = 0; r < l.rows; r++) {
      if (f32(src)) {
        float[] a = s.floats();
        double[] o = d.doubles();
        for (int i = 0; i < n; i++) {
          o[c.off[1] + i * os] = a[c.off[0] + i * as];
        }
      } else {
        double[] a = s.doubles();
        float[] o = d.floats();
        for (int i = 0; i < n; i++) {
          o[c.off[1] + i * os] = (float) a[c.off[0] + i * as];
        }
      }
      c.next();
    }
  }

  @Override
  public void fill(Tensor dst, double value) {
    StridedLoop l = new StridedLoop(dst.shape(), dst.strides());
    if (!dst.dtype().isFloatingPoint()) {
      IndexKernels.fill(cs(dst), dst.offset(), l, value);
    } else if (f32(dst)) {
      KernelsF.fill(cs(dst).floats(), l, dst.offset(), (float) value);
    } else {
      KernelsD.fill(cs(dst).doubles(), l, dst.offset(), value);
    }
  }

  private static void checkOut(Tensor in, Tensor out) {
    if (!out.isContiguous() || out.offset() != 0 || !Arrays.equals(in.shape(), out.shape())) {
      throw new IllegalArgumentException("kernel output must be a fresh contiguous tensor of shape "
          + Arrays.toString(in.shape()));
    }
  }

  @Override
  public void unary(UnaryOp op, double param, Tensor a, Tensor out) {
    checkOut(a, out);
    floating("unary " + op, a);
    sameType(a, out);
    StridedLoop l = new StridedLoop(a.shape(), a.strides(), out.strides());
    if (f32(a)) {
      KernelsF.unary(op, (float) param, cs(a).floats(), a.offset(), cs(out).floats(), l);
    } else {
      KernelsD.unary(op, param, cs(a).doubles(), a.offset(), cs(out).doubles(), l);
    }
  }

  @Override
  public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    checkOut(a, out);
    floating("binary " + op, a, b);
    sameType(a, out);
    sameType(b, out);
    StridedLoop l = new StridedLoop(out.shape(), a.strides(), b.strides(), out.strides());
    if (f32(a)) {
      KernelsF.binary(op, cs(a).floats(), a.offset(), cs(b).floats(), b.offset(), cs(out).floats(), l);
    } else {
      KernelsD.binary(op, cs(a).doubles(), a.offset(), cs(b).doubles(), b.offset(), cs(out).doubles(), l);
    }
  }

  @Override
  public void sum(Tensor a, int[] dims, Tensor out) {
    floating("sum", a);
    sameType(a, out);
    int[] shape = a.shape();
    int[] os = Shapes.contiguousStrides(out.shape());
    for (int d : dims) {
      os[d] = 0;
    }
    if (!out.isContiguous() || out.offset() != 0) {
      throw new IllegalArgumentException("sum output must be fresh and contiguous");
    }
    StridedLoop l = new StridedLoop(shape, a.strides(), os);
    if (f32(a)) {
      KernelsF.sum(cs(a).floats(), a.offset(), cs(out).floats(), out.numel(), l);
    } else {
      KernelsD.sum(cs(a).doubles(), a.offset(), cs(out).doubles(), out.numel(), l);
    }
  }

  @Override
  public void max(Tensor a, int dim, Tensor out, Tensor argmax) {
    floating("max", a);
    sameType(a, out);
    int[] arg = argmaxArray(argmax, out);
    Tensor c = contiguousRaw(a);
    int[] s = c.shape();
    int outer = 1;
    for (int i = 0; i < dim; i++) {
      outer *= s[i];
    }
    int inner = 1;
    for (int i = dim + 1; i < s.length; i++) {
      inner *= s[i];
    }
    if (s[dim] == 0) {
      throw new IllegalArgumentException("max over an empty dimension");
    }
    if (f32(a)) {
      KernelsF.max(cs(c).floats(), c.offset(), outer, s[dim], inner, cs(out).floats(), arg);
    } else {
      KernelsD.max(cs(c).doubles(), c.offset(), outer, s[dim], inner, cs(out).doubles(), arg);
    }
  }

  /** The int array of a fresh contiguous INT32 argmax tensor with out's element count. */
  private static int[] argmaxArray(Tensor argmax, Tensor out) {
    if (argmax.dtype() != DType.INT32 || !argmax.isContiguous() || argmax.offset() != 0
        || argmax.numel() != out.numel()) {
      throw new IllegalArgumentException("argmax must be a fresh contiguous INT32 tensor of " + out.numel()
          + " elements, got " + argmax.dtype() + " " + Arrays.toString(argmax.shape()));
    }
    return cs(argmax).ints();
  }

  private static int[] stridesWithout(Tensor t, int dim) {
    int[] s = t.strides();
    s[dim] = 0;
    return s;
  }

  private static void checkIndex(String op, Tensor self, int dim, Tensor index) {
    if (index.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(op + ": index must be INT32 or INT64, got " + index.dtype());
    }
    if (index.dim() != self.dim()) {
      throw new IllegalArgumentException(op + ": index rank " + index.dim() + " != tensor rank " + self.dim());
    }
    if (dim < 0 || dim >= self.dim()) {
      throw new IllegalArgumentException(op + ": dim " + dim + " out of range for rank " + self.dim());
    }
    for (int d = 0; d < self.dim(); d++) {
      if (d != dim && index.size(d) > self.size(d)) {
        throw new IllegalArgumentException(op + ": index shape " + Arrays.toString(index.shape())
            + " exceeds tensor shape " + Arrays.toString(self.shape()) + " in dimension " + d);
      }
    }
  }

  @Override
  public void gather(Tensor src, int dim, Tensor index, Tensor out) {
    checkIndex("gather", src, dim, index);
    sameType(src, out);
    if (!out.isContiguous() || out.offset() != 0 || !Arrays.equals(out.shape(), index.shape())) {
      throw new IllegalArgumentException("gather output must be a fresh contiguous tensor of shape "
          + Arrays.toString(index.shape()));
    }
    int[] shape = index.shape();
    int[] io = IndexKernels.offsets(shape, index.strides(), index.offset());
    int[] so = IndexKernels.offsets(shape, stridesWithout(src, dim), src.offset());
    CpuStorage is = cs(index);
    int size = src.size(dim);
    int step = src.strides()[dim];
    for (int k = 0; k < so.length; k++) {
      so[k] += IndexKernels.index(is, io[k], size, "gather index", k) * step;
    }
    IndexKernels.move(cs(src), so, cs(out), IndexKernels.offsets(shape, out.strides(), 0), false);
  }

  @Override
  public void scatter(Tensor dst, int dim, Tensor index, Tensor src) {
    scatter("scatter", dst, dim, index, src, false);
  }

  @Override
  public void scatterAdd(Tensor dst, int dim, Tensor index, Tensor src) {
    scatter("scatterAdd", dst, dim, index, src, true);
  }

  private static void scatter(String op, Tensor dst, int dim, Tensor index, Tensor src, boolean add) {
    checkIndex(op, dst, dim, index);
    sameType(src, dst);
    if (!Arrays.equals(src.shape(), index.shape())) {
      throw new IllegalArgumentException(op + ": src shape " + Arrays.toString(src.shape()) + " != index shape "
          + Arrays.toString(index.shape()));
    }
    int[] shape = index.shape();
    int[] io = IndexKernels.offsets(shape, index.strides(), index.offset());
    int[] d = IndexKernels.offsets(shape, stridesWithout(dst, dim), dst.offset());
    CpuStorage is = cs(index);
    int size = dst.size(dim);
    int step = dst.strides()[dim];
    for (int k = 0; k < d.length; k++) {
      d[k] += IndexKernels.index(is, io[k], size, op + " index", k) * step;
    }
    IndexKernels.move(cs(src), IndexKernels.offsets(shape, src.strides(), src.offset()), cs(dst), d, add);
  }

  @Override
  public void bernoulli(long key, long offset, Tensor probs, Tensor out) {
    Backend.checkBernoulli(probs, out);
    boolean dense = probs.isContiguous();
    float[] p = dense ? cs(probs).floats() : probs.toFloatArray();
    Philox.bernoulli(key, offset, p, dense ? probs.offset() : 0, cs(out).floats(), 0, out.numel());
  }

  @Override
  public void dropoutMask(long key, long offset, double p, Tensor out) {
    Backend.checkDropout(p, out);
    if (f32(out)) {
      Philox.dropoutMask(key, offset, p, cs(out).floats(), 0, out.numel());
    } else {
      Philox.dropoutMask(key, offset, p, cs(out).doubles(), 0, out.numel());
    }
  }

  @Override
  public void oneHot(Tensor labels, int numClasses, Tensor out) {
    if (labels.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("oneHot: labels must be INT32 or INT64, got " + labels.dtype());
    }
    int[] ls = labels.shape();
    int[] os = Arrays.copyOf(ls, ls.length + 1);
    os[ls.length] = numClasses;
    if (!out.isContiguous() || out.offset() != 0 || !Arrays.equals(out.shape(), os)
        || out.storage().size() != out.numel()) {
      throw new IllegalArgumentException("oneHot output must be a fresh contiguous tensor of shape "
          + Arrays.toString(os) + ", got " + Arrays.toString(out.shape()));
    }
    int[] lo = IndexKernels.offsets(ls, labels.strides(), labels.offset());
    CpuStorage l = cs(labels);
    CpuStorage o = cs(out);
    int[] pos = new int[lo.length];
    for (int k = 0; k < lo.length; k++) {
      long v = l.getLong(lo[k]);
      if (v < 0 || v >= numClasses) {
        throw new IllegalArgumentException("label " + v + " outside [0, " + numClasses + ")");
      }
      pos[k] = k * numClasses + (int) v;
    }
    IndexKernels.clear(o);
    for (int p : pos) {
      IndexKernels.setOne(o, p);
    }
  }

  /** A contiguous version of t without autograd (t itself when already contiguous). */
  static Tensor contiguousRaw(Tensor t) {
    if (t.isContiguous()) {
      return t;
    }
    Tensor c = Tensor.zeros(INSTANCE, t.dtype(), t.shape());
    INSTANCE.copy(t, c);
    return c;
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Storage a, int offA,
      int lda, Storage b, int offB, int ldb, double beta, Storage c, int offC, int ldc) {
    CpuStorage sa = (CpuStorage) a;
    CpuStorage sb = (CpuStorage) b;
    CpuStorage sc = (CpuStorage) c;
    if (a.dtype() != c.dtype() || b.dtype() != c.dtype() || !c.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("gemm needs equal floating dtypes, got " + a.dtype() + ", " + b.dtype()
          + ", " + c.dtype());
    }
    if (c.dtype() == DType.FLOAT32) {
      if (KernelsF.VECTOR && k > 0 && m > 0 && n > 0 && SparseGemmF.gemm(transA, transB, m, n, k, (float) alpha,
          sa.floats(), offA, lda, sb.floats(), offB, ldb, (float) beta, sc.floats(), offC, ldc)) {
        // one operand mostly zeros (spikes into a Linear, its weight gradient): the dense rows its non-zeros select
        return;
      }
      KernelsF.gemm(transA, transB, m, n, k, (float) alpha, sa.floats(), offA, lda, sb.floats(), offB, ldb,
          (float) beta, sc.floats(), offC, ldc);
    } else {
      KernelsD.gemm(transA, transB, m, n, k, alpha, sa.doubles(), offA, lda, sb.doubles(), offB, ldb, beta,
          sc.doubles(), offC, ldc);
    }
  }

  @Override
  public void gemmBatched(boolean transA, boolean transB, int batch, int m, int n, int k, double alpha, Storage a,
      int offA, int lda, int strideA, Storage b, int offB, int ldb, int strideB, double beta, Storage c, int offC,
      int ldc, int strideC) {
    Cpu.RangeBody body = (i0, i1) -> {
      for (int i = i0; i < i1; i++) {
        gemm(transA, transB, m, n, k, alpha, a, offA + i * strideA, lda, b, offB + i * strideB, ldb, beta, c,
            offC + i * strideC, ldc);
      }
    };
    long flops = 2L * m * n * k;
    if (batch > 1 && flops < 4_000_000L) {
      // many small products: one thread per group of matrices (each GEMM then runs single-threaded)
      Cpu.parallelFor(batch, (int) Math.max(1, 1_000_000L / Math.max(1, flops)), body);
    } else {
      body.run(0, batch);
    }
  }

  private static void conv4d(Tensor x, Tensor w, ConvParams p) {
    if (x.dim() != 4 || w.dim() != 4) {
      throw new IllegalArgumentException("conv2d needs x [N, C, H, W] and w [Co, C/groups, kh, kw], got "
          + Arrays.toString(x.shape()) + " and " + Arrays.toString(w.shape()));
    }
    int c = x.size(1);
    int co = w.size(0);
    if (c % p.groups() != 0 || co % p.groups() != 0 || w.size(1) != c / p.groups()) {
      throw new IllegalArgumentException("conv2d: channels " + c + " -> " + co + " incompatible with groups "
          + p.groups() + " and weight " + Arrays.toString(w.shape()));
    }
  }

  @Override
  public void conv2d(Tensor x, Tensor w, ConvParams p, Tensor out) {
    floating("conv2d", x);
    conv4d(x, w, p);
    x = contiguousRaw(x);
    w = contiguousRaw(w);
    int[] xs = x.shape();
    int[] ws = w.shape();
    int ho = out.size(2);
    int wo = out.size(3);
    if (f32(x) && sparseInput(x, xs, ws, p, SparseConvF.MAX_DENSITY_FORWARD)) {
      SparseConvF.conv2d(cs(x).floats(), x.offset(), xs[0], xs[1], xs[2], xs[3],
          SparseConvF.weights(cs(w).floats(), w.offset(), ws[0], xs[1]), ws[0], p.padH(), p.padW(),
          cs(out).floats(), ho, wo);
    } else if (f32(x) && WinogradF.applicable(xs[1], ws[0], ws[2], ws[3], p)) {
      WinogradF.conv2d(cs(x).floats(), x.offset(), xs[0], xs[1], xs[2], xs[3],
          WinogradF.weights(cs(w).floats(), w.offset(), ws[0], xs[1], false), ws[0], p.padH(), p.padW(),
          cs(out).floats(), ho, wo);
    } else if (f32(x)) {
      KernelsF.conv2d(cs(x).floats(), x.offset(), xs[0], xs[1], xs[2], xs[3], cs(w).floats(), w.offset(), ws[0],
          ws[2], ws[3], p, cs(out).floats(), ho, wo);
    } else {
      KernelsD.conv2d(cs(x).doubles(), x.offset(), xs[0], xs[1], xs[2], xs[3], cs(w).doubles(), w.offset(),
          ws[0], ws[2], ws[3], p, cs(out).doubles(), ho, wo);
    }
  }

  /**
   * True when a float32 convolution of contiguous x [N, C, H, W] with kernels [Co, C, kh, kw] should run on
   * {@link SparseConvF}: a shape it handles and an input (spikes) at most {@code maxDensity} non-zero.
   */
  private static boolean sparseInput(Tensor x, int[] xs, int[] ws, ConvParams p, double maxDensity) {
    return SparseConvF.applicable(xs[1], ws[0], ws[2], ws[3], p)
        && SparseConvF.sparseEnough(cs(x).floats(), x.offset(), (long) xs[0] * xs[1] * xs[2] * xs[3],
            maxDensity);
  }

  @Override
  public void conv2dBackwardInput(Tensor gradOut, Tensor w, ConvParams p, Tensor gradX) {
    conv4d(gradX, w, p);
    Tensor g = contiguousRaw(gradOut);
    w = contiguousRaw(w);
    int[] xs = gradX.shape();
    int[] ws = w.shape();
    if (f32(g) && WinogradF.applicable(xs[1], ws[0], ws[2], ws[3], p)) {
      // the input gradient of a stride-1 convolution: gradOut convolved with the flipped kernels, padding 2 − pad
      WinogradF.conv2d(cs(g).floats(), g.offset(), xs[0], ws[0], g.size(2), g.size(3),
          WinogradF.weights(cs(w).floats(), w.offset(), ws[0], xs[1], true), xs[1], 2 - p.padH(), 2 - p.padW(),
          cs(gradX).floats(), xs[2], xs[3]);
    } else if (f32(g)) {
      KernelsF.conv2dBackwardInput(cs(g).floats(), g.offset(), xs[0], xs[1], xs[2], xs[3], cs(w).floats(),
          w.offset(), ws[0], ws[2], ws[3], p, cs(gradX).floats(), g.size(2), g.size(3));
    } else {
      KernelsD.conv2dBackwardInput(cs(g).doubles(), g.offset(), xs[0], xs[1], xs[2], xs[3], cs(w).doubles(),
          w.offset(), ws[0], ws[2], ws[3], p, cs(gradX).doubles(), g.size(2), g.size(3));
    }
  }

  @Override
  public void conv2dBackwardWeight(Tensor gradOut, Tensor x, ConvParams p, Tensor gradW) {
    conv4d(x, gradW, p);
    Tensor g = contiguousRaw(gradOut);
    x = contiguousRaw(x);
    int[] xs = x.shape();
    int[] ws = gradW.shape();
    if (f32(g) && sparseInput(x, xs, ws, p, SparseConvF.MAX_DENSITY_WEIGHT_GRAD)) {
      SparseConvF.conv2dWeightGrad(cs(g).floats(), g.offset(), cs(x).floats(), x.offset(), xs[0], xs[1], xs[2],
          xs[3], ws[0], p.padH(), p.padW(), cs(gradW).floats(), g.size(2), g.size(3));
    } else if (f32(g) && WinogradF.applicable(xs[1], ws[0], ws[2], ws[3], p)) {
      WinogradF.conv2dWeightGrad(cs(g).floats(), g.offset(), cs(x).floats(), x.offset(), xs[0], xs[1], xs[2], xs[3],
          ws[0], p.padH(), p.padW(), cs(gradW).floats(), g.size(2), g.size(3));
    } else if (f32(g)) {
      KernelsF.conv2dBackwardWeight(cs(g).floats(), g.offset(), cs(x).floats(), x.offset(), xs[0], xs[1], xs[2],
          xs[3], ws[0], ws[2], ws[3], p, cs(gradW).floats(), g.size(2), g.size(3));
    } else {
      KernelsD.conv2dBackwardWeight(cs(g).doubles(), g.offset(), cs(x).doubles(), x.offset(), xs[0], xs[1],
          xs[2], xs[3], ws[0], ws[2], ws[3], p, cs(gradW).doubles(), g.size(2), g.size(3));
    }
  }

  @Override
  public void maxPool2d(Tensor x, PoolParams p, Tensor out, Tensor argmaxTensor) {
    floating("maxPool2d", x);
    int[] argmax = argmaxArray(argmaxTensor, out);
    x = contiguousRaw(x);
    int planes = x.size(0) * x.size(1);
    if (f32(x)) {
      KernelsF.maxPool2d(cs(x).floats(), x.offset(), planes, x.size(2), x.size(3), p, cs(out).floats(),
          out.size(2), out.size(3), argmax);
    } else {
      KernelsD.maxPool2d(cs(x).doubles(), x.offset(), planes, x.size(2), x.size(3), p, cs(out).doubles(),
          out.size(2), out.size(3), argmax);
    }
  }

  @Override
  public void maxPool2dBackward(Tensor gradOut, Tensor argmaxTensor, Tensor gradX) {
    floating("maxPool2dBackward", gradOut);
    int[] argmax = argmaxArray(argmaxTensor, gradOut);
    Tensor g = contiguousRaw(gradOut);
    int planes = gradX.size(0) * gradX.size(1);
    if (f32(g)) {
      KernelsF.maxPool2dBackward(cs(g).floats(), g.offset(), planes, g.size(2), g.size(3), argmax,
          cs(gradX).floats(), gradX.size(2), gradX.size(3));
    } else {
      KernelsD.maxPool2dBackward(cs(g).doubles(), g.offset(), planes, g.size(2), g.size(3), argmax,
          cs(gradX).doubles(), gradX.size(2), gradX.size(3));
    }
  }

  @Override
  public void avgPool2d(Tensor x, PoolParams p, Tensor out) {
    floating("avgPool2d", x);
    x = contiguousRaw(x);
    int planes = x.size(0) * x.size(1);
    if (f32(x)) {
      KernelsF.avgPool2d(cs(x).floats(), x.offset(), planes, x.size(2), x.size(3), p, cs(out).floats(),
          out.size(2), out.size(3));
    } else {
      KernelsD.avgPool2d(cs(x).doubles(), x.offset(), planes, x.size(2), x.size(3), p, cs(out).doubles(),
          out.size(2), out.size(3));
    }
  }

  @Override
  public void avgPool2dBackward(Tensor gradOut, PoolParams p, Tensor gradX) {
    Tensor g = contiguousRaw(gradOut);
    int planes = gradX.size(0) * gradX.size(1);
    if (f32(g)) {
      KernelsF.avgPool2dBackward(cs(g).floats(), g.offset(), planes, g.size(2), g.size(3), p, cs(gradX).floats(),
          gradX.size(2), gradX.size(3));
    } else {
      KernelsD.avgPool2dBackward(cs(g).doubles(), g.offset(), planes, g.size(2), g.size(3), p,
          cs(gradX).doubles(), gradX.size(2), gradX.size(3));
    }
  }

  @Override
  public void adaptiveAvgPool2d(Tensor x, Tensor out) {
    floating("adaptiveAvgPool2d", x);
    x = contiguousRaw(x);
    int planes = x.size(0) * x.size(1);
    if (f32(x)) {
      KernelsF.adaptiveAvgPool2d(cs(x).floats(), x.offset(), planes, x.size(2), x.size(3), cs(out).floats(),
          out.size(2), out.size(3), false);
    } else {
      KernelsD.adaptiveAvgPool2d(cs(x).doubles(), x.offset(), planes, x.size(2), x.size(3), cs(out).doubles(),
          out.size(2), out.size(3), false);
    }
  }

  @Override
  public void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradX) {
    Tensor g = contiguousRaw(gradOut);
    int planes = gradX.size(0) * gradX.size(1);
    if (f32(g)) {
      KernelsF.adaptiveAvgPool2d(cs(g).floats(), g.offset(), planes, gradX.size(2), gradX.size(3),
          cs(gradX).floats(), g.size(2), g.size(3), true);
    } else {
      KernelsD.adaptiveAvgPool2d(cs(g).doubles(), g.offset(), planes, gradX.size(2), gradX.size(3),
          cs(gradX).doubles(), g.size(2), g.size(3), true);
    }
  }

  @Override
  public void softmax(Tensor a, boolean log, Tensor out) {
    floating("softmax", a);
    a = contiguousRaw(a);
    int n = a.dim() == 0 ? 1 : a.size(-1);
    int rows = n == 0 ? 0 : a.numel() / n;
    if (f32(a)) {
      KernelsF.softmax(cs(a).floats(), a.offset(), rows, n, log, cs(out).floats());
    } else {
      KernelsD.softmax(cs(a).doubles(), a.offset(), rows, n, log, cs(out).doubles());
    }
  }

  @Override
  public void softmaxBackward(Tensor gradOut, Tensor y, boolean log, Tensor gradX) {
    Tensor g = contiguousRaw(gradOut);
    y = contiguousRaw(y);
    int n = y.dim() == 0 ? 1 : y.size(-1);
    int rows = n == 0 ? 0 : y.numel() / n;
    if (f32(g)) {
      KernelsF.softmaxBackward(cs(g).floats(), g.offset(), cs(y).floats(), y.offset(), rows, n, log,
          cs(gradX).floats());
    } else {
      KernelsD.softmaxBackward(cs(g).doubles(), g.offset(), cs(y).doubles(), y.offset(), rows, n, log,
          cs(gradX).doubles());
    }
  }

  private static int[] ncs(Tensor x) {
    if (x.dim() < 2) {
      throw new IllegalArgumentException("batch norm needs [N, C, *], got " + Arrays.toString(x.shape()));
    }
    int n = x.size(0);
    int c = x.size(1);
    return new int[] {n, c, n * c == 0 ? 0 : x.numel() / (n * c)};
  }

  private static float[] fOrNull(Tensor t) {
    return t == null ? null : cs(contiguousRaw(t)).floats();
  }

  private static double[] dOrNull(Tensor t) {
    return t == null ? null : cs(contiguousRaw(t)).doubles();
  }

  private static void fresh(Tensor t) {
    if (t != null && (!t.isContiguous() || t.offset() != 0)) {
      throw new IllegalArgumentException("batch norm outputs must be fresh contiguous tensors");
    }
  }

  @Override
  public void batchNormStats(Tensor x, Tensor mean, Tensor var) {
    floating("batchNormStats", x);
    x = contiguousRaw(x);
    int[] d = ncs(x);
    fresh(mean);
    fresh(var);
    if (f32(x)) {
      KernelsF.bnStats(cs(x).floats(), x.offset(), d[0], d[1], d[2], cs(mean).floats(), cs(var).floats());
    } else {
      KernelsD.bnStats(cs(x).doubles(), x.offset(), d[0], d[1], d[2], cs(mean).doubles(), cs(var).doubles());
    }
  }

  @Override
  public void batchNormApply(Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias, Tensor out) {
    x = contiguousRaw(x);
    int[] d = ncs(x);
    fresh(out);
    mean = contiguousRaw(mean);
    invstd = contiguousRaw(invstd);
    if (f32(x)) {
      KernelsF.bnApply(cs(x).floats(), x.offset(), d[0], d[1], d[2], offsetFree(mean).floats(),
          offsetFree(invstd).floats(), fOrNull(offsetFreeOrNull(weight)), fOrNull(offsetFreeOrNull(bias)),
          cs(out).floats());
    } else {
      KernelsD.bnApply(cs(x).doubles(), x.offset(), d[0], d[1], d[2], offsetFree(mean).doubles(),
          offsetFree(invstd).doubles(), dOrNull(offsetFreeOrNull(weight)), dOrNull(offsetFreeOrNull(bias)),
          cs(out).doubles());
    }
  }

  /** The CPU storage of a [C] tensor copied so that it starts at offset 0. */
  private static CpuStorage offsetFree(Tensor t) {
    return cs(offsetFreeOrNull(t));
  }

  private static Tensor offsetFreeOrNull(Tensor t) {
    if (t == null || (t.isContiguous() && t.offset() == 0)) {
      return t;
    }
    Tensor c = Tensor.zeros(INSTANCE, t.dtype(), t.shape());
    INSTANCE.copy(t, c);
    return c;
  }

  @Override
  public void batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invstd, Tensor weight,
      boolean batchStats, Tensor gradX, Tensor gradWeight, Tensor gradBias) {
    Tensor g = contiguousRaw(gradOut);
    x = contiguousRaw(x);
    int[] d = ncs(x);
    fresh(gradX);
    fresh(gradWeight);
    fresh(gradBias);
    if (f32(x)) {
      KernelsF.bnBackward(cs(g).floats(), g.offset(), cs(x).floats(), x.offset(), d[0], d[1], d[2],
          offsetFree(mean).floats(), offsetFree(invstd).floats(), fOrNull(offsetFreeOrNull(weight)), batchStats,
          gradX == null ? null : cs(gradX).floats(), gradWeight == null ? null : cs(gradWeight).floats(),
          gradBias == null ? null : cs(gradBias).floats());
    } else {
      KernelsD.bnBackward(cs(g).doubles(), g.offset(), cs(x).doubles(), x.offset(), d[0], d[1], d[2],
          offsetFree(mean).doubles(), offsetFree(invstd).doubles(), dOrNull(offsetFreeOrNull(weight)), batchStats,
          gradX == null ? null : cs(gradX).doubles(), gradWeight == null ? null : cs(gradWeight).doubles(),
          gradBias == null ? null : cs(gradBias).doubles());
    }
  }

  /** Checks an optimizer operand: param's dtype and element count; state tensors also contiguous. */
  private static Tensor optimOperand(String what, Tensor param, Tensor t, boolean state) {
    if (t == null) {
      return null;
    }
    if (t.dtype() != param.dtype() || t.numel() != param.numel()) {
      throw new IllegalArgumentException(what + " must have the parameter's dtype " + param.dtype() + " and "
          + param.numel() + " elements, got " + t.dtype() + " with " + t.numel());
    }
    if (state && !t.isContiguous()) {
      throw new IllegalArgumentException(what + " must be contiguous");
    }
    return state ? t : contiguousRaw(t);
  }

  @Override
  public void sgdUpdate(SgdParams h, Tensor param, Tensor grad, Tensor momentumBuffer, boolean firstStep) {
    floating("sgdUpdate", param);
    optimOperand("param", param, param, true);
    Tensor g = optimOperand("grad", param, grad, false);
    Tensor b = optimOperand("momentum buffer", param, momentumBuffer, true);
    if (h.momentum() != 0 && b == null) {
      throw new IllegalArgumentException("SGD with momentum needs a momentum buffer");
    }
    int n = param.numel();
    if (f32(param)) {
      OptimizerKernels.sgd(h, cs(param).floats(), param.offset(), cs(g).floats(), g.offset(),
          b == null ? null : cs(b).floats(), b == null ? 0 : b.offset(), firstStep, n);
    } else {
      OptimizerKernels.sgd(h, cs(param).doubles(), param.offset(), cs(g).doubles(), g.offset(),
          b == null ? null : cs(b).doubles(), b == null ? 0 : b.offset(), firstStep, n);
    }
  }

  @Override
  public void adamUpdate(AdamParams h, long t, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
      Tensor maxExpAvgSq) {
    floating("adamUpdate", param);
    optimOperand("param", param, param, true);
    Tensor g = optimOperand("grad", param, grad, false);
    Tensor m = optimOperand("exp_avg", param, expAvg, true);
    Tensor v = optimOperand("exp_avg_sq", param, expAvgSq, true);
    Tensor x = optimOperand("max_exp_avg_sq", param, maxExpAvgSq, true);
    if (m == null || v == null) {
      throw new IllegalArgumentException("Adam needs exp_avg and exp_avg_sq");
    }
    int n = param.numel();
    // element-wise, so split into independent blocks across the context's threads (same result on any count)
    int blocks = (n + ADAM_BLOCK - 1) / ADAM_BLOCK;
    if (f32(param)) {
      float[] pa = cs(param).floats();
      float[] ga = cs(g).floats();
      float[] ma = cs(m).floats();
      float[] va = cs(v).floats();
      float[] xa = x == null ? null : cs(x).floats();
      int po = param.offset();
      int go = g.offset();
      int mo = m.offset();
      int vo = v.offset();
      int xo = x == null ? 0 : x.offset();
      Cpu.parallelFor(blocks, 1, (b0, b1) -> {
        int i0 = b0 * ADAM_BLOCK;
        int len = Math.min(n, b1 * ADAM_BLOCK) - i0;
        OptimizerKernels.adam(h, t, pa, po + i0, ga, go + i0, ma, mo + i0, va, vo + i0, xa, xo + i0, len);
      });
    } else {
      double[] pa = cs(param).doubles();
      double[] ga = cs(g).doubles();
      double[] ma = cs(m).doubles();
      double[] va = cs(v).doubles();
      double[] xa = x == null ? null : cs(x).doubles();
      int po = param.offset();
      int go = g.offset();
      int mo = m.offset();
      int vo = v.offset();
      int xo = x == null ? 0 : x.offset();
      Cpu.parallelFor(blocks, 1, (b0, b1) -> {
        int i0 = b0 * ADAM_BLOCK;
        int len = Math.min(n, b1 * ADAM_BLOCK) - i0;
        OptimizerKernels.adam(h, t, pa, po + i0, ga, go + i0, ma, mo + i0, va, vo + i0, xa, xo + i0, len);
      });
    }
  }

  @Override
  public <K> K kernel(Class<K> type) {
    return type.cast(kernels.get(type));
  }

  @Override
  public <K> void registerKernel(Class<K> type, K implementation) {
    kernels.put(type, type.cast(implementation));
  }
}
