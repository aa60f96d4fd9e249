package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.cpu.Cpu;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.cpu.CpuContext;

/** Blocked GEMM, im2col convolution and pooling against naive reference loops (float32, multi-threaded). */
class KernelsVsNaiveTest {
  private final Rng rng = new Rng(3);
  /** Every test runs its kernels on 2 threads (the parallel paths; outside a context kernels run on 1). */
  private CpuContext cpu;
  private CpuContext.Scope inContext;

  @BeforeEach
  void enter() {
    cpu = CpuContext.open(2);
    inContext = cpu.enter();
  }

  @AfterEach
  void leave() {
    inContext.close();
    cpu.close();
  }

  private float[] randArray(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return a;
  }

  private static void close(float[] expected, float[] actual, double tol) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > tol * (1 + Math.abs(expected[i]))) {
        throw new AssertionError("index " + i + ": expected " + expected[i] + " got " + actual[i]);
      }
    }
  }

  @Test
  void gemmAllTransposesAcrossBlockBoundaries() {
    int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {67, 530, 261}, {130, 17, 513}, {2, 1030, 3}};
    for (int[] s : sizes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (int variant = 0; variant < 4; variant++) {
        boolean ta = (variant & 1) != 0;
        boolean tb = (variant & 2) != 0;
        int lda = (ta ? m : k) + 3;
        int ldb = (tb ? k : n) + 1;
        int ldc = n + 2;
        float[] a = randArray(5 + lda * (ta ? k : m));
        float[] b = randArray(7 + ldb * (tb ? n : k));
        float[] c = randArray(ldc * m + 4);
        float[] ref = c.clone();
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double acc = 0;
            for (int p = 0; p < k; p++) {
              float av = ta ? a[5 + p * lda + i] : a[5 + i * lda + p];
              float bv = tb ? b[7 + j * ldb + p] : b[7 + p * ldb + j];
              acc += (double) av * bv;
            }
            ref[4 + i * ldc + j] = (float) (0.5 * acc + 0.25 * ref[4 + i * ldc + j]);
          }
        }
        CpuBackend.INSTANCE.gemm(ta, tb, m, n, k, 0.5, Tensor.fromArray(a, a.length).storage(), 5, lda,
            Tensor.fromArray(b, b.length).storage(), 7, ldb, 0.25, Tensor.fromArray(c, c.length).storage(), 4, ldc);
        close(ref, c, 1e-4);
      }
    }
  }

  @Test
  void matmulIsIndependentOfThreadCount() {
    Tensor a = Init.randn(rng, 70, 300);
    Tensor b = Init.randn(rng, 300, 90);
    float[] one;
    float[] three;
    try (CpuContext c1 = CpuContext.open(1); CpuContext c3 = CpuContext.open(3)) {
      one = c1.call(() -> a.matmul(b).toFloatArray());
      three = c3.call(() -> {
        assertEquals(3, Cpu.threads());
        return a.matmul(b).toFloatArray();
      });
    }
    assertArrayEquals(one, three);
    assertEquals(2, Cpu.threads(), "the test's context again");
    assertThrows(IllegalArgumentException.class, () -> CpuContext.open(0));
  }

  /** Direct convolution (PyTorch definition). */
  private static float[] naiveConv(float[] x, int n, int c, int h, int w, float[] wt, int co, int kh, int kw,
      ConvParams p, int ho, int wo) {
    int g = p.groups();
    int cg = c / g;
    int cog = co / g;
    float[] out = new float[n * co * ho * wo];
    for (int s = 0; s < n; s++) {
      for (int o = 0; o < co; o++) {
        int gi = o / cog;
        for (int oh = 0; oh < ho; oh++) {
          for (int ow = 0; ow < wo; ow++) {
            double acc = 0;
            for (int ci = 0; ci < cg; ci++) {
              for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                  int ih = oh * p.strideH() - p.padH() + i * p.dilationH();
                  int iw = ow * p.strideW() - p.padW() + j * p.dilationW();
                  if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                    acc += x[((s * c + gi * cg + ci) * h + ih) * w + iw] * wt[((o * cg + ci) * kh + i) * kw + j];
                  }
                }
              }
            }
            out[((s * co + o) * ho + oh) * wo + ow] = (float) acc;
          }
        }
      }
    }
    return out;
  }

  @Test
  void weightGradientOfAFewInputChannelsMatchesNaiveSum() {
    // one input channel, 20 filters: c·kh·kw = 9 is short, so the weight gradient is computed transposed
    int n = 5;
    int co = 20;
    int h = 12;
    int w = 11;
    ConvParams p = ConvParams.of(1, 1, 1, 1);
    float[] x = randArray(n * h * w);
    float[] wt = randArray(co * 9);
    Tensor wtt = Tensor.fromArray(wt, co, 1, 3, 3).requiresGrad(true);
    Tensor y = NN.conv2d(Tensor.fromArray(x, n, 1, h, w), wtt, null, p);
    float[] r = randArray(y.numel());
    y.backward(Tensor.fromArray(r, y.shape()));
    float[] ref = new float[co * 9];
    for (int o = 0; o < co; o++) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          double acc = 0;
          for (int s = 0; s < n; s++) {
            for (int oh = 0; oh < h; oh++) {
              for (int ow = 0; ow < w; ow++) {
                int ih = oh - 1 + i;
                int iw = ow - 1 + j;
                if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                  acc += (double) r[((s * co + o) * h + oh) * w + ow] * x[(s * h + ih) * w + iw];
                }
              }
            }
          }
          ref[o * 9 + i * 3 + j] = (float) acc;
        }
      }
    }
    close(ref, wtt.grad().toFloatArray(), 1e-4);
  }

  @Test
  void batchedConvolutionGemmIsBitIdenticalToPerImageConvolution() {
    // 19 images take the multi-image GEMM path (several images per GEMM, a short last chunk); one image alone
    // takes the per-image path: forward outputs and input gradients must agree exactly
    int n = 19;
    int c = 8; // c·3·3 >= 64: the multi-image path
    int co = 7;
    int h = 10;
    int w = 9;
    for (ConvParams p : new ConvParams[] {ConvParams.of(1, 1, 1, 1), new ConvParams(2, 1, 1, 0, 2, 1, 1)}) {
      float[] x = randArray(n * c * h * w);
      float[] wt = randArray(co * c * 9);
      Tensor xt = Tensor.fromArray(x, n, c, h, w).requiresGrad(true);
      Tensor y = NN.conv2d(xt, Tensor.fromArray(wt, co, c, 3, 3), null, p);
      float[] r = randArray(y.numel());
      y.backward(Tensor.fromArray(r, y.shape()));
      float[] ya = y.toFloatArray();
      float[] gxa = xt.grad().toFloatArray();
      int per = c * h * w;
      int perOut = ya.length / n;
      for (int s = 0; s < n; s++) {
        Tensor xs = Tensor.fromArray(java.util.Arrays.copyOfRange(x, s * per, (s + 1) * per), 1, c, h, w)
            .requiresGrad(true);
        Tensor ys = NN.conv2d(xs, Tensor.fromArray(wt, co, c, 3, 3), null, p);
        ys.backward(Tensor.fromArray(java.util.Arrays.copyOfRange(r, s * perOut, (s + 1) * perOut), ys.shape()));
        assertArrayEquals(ys.toFloatArray(), java.util.Arrays.copyOfRange(ya, s * perOut, (s + 1) * perOut),
            "forward, image " + s + " " + p);
        assertArrayEquals(xs.grad().toFloatArray(), java.util.Arrays.copyOfRange(gxa, s * per, (s + 1) * per),
            "input gradient, image " + s + " " + p);
      }
    }
  }

  @Test
  void conv2dForwardAndBackwardMatchDirectConvolution() {
    ConvParams[] ps = {ConvParams.of(1, 1, 1, 1), new ConvParams(2, 1, 0, 2, 1, 2, 1), ConvParams.of(1, 0, 1, 2),
        ConvParams.of(2, 2, 2, 4)};
    int[][] ks = {{3, 3}, {3, 2}, {1, 1}, {3, 3}};
    for (int batch : new int[] {1, 5}) {
      for (int q = 0; q < ps.length; q++) {
        ConvParams p = ps[q];
        int c = 8;
        int co = 12;
        int h = 11;
        int w = 9;
        int kh = ks[q][0];
        int kw = ks[q][1];
        float[] x = randArray(batch * c * h * w);
        float[] wt = randArray(co * (c / p.groups()) * kh * kw);
        Tensor xt = Tensor.fromArray(x, batch, c, h, w).requiresGrad(true);
        Tensor wtt = Tensor.fromArray(wt, co, c / p.groups(), kh, kw).requiresGrad(true);
        Tensor y = NN.conv2d(xt, wtt, null, p);
        int ho = y.size(2);
        int wo = y.size(3);
        close(naiveConv(x, batch, c, h, w, wt, co, kh, kw, p, ho, wo), y.toFloatArray(), 1e-4);
        // backward: L = sum(y * r); dL/dx and dL/dw via finite structure: compare with the adjoint identity
        float[] r = randArray(y.numel());
        y.backward(Tensor.fromArray(r, y.shape()));
        float[] gx = xt.grad().toFloatArray();
        float[] gw = wtt.grad().toFloatArray();
        // <conv(x), r> is linear in x and w: check <gx, dx> = <conv(dx, w), r> and <gw, dw> = <conv(x, dw), r>
        float[] dx = randArray(x.length);
        float[] dw = randArray(wt.length);
        double lhsX = dot(gx, dx);
        double rhsX = dot(naiveConv(dx, batch, c, h, w, wt, co, kh, kw, p, ho, wo), r);
        double lhsW = dot(gw, dw);
        double rhsW = dot(naiveConv(x, batch, c, h, w, dw, co, kh, kw, p, ho, wo), r);
        assertEquals(rhsX, lhsX, 1e-3 * (1 + Math.abs(rhsX)), "grad x, case " + q);
        assertEquals(rhsW, lhsW, 1e-3 * (1 + Math.abs(rhsW)), "grad w, case " + q);
      }
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void poolingValues() {
    Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
    assertArrayEquals(new float[] {5, 7, 13, 15}, NN.maxPool2d(x, 2, 2, 0).toFloatArray());
    assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, NN.avgPool2d(x, 2, 2, 0).toFloatArray());
    assertArrayEquals(new float[] {7.5f}, NN.adaptiveAvgPool2d(x, 1, 1).toFloatArray());
    // adaptive 4 -> 3: windows [0,2) [1,3) [2,4)
    assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, NN.adaptiveAvgPool2d(x, 3, 3).slice(2, 0, 1).toFloatArray());
    // padded max pool: -inf padding never wins; avg counts padding as zeros
    assertArrayEquals(new float[] {0, 2, 3, 8, 10, 11, 12, 14, 15},
        NN.maxPool2d(x, PoolParams.of(2, 2, 1)).toFloatArray());
    assertEquals(0 / 4f, NN.avgPool2d(x, PoolParams.of(2, 2, 1)).get(0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> NN.maxPool2d(Tensor.zeros(4, 4), 2, 2, 0));
  }

  @Test
  void maxPool2x2FastPathMatchesNaiveScanWithTiesNaNsAndOddSizes() {
    int n = 3;
    int c = 5;
    int h = 7;
    int w = 9;
    float[] v = new float[n * c * h * w];
    for (int i = 0; i < v.length; i++) {
      double r = rng.nextDouble();
      // spikes (many ties), some NaNs, some -inf, otherwise random values
      v[i] = r < 0.5 ? (rng.nextDouble() < 0.5 ? 0f : 1f) : r < 0.55 ? Float.NaN
          : r < 0.6 ? Float.NEGATIVE_INFINITY : (float) (rng.nextDouble() * 2 - 1);
    }
    float[] g = randArray(n * c * 3 * 4);
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) { // the floating types
      Tensor x = Tensor.fromArray(v, n, c, h, w).to(dt).requiresGrad(true);
      Tensor y = NN.maxPool2d(x, 2, 2, 0);
      assertArrayEquals(new int[] {n, c, 3, 4}, y.shape());
      y.backward(Tensor.fromArray(g, n, c, 3, 4).to(dt));
      float[] got = y.toFloatArray();
      float[] gx = x.grad().toFloatArray();
      float[] refGx = new float[v.length];
      for (int q = 0; q < n * c; q++) {
        for (int oh = 0; oh < 3; oh++) {
          for (int ow = 0; ow < 4; ow++) {
            int bi = -1;
            for (int k = 0; k < 4 && (bi < 0 || !Float.isNaN(v[bi])); k++) {
              int idx = q * h * w + (2 * oh + k / 2) * w + 2 * ow + k % 2;
              if (bi < 0 || Float.isNaN(v[idx]) || v[idx] > v[bi]) {
                bi = idx;
              }
            }
            int o = (q * 3 + oh) * 4 + ow;
            assertEquals(v[bi], got[o], 0f, "output " + o + " " + dt);
            refGx[bi] += g[o];
          }
        }
      }
      assertArrayEquals(refGx, gx, 1e-6f, "gradient " + dt);
    }
  }

  @Test
  void softmaxAndCrossEntropyValues() {
    Tensor logits = Tensor.fromArray(new float[] {1, 2, 3, 1, 1, 1}, 2, 3);
    float[] sm = NN.softmax(logits, 1).toFloatArray();
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(new float[] {(float) (Math.E / z), (float) (Math.exp(2) / z), (float) (Math.exp(3) / z),
        1 / 3f, 1 / 3f, 1 / 3f}, sm, 1e-6f);
    double ce = NN.crossEntropy(logits, new int[] {2, 0}).item();
    double expected = (-(3 - Math.log(z)) + Math.log(3)) / 2;
    assertEquals(expected, ce, 1e-6);
    assertThrows(IllegalArgumentException.class, () -> NN.crossEntropy(logits, new int[] {3, 0}));
    // large logits stay finite
    Tensor big = Tensor.fromArray(new float[] {1000, 0}, 1, 2);
    assertEquals(0, NN.crossEntropy(big, new int[] {0}).item(), 1e-6);
  }

  @Test
  void initialisersFollowPytorchDefaults() {
    Tensor w = Tensor.zeros(128, 64, 3, 3);
    Init.torchDefault_(w, null, new Rng(1));
    double bound = 1 / Math.sqrt(64 * 9);
    float[] d = w.toFloatArray();
    double max = 0;
    double sum2 = 0;
    for (float v : d) {
      max = Math.max(max, Math.abs(v));
      sum2 += v * v;
    }
    assertTrue(max <= bound && max > 0.99 * bound, "max " + max + " bound " + bound);
    assertEquals(bound * bound / 3, sum2 / d.length, 0.02 * bound * bound);
    Tensor k = Init.kaimingNormal_(Tensor.zeros(DType.FLOAT64, 256, 100), 0, new Rng(2));
    assertEquals(2.0 / 100, k.square().mean().item(), 0.002);
    Tensor mask = Init.dropoutMask(new Rng(5), 0.25, DType.FLOAT32, 10000);
    double kept = mask.gt(0).sum().item();
    assertEquals(7500, kept, 200);
    assertEquals(1 / 0.75, mask.max().item(), 1e-6);
    assertArrayEquals(Init.randn(new Rng(9), 5).toFloatArray(), Init.randn(new Rng(9), 5).toFloatArray());
  }

  @Test
  void batchedMatmulOfManySmallMatricesMatchesPerMatrixProducts() {
    Tensor a = Init.randn(rng, 64, 5, 7);
    Tensor b = Init.randn(rng, 64, 7, 3);
    Tensor c = a.matmul(b);
    for (int i = 0; i < 64; i += 9) {
      close(a.select(0, i).matmul(b.select(0, i)).toFloatArray(), c.select(0, i).toFloatArray(), 1e-5);
    }
    float[] ref = new float[5 * 3];
    for (int r = 0; r < 5; r++) {
      for (int q = 0; q < 3; q++) {
        double s = 0;
        for (int p = 0; p < 7; p++) {
          s += a.get(63, r, p) * b.get(63, p, q);
        }
        ref[r * 3 + q] = (float) s;
      }
    }
    close(ref, c.select(0, 63).toFloatArray(), 1e-5);
  }
}
