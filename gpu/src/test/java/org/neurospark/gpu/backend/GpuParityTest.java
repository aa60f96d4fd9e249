package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neurospark.gpu.memory.AllocatorStats;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.tensor.AdamParams;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.BinaryOp;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.PoolParams;
import org.neurospark.snn.tensor.SgdParams;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.UnaryOp;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * Every op of {@link CudaBackend} against {@link CpuBackend} on the same inputs. Needs a CUDA device, cuBLAS and the
 * kernel images: skips visibly (with the reason) where {@link CudaBackend#open} fails, i.e. everywhere but a GPU
 * machine ({@code gpu/device-check.sh}).
 */
class GpuParityTest {
  @RegisterExtension
  static final CudaTestDevice DEVICE = new CudaTestDevice("no usable CUDA device, GPU parity test skipped");
  private static CudaBackend gpu;
  private static final Backend CPU = CpuBackend.INSTANCE;
  private final Random rnd = new Random(11);

  @BeforeAll
  static void open() {
    gpu = DEVICE.backend();
    if (gpu != null) {
      System.out.println("GpuParityTest on " + gpu.device().name() + " (sm_" + gpu.device().computeCapability() + ")");
    }
  }

  private float[] randn(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  private static Tensor t(Backend b, float[] d, int... shape) {
    return Tensor.fromArray(b, d.clone(), shape);
  }

  private static Tensor z(Backend b, int... shape) {
    return Tensor.zeros(b, DType.FLOAT32, shape);
  }

  private static void close(Tensor want, Tensor got, float tol, String what) {
    float[] w = want.toFloatArray();
    float[] g = got.toFloatArray();
    assertEquals(w.length, g.length, what + ": size");
    for (int i = 0; i < w.length; i++) {
      if (Float.isNaN(w[i])) {
        assertTrue(Float.isNaN(g[i]), what + "[" + i + "]: want NaN, got " + g[i]);
        continue;
      }
      assertEquals(w[i], g[i], tol * Math.max(1f, Math.abs(w[i])), what + "[" + i + "]");
    }
  }

  @Test
  void uploadDownloadEveryDtype() {
    float[] f = randn(37);
    assertArrayEquals(f, t(gpu, f, 37).toFloatArray());
    double[] d = {1.5, -2.25, Math.PI};
    assertArrayEquals(d, Tensor.fromArray(gpu, d, 3).toDoubleArray());
    int[] i = {1, -7, Integer.MAX_VALUE};
    assertArrayEquals(i, Tensor.fromArray(gpu, i, 3).toIntArray());
    long[] l = {Long.MIN_VALUE, 3, 1L << 40};
    assertArrayEquals(l, Tensor.fromArray(gpu, l, 3).toLongArray());
    ByteBuffer bb = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
    bb.putFloat(1f).putFloat(-2f).putFloat(0.5f).flip();
    Tensor u = new Tensor(gpu.upload(bb, DType.FLOAT32), new int[] {3}, new int[] {1}, 0);
    assertEquals(12, bb.position());
    assertArrayEquals(new float[] {1f, -2f, 0.5f}, u.toFloatArray());
    ByteBuffer out = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    gpu.download(u, out);
    assertEquals(12, out.position());
    assertEquals(-2f, out.getFloat(4));
  }

  @Test
  void copyConvertsAndFollowsStrides() {
    float[] a = {1.7f, -1.7f, Float.NaN, 3e9f, -3e9f, 0.5f};
    for (DType to : DType.values()) {
      Tensor c = Tensor.zeros(CPU, to, 6);
      Tensor g = Tensor.zeros(gpu, to, 6);
      CPU.copy(t(CPU, a, 6), c);
      gpu.copy(t(gpu, a, 6), g);
      assertArrayEquals(c.toDoubleArray(), g.toDoubleArray(), "float32 -> " + to);
    }
    long[] big = {(1L << 53) + 1, -5};
    Tensor cl = Tensor.zeros(CPU, DType.FLOAT32, 2);
    Tensor gl = Tensor.zeros(gpu, DType.FLOAT32, 2);
    CPU.copy(Tensor.fromArray(CPU, big, 2), cl);
    gpu.copy(Tensor.fromArray(gpu, big, 2), gl);
    assertArrayEquals(cl.toFloatArray(), gl.toFloatArray(), "int64 -> float32 rounds once");
    float[] m = randn(12);
    Tensor src = t(gpu, m, 3, 4);
    Tensor tr = new Tensor(src.storage(), new int[] {4, 3}, new int[] {1, 4}, 0);
    Tensor dst = z(gpu, 4, 3);
    gpu.copy(tr, dst);
    Tensor want = z(CPU, 4, 3);
    CPU.copy(new Tensor(t(CPU, m, 3, 4).storage(), new int[] {4, 3}, new int[] {1, 4}, 0), want);
    close(want, dst, 0, "transpose copy");
    Tensor f = z(gpu, 2, 3);
    gpu.fill(new Tensor(f.storage(), new int[] {2}, new int[] {3}, 1), 4.5);
    assertArrayEquals(new float[] {0, 4.5f, 0, 0, 4.5f, 0}, f.toFloatArray());
  }

  @Test
  void everyUnaryOp() {
    float[] a = randn(257);
    a[0] = 0f;
    a[1] = -0f;
    a[2] = Float.NaN;
    float[] pos = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      pos[i] = Math.abs(a[i]) + 0.1f;
    }
    for (UnaryOp op : UnaryOp.values()) {
      boolean needsPositive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW_SCALAR;
      float[] in = needsPositive ? pos : a;
      double p = op == UnaryOp.POW_SCALAR ? 1.7 : 0.3;
      Tensor c = z(CPU, 257);
      Tensor g = z(gpu, 257);
      CPU.unary(op, p, t(CPU, in, 257), c);
      gpu.unary(op, p, t(gpu, in, 257), g);
      close(c, g, 1e-6f, op.name());
    }
  }

  @Test
  void everyBinaryOpWithBroadcasting() {
    float[] a = randn(24);
    float[] b = randn(4);
    b[0] = a[0];
    for (BinaryOp op : BinaryOp.values()) {
      float[] aa = a.clone();
      if (op == BinaryOp.POW) {
        for (int i = 0; i < aa.length; i++) {
          aa[i] = Math.abs(aa[i]) + 0.1f;
        }
      }
      Tensor c = z(CPU, 2, 3, 4);
      Tensor g = z(gpu, 2, 3, 4);
      int[] bs = {0, 0, 1};
      CPU.binary(op, t(CPU, aa, 2, 3, 4), new Tensor(t(CPU, b, 4).storage(), new int[] {2, 3, 4}, bs, 0), c);
      gpu.binary(op, t(gpu, aa, 2, 3, 4), new Tensor(t(gpu, b, 4).storage(), new int[] {2, 3, 4}, bs, 0), g);
      close(c, g, 1e-6f, op.name());
    }
  }

  @Test
  void sumsMaxAndSoftmax() {
    float[] a = randn(2 * 3 * 5 * 7);
    for (int[] dims : new int[][] {{0}, {1}, {3}, {0, 2}, {1, 3}, {0, 1, 2, 3}}) {
      int[] os = {2, 3, 5, 7};
      for (int d : dims) {
        os[d] = 1;
      }
      Tensor c = z(CPU, os);
      Tensor g = z(gpu, os);
      CPU.sum(t(CPU, a, 2, 3, 5, 7), dims, c);
      gpu.sum(t(gpu, a, 2, 3, 5, 7), dims, g);
      close(c, g, 1e-5f, "sum over " + java.util.Arrays.toString(dims));
    }
    for (int dim = 0; dim < 3; dim++) {
      int[] os = {4, 5, 6};
      os[dim] = 1;
      float[] x = randn(120);
      Tensor c = z(CPU, os);
      Tensor g = z(gpu, os);
      Tensor ca = Tensor.zeros(CPU, DType.INT32, os);
      Tensor ga = Tensor.zeros(gpu, DType.INT32, os);
      CPU.max(t(CPU, x, 4, 5, 6), dim, c, ca);
      gpu.max(t(gpu, x, 4, 5, 6), dim, g, ga);
      close(c, g, 0, "max dim " + dim);
      assertArrayEquals(ca.toIntArray(), ga.toIntArray(), "argmax dim " + dim);
    }
    for (boolean log : new boolean[] {false, true}) {
      float[] x = randn(6 * 300);
      Tensor c = z(CPU, 6, 300);
      Tensor g = z(gpu, 6, 300);
      CPU.softmax(t(CPU, x, 6, 300), log, c);
      gpu.softmax(t(gpu, x, 6, 300), log, g);
      close(c, g, 1e-5f, "softmax log=" + log);
      float[] go = randn(6 * 300);
      Tensor cb = z(CPU, 6, 300);
      Tensor gb = z(gpu, 6, 300);
      CPU.softmaxBackward(t(CPU, go, 6, 300), c, log, cb);
      gpu.softmaxBackward(t(gpu, go, 6, 300), g, log, gb);
      close(cb, gb, 1e-5f, "softmax backward log=" + log);
    }
  }

  @Test
  void indexOps() {
    float[] src = randn(3 * 5);
    int[] idx = {4, 4, 0, 2, 1, 3};
    Tensor c = z(CPU, 3, 2);
    Tensor g = z(gpu, 3, 2);
    CPU.gather(t(CPU, src, 3, 5), 1, Tensor.fromArray(CPU, idx, 3, 2), c);
    gpu.gather(t(gpu, src, 3, 5), 1, Tensor.fromArray(gpu, idx, 3, 2), g);
    close(c, g, 0, "gather");
    Tensor cs = t(CPU, src, 3, 5);
    Tensor gs = t(gpu, src, 3, 5);
    float[] vals = {1, 2, 3, 4, 5, 6};
    CPU.scatter(cs, 1, Tensor.fromArray(CPU, idx, 3, 2), t(CPU, vals, 3, 2));
    gpu.scatter(gs, 1, Tensor.fromArray(gpu, idx, 3, 2), t(gpu, vals, 3, 2));
    close(cs, gs, 0, "scatter (repeated index: last write wins)");
    CPU.scatterAdd(cs, 1, Tensor.fromArray(CPU, idx, 3, 2), t(CPU, vals, 3, 2));
    gpu.scatterAdd(gs, 1, Tensor.fromArray(gpu, idx, 3, 2), t(gpu, vals, 3, 2));
    close(cs, gs, 1e-6f, "scatterAdd");
    long[] labels = {2, 0, 9, 4};
    Tensor co = z(CPU, 4, 10);
    Tensor gonehot = z(gpu, 4, 10);
    CPU.oneHot(Tensor.fromArray(CPU, labels, 4), 10, co);
    gpu.oneHot(Tensor.fromArray(gpu, labels, 4), 10, gonehot);
    close(co, gonehot, 0, "oneHot");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> gpu.gather(t(gpu, src, 3, 5), 1, Tensor.fromArray(gpu, new int[] {5, 0, 0, 0, 0, 0}, 3, 2),
            z(gpu, 3, 2)));
    assertTrue(e.getMessage().contains("outside"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> gpu.oneHot(Tensor.fromArray(gpu, new long[] {10}, 1), 10, z(gpu, 1, 10)));
  }

  @Test
  void gemmAllTransposesAndBatched() {
    int m = 37;
    int n = 29;
    int k = 41;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] a = randn(m * k + 3);
        float[] b = randn(k * n + 5);
        float[] c0 = randn(m * n + 2);
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        Tensor cc = t(CPU, c0, c0.length);
        Tensor gc = t(gpu, c0, c0.length);
        CPU.gemm(ta, tb, m, n, k, 0.7, t(CPU, a, a.length).storage(), 3, lda, t(CPU, b, b.length).storage(), 5,
            ldb, 0.3, cc.storage(), 2, n);
        gpu.gemm(ta, tb, m, n, k, 0.7, t(gpu, a, a.length).storage(), 3, lda, t(gpu, b, b.length).storage(), 5,
            ldb, 0.3, gc.storage(), 2, n);
        close(cc, gc, 1e-4f, "gemm ta=" + ta + " tb=" + tb);
      }
    }
    int batch = 3;
    float[] a = randn(batch * m * k);
    float[] b = randn(batch * k * n);
    Tensor cc = z(CPU, batch * m * n);
    Tensor gc = z(gpu, batch * m * n);
    CPU.gemmBatched(false, true, batch, m, n, k, 1, t(CPU, a, a.length).storage(), 0, k, m * k,
        t(CPU, b, b.length).storage(), 0, k, k * n, 0, cc.storage(), 0, n, m * n);
    gpu.gemmBatched(false, true, batch, m, n, k, 1, t(gpu, a, a.length).storage(), 0, k, m * k,
        t(gpu, b, b.length).storage(), 0, k, k * n, 0, gc.storage(), 0, n, m * n);
    close(cc, gc, 1e-4f, "gemmBatched");
  }

  @Test
  void convolutionForwardAndBackward() {
    for (ConvParams p : new ConvParams[] {ConvParams.of(1, 1, 1, 1), ConvParams.of(2, 0, 1, 1),
        new ConvParams(1, 2, 2, 1, 2, 1, 2)}) {
      int n = 3, c = 4, h = 9, w = 8, co = 6, kh = 3, kw = 3;
      int ho = ConvParams.outSize(h, kh, p.strideH(), p.padH(), p.dilationH());
      int wo = ConvParams.outSize(w, kw, p.strideW(), p.padW(), p.dilationW());
      float[] x = randn(n * c * h * w);
      float[] wt = randn(co * (c / p.groups()) * kh * kw);
      Tensor co1 = z(CPU, n, co, ho, wo);
      Tensor go1 = z(gpu, n, co, ho, wo);
      CPU.conv2d(t(CPU, x, n, c, h, w), t(CPU, wt, co, c / p.groups(), kh, kw), p, co1);
      gpu.conv2d(t(gpu, x, n, c, h, w), t(gpu, wt, co, c / p.groups(), kh, kw), p, go1);
      close(co1, go1, 1e-4f, "conv2d " + p);
      float[] gout = randn(n * co * ho * wo);
      Tensor cgx = z(CPU, n, c, h, w);
      Tensor ggx = z(gpu, n, c, h, w);
      CPU.conv2dBackwardInput(t(CPU, gout, n, co, ho, wo), t(CPU, wt, co, c / p.groups(), kh, kw), p, cgx);
      gpu.conv2dBackwardInput(t(gpu, gout, n, co, ho, wo), t(gpu, wt, co, c / p.groups(), kh, kw), p, ggx);
      close(cgx, ggx, 1e-4f, "conv2d backward input " + p);
      Tensor cgw = z(CPU, co, c / p.groups(), kh, kw);
      Tensor ggw = z(gpu, co, c / p.groups(), kh, kw);
      CPU.conv2dBackwardWeight(t(CPU, gout, n, co, ho, wo), t(CPU, x, n, c, h, w), p, cgw);
      gpu.conv2dBackwardWeight(t(gpu, gout, n, co, ho, wo), t(gpu, x, n, c, h, w), p, ggw);
      close(cgw, ggw, 1e-4f, "conv2d backward weight " + p);
    }
  }

  @Test
  void pooling() {
    int n = 2, c = 3, h = 9, w = 7;
    float[] x = randn(n * c * h * w);
    for (PoolParams p : new PoolParams[] {PoolParams.of(2, 2, 0), PoolParams.of(3, 2, 1)}) {
      int ho = (h + 2 * p.padH() - p.kernelH()) / p.strideH() + 1;
      int wo = (w + 2 * p.padW() - p.kernelW()) / p.strideW() + 1;
      Tensor co = z(CPU, n, c, ho, wo);
      Tensor go = z(gpu, n, c, ho, wo);
      Tensor ca = Tensor.zeros(CPU, DType.INT32, n, c, ho, wo);
      Tensor ga = Tensor.zeros(gpu, DType.INT32, n, c, ho, wo);
      CPU.maxPool2d(t(CPU, x, n, c, h, w), p, co, ca);
      gpu.maxPool2d(t(gpu, x, n, c, h, w), p, go, ga);
      close(co, go, 0, "maxPool2d " + p);
      assertArrayEquals(ca.toIntArray(), ga.toIntArray(), "maxPool2d argmax " + p);
      float[] g = randn(n * c * ho * wo);
      Tensor cgx = z(CPU, n, c, h, w);
      Tensor ggx = z(gpu, n, c, h, w);
      CPU.maxPool2dBackward(t(CPU, g, n, c, ho, wo), ca, cgx);
      gpu.maxPool2dBackward(t(gpu, g, n, c, ho, wo), ga, ggx);
      close(cgx, ggx, 1e-6f, "maxPool2d backward " + p);
      CPU.avgPool2d(t(CPU, x, n, c, h, w), p, co);
      gpu.avgPool2d(t(gpu, x, n, c, h, w), p, go);
      close(co, go, 1e-6f, "avgPool2d " + p);
      CPU.avgPool2dBackward(t(CPU, g, n, c, ho, wo), p, cgx);
      gpu.avgPool2dBackward(t(gpu, g, n, c, ho, wo), p, ggx);
      close(cgx, ggx, 1e-6f, "avgPool2d backward " + p);
    }
    Tensor co = z(CPU, n, c, 4, 3);
    Tensor go = z(gpu, n, c, 4, 3);
    CPU.adaptiveAvgPool2d(t(CPU, x, n, c, h, w), co);
    gpu.adaptiveAvgPool2d(t(gpu, x, n, c, h, w), go);
    close(co, go, 1e-6f, "adaptiveAvgPool2d");
    float[] g = randn(n * c * 12);
    Tensor cgx = z(CPU, n, c, h, w);
    Tensor ggx = z(gpu, n, c, h, w);
    CPU.adaptiveAvgPool2dBackward(t(CPU, g, n, c, 4, 3), cgx);
    gpu.adaptiveAvgPool2dBackward(t(gpu, g, n, c, 4, 3), ggx);
    close(cgx, ggx, 1e-6f, "adaptiveAvgPool2d backward");
  }

  @Test
  void batchNormOverTn() {
    int n = 16, c = 5, s = 36; // [T*N, C, H*W]
    float[] x = randn(n * c * s);
    Tensor cm = z(CPU, c);
    Tensor cv = z(CPU, c);
    Tensor gm = z(gpu, c);
    Tensor gv = z(gpu, c);
    CPU.batchNormStats(t(CPU, x, n, c, 6, 6), cm, cv);
    gpu.batchNormStats(t(gpu, x, n, c, 6, 6), gm, gv);
    close(cm, gm, 1e-6f, "bn mean");
    close(cv, gv, 1e-6f, "bn var");
    float[] inv = new float[c];
    float[] cvv = cv.toFloatArray();
    for (int i = 0; i < c; i++) {
      inv[i] = (float) (1 / Math.sqrt(cvv[i] + 1e-5));
    }
    float[] wt = randn(c);
    float[] bias = randn(c);
    Tensor co = z(CPU, n, c, 6, 6);
    Tensor go = z(gpu, n, c, 6, 6);
    CPU.batchNormApply(t(CPU, x, n, c, 6, 6), cm, t(CPU, inv, c), t(CPU, wt, c), t(CPU, bias, c), co);
    gpu.batchNormApply(t(gpu, x, n, c, 6, 6), gm, t(gpu, inv, c), t(gpu, wt, c), t(gpu, bias, c), go);
    close(co, go, 1e-6f, "bn apply");
    float[] g = randn(n * c * s);
    for (boolean batchStats : new boolean[] {true, false}) {
      Tensor cgx = z(CPU, n, c, 6, 6);
      Tensor ggx = z(gpu, n, c, 6, 6);
      Tensor cgw = z(CPU, c);
      Tensor ggw = z(gpu, c);
      Tensor cgb = z(CPU, c);
      Tensor ggb = z(gpu, c);
      CPU.batchNormBackward(t(CPU, g, n, c, 6, 6), t(CPU, x, n, c, 6, 6), cm, t(CPU, inv, c), t(CPU, wt, c),
          batchStats, cgx, cgw, cgb);
      gpu.batchNormBackward(t(gpu, g, n, c, 6, 6), t(gpu, x, n, c, 6, 6), gm, t(gpu, inv, c), t(gpu, wt, c),
          batchStats, ggx, ggw, ggb);
      close(cgx, ggx, 1e-5f, "bn backward gx stats=" + batchStats);
      close(cgw, ggw, 1e-5f, "bn backward gw");
      close(cgb, ggb, 1e-5f, "bn backward gb");
    }
  }

  @Test
  void fusedOptimizersMatchBitForBit() {
    int n = 1000;
    float[] p = randn(n);
    float[] g = randn(n);
    AdamParams h = new AdamParams(1e-3, 0.9, 0.999, 1e-8, 0.01, true);
    Tensor cp = t(CPU, p, n);
    Tensor gp = t(gpu, p, n);
    Tensor cm = z(CPU, n);
    Tensor gm = z(gpu, n);
    Tensor cv = z(CPU, n);
    Tensor gv = z(gpu, n);
    Tensor cx = z(CPU, n);
    Tensor gx = z(gpu, n);
    for (long step = 1; step <= 3; step++) {
      CPU.adamUpdate(h, step, cp, t(CPU, g, n), cm, cv, cx);
      gpu.adamUpdate(h, step, gp, t(gpu, g, n), gm, gv, gx);
    }
    close(cp, gp, 0, "adam param");
    close(cv, gv, 0, "adam exp_avg_sq");
    SgdParams s = new SgdParams(0.1, 0.9, 0, 1e-4, true);
    Tensor cb = z(CPU, n);
    Tensor gb = z(gpu, n);
    for (int step = 0; step < 3; step++) {
      CPU.sgdUpdate(s, cp, t(CPU, g, n), cb, step == 0);
      gpu.sgdUpdate(s, gp, t(gpu, g, n), gb, step == 0);
    }
    close(cp, gp, 0, "sgd param");
  }

  @Test
  void dropoutMaskEqualsTheHostPhiloxStream() {
    int n = 10_001;
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor m = Tensor.zeros(gpu, dt, n);
      gpu.dropoutMask(1234, 5, 0.3, m);
      Tensor want = Tensor.zeros(CpuBackend.INSTANCE, dt, n);
      CpuBackend.INSTANCE.dropoutMask(1234, 5, 0.3, want);
      assertArrayEquals(want.toDoubleArray(), m.toDoubleArray(), dt.toString());
    }
  }

  @Test
  void bernoulliEqualsTheHostPhiloxStream() {
    int n = 10_001;
    float[] probs = new float[n];
    for (int i = 0; i < n; i++) {
      probs[i] = (i % 13) / 12f;
    }
    Tensor out = Tensor.zeros(gpu, DType.FLOAT32, 3, n);
    // a stride-0 view, as the Poisson encoder passes: made contiguous on the device
    gpu.bernoulli(77, 9, t(gpu, probs, n).unsqueeze(0).expand(3, n), out);
    Tensor want = Tensor.zeros(CpuBackend.INSTANCE, DType.FLOAT32, 3, n);
    CpuBackend.INSTANCE.bernoulli(77, 9, t(CPU, probs, n).unsqueeze(0).expand(3, n), want);
    assertArrayEquals(want.toFloatArray(), out.toFloatArray());
  }

  @Test
  void allocatorReusesFreedStoragesAndNeuronHookIsRegistered() {
    AllocatorStats before = gpu.memoryStats();
    for (int i = 0; i < 50; i++) {
      z(gpu, 1000);
    }
    System.gc();
    for (int i = 0; i < 50; i++) {
      z(gpu, 1000);
    }
    AllocatorStats after = gpu.memoryStats();
    assertTrue(after.allocations() - before.allocations() >= 100);
    System.out.println("allocator: " + after);
    NeuronKernels k = gpu.kernel(NeuronKernels.class);
    assertNotNull(k);
    assertTrue(k instanceof CudaNeuronKernels, k.getClass().getName());
    assertTrue(((CudaNeuronKernels) k).backend() == gpu);
  }
}
