package org.neurospark.snn.tensor.sealed;

import java.nio.ByteBuffer;
import org.neurospark.snn.neuron.dynamics.AnalogActivation;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.SnnTorchDynamics;
import org.neurospark.snn.neuron.kernels.CpuNeuronKernels;
import org.neurospark.snn.neuron.kernels.CpuNeuronModelKernels;
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
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.cpu.CpuStorage;

/**
 * A validation backend whose memory the host cannot read except through {@link #download}: it proves that a code
 * path (a layer, a loss, a whole training step) runs on a {@link Backend}'s tensors and does not reach for host
 * arrays, which is what a device backend (CUDA) needs, without needing a device.
 *
 * <p>Its storages are not {@link CpuStorage}, so {@link Tensor#floatData()}, {@code doubleData()},
 * {@code intData()} and {@code longData()} throw {@link IllegalStateException} on its tensors, and a storage of
 * another backend passed to its kernels is refused ({@link IllegalArgumentException}). Data cross the boundary only
 * through {@code upload} (host → backend: {@link Tensor#fromArray(Backend, float[], int...)}, {@link
 * Tensor#to(Backend)}) and {@code download} (backend → host: {@link Tensor#toFloatArray()}, {@link Tensor#item()});
 * both are counted ({@link #uploads()}, {@link #downloads()}, with their payload in {@link #uploadedBytes()} and
 * {@link #downloadedBytes()}), which is how tests and {@code snn bench train --backend sealed} measure the host
 * transfers of a training step.
 *
 * <p>Behind the seal every kernel is the CPU backend's ({@link CpuBackend#INSTANCE}) on the wrapped heap arrays,
 * the neuron kernels ({@link NeuronKernels}) too ({@link CpuNeuronKernels}, through {@link #kernel}): results are
 * equal bit for bit to the CPU's, on the CPU's threads ({@link org.neurospark.snn.tensor.cpu.CpuContext}), at the
 * CPU's speed. It is a test instrument, not a device: no memory is saved, and nothing is faster.
 *
 * <p>Each instance is its own device: tensors of two instances do not mix. The counters are plain fields, not
 * synchronised: an instance is meant for one training loop on one thread (kernels may still fan out on the CPU
 * context's threads; they do not touch the counters).
 */
public final class SealedBackend implements Backend {
  private final CpuBackend cpu = CpuBackend.INSTANCE;
  private long uploads;
  private long downloads;
  private long uploadedBytes;
  private long downloadedBytes;
  private long liveStorages;
  private long liveBytes;

  /** A new sealed device with zeroed counters. */
  public SealedBackend() {}

  /** Storage of this backend: a CPU storage the host is not handed. */
  private static final class SealedStorage extends Storage {
    private final SealedBackend owner;
    private final Storage inner;

    SealedStorage(SealedBackend owner, Storage inner) {
      super(inner.dtype(), inner.size());
      this.owner = owner;
      this.inner = inner;
      owner.liveStorages++;
      owner.liveBytes += bytes();
    }

    private long bytes() {
      return (long) size() * dtype().bytes();
    }

    /** Releases the wrapped storage and takes this one off the live counts. */
    @Override
    protected void releaseMemory() {
      inner.release();
      owner.liveStorages--;
      owner.liveBytes -= bytes();
    }

    @Override
    public Backend backend() {
      return owner;
    }
  }

  /** Number of {@code upload} calls (host → backend transfers) since creation or {@link #resetCounts()}. */
  public long uploads() {
    return uploads;
  }

  /** Number of {@code download} calls (backend → host transfers) since creation or {@link #resetCounts()}. */
  public long downloads() {
    return downloads;
  }

  /** Bytes uploaded (elements × {@link DType#bytes()}) since creation or {@link #resetCounts()}. */
  public long uploadedBytes() {
    return uploadedBytes;
  }

  /** Bytes downloaded (elements × {@link DType#bytes()}) since creation or {@link #resetCounts()}. */
  public long downloadedBytes() {
    return downloadedBytes;
  }

  /** {@link #uploads()} + {@link #downloads()}: the host transfers counted so far. */
  public long transfers() {
    return uploads + downloads;
  }

  /**
   * Storages of this backend allocated or uploaded and not yet {@link Storage#release() released} (a storage the
   * garbage collector dropped without a release still counts: a device would hold its memory until its cleaner
   * ran). Not reset by {@link #resetCounts()}.
   */
  public long liveStorages() {
    return liveStorages;
  }

  /** Bytes (elements × {@link DType#bytes()}) of the {@link #liveStorages()}. */
  public long liveBytes() {
    return liveBytes;
  }

  /** Sets every transfer counter to zero (not the live counts). */
  public void resetCounts() {
    uploads = 0;
    downloads = 0;
    uploadedBytes = 0;
    downloadedBytes = 0;
  }

  private Storage in(Storage s) {
    if (s == null) {
      return null;
    }
    if (!(s instanceof SealedStorage) || ((SealedStorage) s).owner != this) {
      throw new IllegalArgumentException("storage of backend " + s.backend().name() + " passed to sealed");
    }
    s.requireLive(null);
    return ((SealedStorage) s).inner;
  }

  private Tensor in(Tensor t) {
    return t == null ? null : new Tensor(in(t.storage()), t.shape(), t.strides(), t.offset());
  }

  private Storage seal(Storage s) {
    return new SealedStorage(this, s);
  }

  private Storage counted(Storage s) {
    uploads++;
    uploadedBytes += (long) s.size() * s.dtype().bytes();
    return seal(s);
  }

  private Tensor down(Tensor src) {
    downloads++;
    downloadedBytes += (long) src.numel() * src.dtype().bytes();
    return in(src);
  }

  /** {@code "sealed"}. */
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
    return counted(cpu.upload(src, off, len));
  }

  @Override
  public Storage upload(double[] src, int off, int len) {
    return counted(cpu.upload(src, off, len));
  }

  @Override
  public Storage upload(int[] src, int off, int len) {
    return counted(cpu.upload(src, off, len));
  }

  @Override
  public Storage upload(long[] src, int off, int len) {
    return counted(cpu.upload(src, off, len));
  }

  @Override
  public Storage upload(ByteBuffer src, DType dtype) {
    return counted(cpu.upload(src, dtype));
  }

  @Override
  public void download(Tensor src, float[] dst, int off) {
    cpu.download(down(src), dst, off);
  }

  @Override
  public void download(Tensor src, double[] dst, int off) {
    cpu.download(down(src), dst, off);
  }

  @Override
  public void download(Tensor src, int[] dst, int off) {
    cpu.download(down(src), dst, off);
  }

  @Override
  public void download(Tensor src, long[] dst, int off) {
    cpu.download(down(src), dst, off);
  }

  @Override
  public void download(Tensor src, ByteBuffer dst) {
    cpu.download(down(src), dst);
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

  /** Draws on the device: no transfer. */
  @Override
  public void bernoulli(long key, long offset, Tensor probs, Tensor out) {
    cpu.bernoulli(key, offset, in(probs), in(out));
  }

  /** Draws on the device: no transfer. */
  @Override
  public void dropoutMask(long key, long offset, double p, Tensor out) {
    cpu.dropoutMask(key, offset, p, in(out));
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

  /** The other neuron models' kernels: the CPU's on the wrapped storages. */
  private final NeuronModelKernels models = new NeuronModelKernels() {
    private final CpuNeuronModelKernels cpuModels = CpuNeuronModelKernels.INSTANCE;

    @Override
    public void klifForward(NeuronSpec spec, boolean scaleReset, Tensor k, Tensor x, Tensor vInit, Tensor spike,
        Tensor h, Tensor vSeq, Tensor vFinal) {
      cpuModels.klifForward(spec, scaleReset, in(k), in(x), in(vInit), in(spike), in(h), in(vSeq), in(vFinal));
    }

    @Override
    public void klifBackward(NeuronSpec spec, boolean scaleReset, Tensor k, Tensor h, Tensor vInit,
        Tensor gradSpike, Tensor gradVSeq, Tensor gradX, Tensor gradVInit, Tensor gradK) {
      cpuModels.klifBackward(spec, scaleReset, in(k), in(h), in(vInit), in(gradSpike), in(gradVSeq), in(gradX),
          in(gradVInit), in(gradK));
    }

    @Override
    public void liafForward(NeuronSpec spec, AnalogActivation act, float offset, Tensor x, Tensor vInit, Tensor y,
        Tensor h, Tensor vSeq, Tensor vFinal) {
      cpuModels.liafForward(spec, act, offset, in(x), in(vInit), in(y), in(h), in(vSeq), in(vFinal));
    }

    @Override
    public void liafBackward(NeuronSpec spec, AnalogActivation act, float offset, Tensor h, Tensor vInit,
        Tensor gradY, Tensor gradVSeq, Tensor gradX, Tensor gradVInit) {
      cpuModels.liafBackward(spec, act, offset, in(h), in(vInit), in(gradY), in(gradVSeq), in(gradX),
          in(gradVInit));
    }

    @Override
    public void izhikevichForward(NeuronSpec spec, IzhikevichDynamics dyn, Tensor x, Tensor vInit, Tensor wInit,
        Tensor spike, Tensor h, Tensor wPrev, Tensor vSeq, Tensor vFinal, Tensor wFinal) {
      cpuModels.izhikevichForward(spec, dyn, in(x), in(vInit), in(wInit), in(spike), in(h), in(wPrev), in(vSeq),
          in(vFinal), in(wFinal));
    }

    @Override
    public void izhikevichBackward(NeuronSpec spec, IzhikevichDynamics dyn, Tensor h, Tensor wPrev, Tensor vInit,
        Tensor gradSpike, Tensor gradVSeq, Tensor gradWFinal, Tensor gradX, Tensor gradVInit, Tensor gradWInit) {
      cpuModels.izhikevichBackward(spec, dyn, in(h), in(wPrev), in(vInit), in(gradSpike), in(gradVSeq),
          in(gradWFinal), in(gradX), in(gradVInit), in(gradWInit));
    }

    @Override
    public void snnTorchForward(SnnTorchDynamics d, Tensor beta, Tensor x, Tensor uInit, Tensor iInit,
        Tensor spike, Tensor uSeq, Tensor iFinal) {
      cpuModels.snnTorchForward(d, in(beta), in(x), in(uInit), in(iInit), in(spike), in(uSeq), in(iFinal));
    }

    @Override
    public void snnTorchBackward(SnnTorchDynamics d, Tensor beta, Tensor uSeq, Tensor uInit, Tensor gradSpike,
        Tensor gradUSeq, Tensor gradIFinal, Tensor gradX, Tensor gradUInit, Tensor gradIInit, Tensor gradBeta) {
      cpuModels.snnTorchBackward(d, in(beta), in(uSeq), in(uInit), in(gradSpike), in(gradUSeq), in(gradIFinal),
          in(gradX), in(gradUInit), in(gradIInit), in(gradBeta));
    }
  };

  /**
   * Provides {@link NeuronKernels} and {@link NeuronModelKernels} (delegating to the CPU's on the wrapped
   * storages); no other fused kernel.
   */
  @Override
  public <K> K kernel(Class<K> type) {
    if (type == NeuronKernels.class) {
      return type.cast(neurons);
    }
    return type == NeuronModelKernels.class ? type.cast(models) : null;
  }

  @Override
  public <K> void registerKernel(Class<K> type, K implementation) {
    throw new UnsupportedOperationException("the sealed backend has no fused-kernel registry");
  }
}
