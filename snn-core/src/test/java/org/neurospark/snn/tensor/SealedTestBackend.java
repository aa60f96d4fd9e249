package org.neurospark.snn.tensor;

import java.nio.ByteBuffer;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.CpuNeuronKernels;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.cpu.CpuStorage;

/**
 * A test backend whose storages the host cannot read except through {@link #download}: its storages are not
 * {@link CpuStorage} (so {@link Tensor#floatData()} and friends throw), its kernels run the CPU kernels on the
 * wrapped arrays (the neuron kernels too, through {@link #kernel}), and it counts the transfers across its boundary. Tests use it to prove that a code path stays
 * on the backend: zero downloads until the result is read.
 */
public final class SealedTestBackend implements Backend {
  private final CpuBackend cpu = CpuBackend.INSTANCE;
  private int uploads;
  private int downloads;

  /** Storage of this backend: a CPU storage the host is not handed. */
  static final class SealedStorage extends Storage {
    private final SealedTestBackend owner;
    private final Storage inner;

    SealedStorage(SealedTestBackend owner, Storage inner) {
      super(inner.dtype(), inner.size());
      this.owner = owner;
      this.inner = inner;
    }

    @Override
    public Backend backend() {
      return owner;
    }
  }

  /** Uploads so far. */
  public int uploads() {
    return uploads;
  }

  /** Downloads so far. */
  public int downloads() {
    return downloads;
  }

  /** Resets both counters. */
  public void resetCounts() {
    uploads = 0;
    downloads = 0;
  }

  private Storage in(Storage s) {
    if (s == null) {
      return null;
    }
    if (!(s instanceof SealedStorage) || ((SealedStorage) s).owner != this) {
      throw new IllegalArgumentException("storage of backend " + s.backend().name() + " passed to sealed");
    }
    return ((SealedStorage) s).inner;
  }

  private Tensor in(Tensor t) {
    return t == null ? null : new Tensor(in(t.storage()), t.shape(), t.strides(), t.offset());
  }

  private Storage seal(Storage s) {
    return new SealedStorage(this, s);
  }

  @Override
  public String name() {
    return "sealed";
  }

  @Override
  public Storage allocate(DType dtype, int size) {
    return seal(cpu.allocate(dtype, size));
  }

  @Override
  public Storage upload(float[] src, int off, int len) {
    uploads++;
    return seal(cpu.upload(src, off, len));
  }

  @Override
  public Storage upload(double[] src, int off, int len) {
    uploads++;
    return seal(cpu.upload(src, off, len));
  }

  @Override
  public Storage upload(int[] src, int off, int len) {
    uploads++;
    return seal(cpu.upload(src, off, len));
  }

  @Override
  public Storage upload(long[] src, int off, int len) {
    uploads++;
    return seal(cpu.upload(src, off, len));
  }

  @Override
  public Storage upload(ByteBuffer src, DType dtype) {
    uploads++;
    return seal(cpu.upload(src, dtype));
  }

  @Override
  public void download(Tensor src, float[] dst, int off) {
    downloads++;
    cpu.download(in(src), dst, off);
  }

  @Override
  public void download(Tensor src, double[] dst, int off) {
    downloads++;
    cpu.download(in(src), dst, off);
  }

  @Override
  public void download(Tensor src, int[] dst, int off) {
    downloads++;
    cpu.download(in(src), dst, off);
  }

  @Override
  public void download(Tensor src, long[] dst, int off) {
    downloads++;
    cpu.download(in(src), dst, off);
  }

  @Override
  public void download(Tensor src, ByteBuffer dst) {
    downloads++;
    cpu.download(in(src), dst);
  }

  @Override
  public void copy(Tensor src, Tensor dst) {
    cpu.copy(in(src), in(dst));
  }

  @Override
  public void fill(Tensor dst, double value) {
    cpu.fill(in(dst), value);
  }

  @Override
  public void unary(UnaryOp op, double param, Tensor a, Tensor out) {
    cpu.unary(op, param, in(a), in(out));
  }

  @Override
  public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    cpu.binary(op, in(a), in(b), in(out));
  }

  @Override
  public void sum(Tensor a, int[] dims, Tensor out) {
    cpu.sum(in(a), dims, in(out));
  }

  @Override
  public void max(Tensor a, int dim, Tensor out, Tensor argmax) {
    cpu.max(in(a), dim, in(out), in(argmax));
  }

  @Override
  public void gather(Tensor src, int dim, Tensor index, Tensor out) {
    cpu.gather(in(src), dim, in(index), in(out));
  }

  @Override
  public void scatter(Tensor dst, int dim, Tensor index, Tensor src) {
    cpu.scatter(in(dst), dim, in(index), in(src));
  }

  @Override
  public void scatterAdd(Tensor dst, int dim, Tensor index, Tensor src) {
    cpu.scatterAdd(in(dst), dim, in(index), in(src));
  }

  @Override
  public void oneHot(Tensor labels, int numClasses, Tensor out) {
    cpu.oneHot(in(labels), numClasses, in(out));
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Storage a, int offA, int lda,
      Storage b, int offB, int ldb, double beta, Storage c, int offC, int ldc) {
    cpu.gemm(transA, transB, m, n, k, alpha, in(a), offA, lda, in(b), offB, ldb, beta, in(c), offC, ldc);
  }

  @Override
  public void gemmBatched(boolean transA, boolean transB, int batch, int m, int n, int k, double alpha, Storage a,
      int offA, int lda, int strideA, Storage b, int offB, int ldb, int strideB, double beta, Storage c, int offC,
      int ldc, int strideC) {
    cpu.gemmBatched(transA, transB, batch, m, n, k, alpha, in(a), offA, lda, strideA, in(b), offB, ldb, strideB,
        beta, in(c), offC, ldc, strideC);
  }

  @Override
  public void conv2d(Tensor x, Tensor w, ConvParams p, Tensor out) {
    cpu.conv2d(in(x), in(w), p, in(out));
  }

  @Override
  public void conv2dBackwardInput(Tensor gradOut, Tensor w, ConvParams p, Tensor gradX) {
    cpu.conv2dBackwardInput(in(gradOut), in(w), p, in(gradX));
  }

  @Override
  public void conv2dBackwardWeight(Tensor gradOut, Tensor x, ConvParams p, Tensor gradW) {
    cpu.conv2dBackwardWeight(in(gradOut), in(x), p, in(gradW));
  }

  @Override
  public void maxPool2d(Tensor x, PoolParams p, Tensor out, Tensor argmax) {
    cpu.maxPool2d(in(x), p, in(out), in(argmax));
  }

  @Override
  public void maxPool2dBackward(Tensor gradOut, Tensor argmax, Tensor gradX) {
    cpu.maxPool2dBackward(in(gradOut), in(argmax), in(gradX));
  }

  @Override
  public void avgPool2d(Tensor x, PoolParams p, Tensor out) {
    cpu.avgPool2d(in(x), p, in(out));
  }

  @Override
  public void avgPool2dBackward(Tensor gradOut, PoolParams p, Tensor gradX) {
    cpu.avgPool2dBackward(in(gradOut), p, in(gradX));
  }

  @Override
  public void adaptiveAvgPool2d(Tensor x, Tensor out) {
    cpu.adaptiveAvgPool2d(in(x), in(out));
  }

  @Override
  public void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradX) {
    cpu.adaptiveAvgPool2dBackward(in(gradOut), in(gradX));
  }

  @Override
  public void softmax(Tensor a, boolean log, Tensor out) {
    cpu.softmax(in(a), log, in(out));
  }

  @Override
  public void softmaxBackward(Tensor gradOut, Tensor y, boolean log, Tensor gradX) {
    cpu.softmaxBackward(in(gradOut), in(y), log, in(gradX));
  }

  @Override
  public void batchNormStats(Tensor x, Tensor mean, Tensor var) {
    cpu.batchNormStats(in(x), in(mean), in(var));
  }

  @Override
  public void batchNormApply(Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias, Tensor out) {
    cpu.batchNormApply(in(x), in(mean), in(invstd), in(weight), in(bias), in(out));
  }

  @Override
  public void batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invstd, Tensor weight,
      boolean batchStats, Tensor gradX, Tensor gradWeight, Tensor gradBias) {
    cpu.batchNormBackward(in(gradOut), in(x), in(mean), in(invstd), in(weight), batchStats, in(gradX),
        in(gradWeight), in(gradBias));
  }

  @Override
  public void sgdUpdate(SgdParams h, Tensor param, Tensor grad, Tensor momentumBuffer, boolean firstStep) {
    cpu.sgdUpdate(h, in(param), in(grad), in(momentumBuffer), firstStep);
  }

  @Override
  public void adamUpdate(AdamParams h, long t, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
      Tensor maxExpAvgSq) {
    cpu.adamUpdate(h, t, in(param), in(grad), in(expAvg), in(expAvgSq), in(maxExpAvgSq));
  }

  /** The neuron kernels: the CPU's on the wrapped storages (no transfer, like a device's own kernels). */
  private final NeuronKernels neurons = new NeuronKernels() {
    @Override
    public void forward(NeuronSpec spec, Tensor theta, Tensor x, Tensor vInit, Tensor spike, Tensor h, Tensor vSeq,
        Tensor vFinal) {
      CpuNeuronKernels.INSTANCE.forward(spec, in(theta), in(x), in(vInit), in(spike), in(h), in(vSeq), in(vFinal));
    }

    @Override
    public void backward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradSpike, Tensor gradVSeq,
        Tensor gradVFinal, Tensor gradX, Tensor gradVInit, Tensor gradTheta) {
      CpuNeuronKernels.INSTANCE.backward(spec, in(theta), in(h), in(vInit), in(gradSpike), in(gradVSeq),
          in(gradVFinal), in(gradX), in(gradVInit), in(gradTheta));
    }
  };

  /** Provides {@link NeuronKernels} (delegating to the CPU's on the wrapped storages); no other fused kernel. */
  @Override
  public <K> K kernel(Class<K> type) {
    return type == NeuronKernels.class ? type.cast(neurons) : null;
  }

  @Override
  public <K> void registerKernel(Class<K> type, K implementation) {
    throw new UnsupportedOperationException("the sealed test backend has no fused-kernel registry");
  }
}
