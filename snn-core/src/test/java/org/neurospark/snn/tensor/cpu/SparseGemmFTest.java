package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Tensor;

/**
 * The sparse-operand GEMM against a naive double-precision product and against the dense GEMM's path choice: sparse
 * binary and non-binary operands (spikes, spikes through dropout, signed values), every transpose combination, a
 * sparse A or a sparse B, beta 0 (over NaN), 1 and ½, offsets and padded leading dimensions, panels that end in a
 * partial vector, an odd number of sparse rows (the last row pair has one row); Inf and NaN in the dense operand,
 * which reach only the rows whose non-zeros meet them (not the zero partner of a row pair); a Linear's forward and
 * both gradients through autograd; and the same bits on 1 and 2 threads.
 * Runs at the preferred width and again at 256 bits (snn-core's vector-256 execution).
 */
class SparseGemmFTest {
  /** {m, n, k}: full panels, panels ending mid-vector and in a partial panel, K over two blocks at either width. */
  private static final int[][] SIZES = {{40, 70, 300}, {33, 130, 97}, {64, 64, 2100}, {35, 200, 1031},
      {37, 75, 260}};

  @Test
  void sparseOperandMatchesNaiveProduct() {
    SplittableRandom r = new SplittableRandom(11);
    for (int si = 0; si < SIZES.length; si++) {
      int[] s = SIZES[si];
      for (int v = 0; v < 8; v++) {
        boolean ta = (v & 1) != 0;
        boolean tb = (v & 2) != 0;
        boolean sparseA = (v & 4) == 0;
        // 0: binary spikes, 1: spikes times 2 (dropout 0.5), 2: signed reals; each with its own beta
        int kind = (v + si) % 3;
        check(r, s[0], s[1], s[2], ta, tb, sparseA, kind, kind == 0 ? 0f : kind == 1 ? 1f : 0.5f);
      }
    }
  }

  private static void check(SplittableRandom r, int m, int n, int k, boolean ta, boolean tb, boolean sparseA,
      int kind, float beta) {
    int lda = (ta ? m : k) + 3;
    int ldb = (tb ? k : n) + 1;
    int ldc = n + 2;
    float[] a = new float[5 + lda * (ta ? k : m)];
    float[] b = new float[2 + ldb * (tb ? n : k)];
    float[] c = new float[1 + ldc * m];
    fill(r, a, sparseA, kind);
    fill(r, b, !sparseA, kind);
    for (int i = 0; i < c.length; i++) {
      c[i] = beta == 0 ? Float.NaN : (float) (r.nextDouble() - 0.5);
    }
    double[] ref = new double[c.length];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double acc = 0;
        for (int p = 0; p < k; p++) {
          acc += (double) (ta ? a[5 + p * lda + i] : a[5 + i * lda + p]) * (tb ? b[2 + j * ldb + p] : b[2 + p * ldb + j]);
        }
        int q = 1 + i * ldc + j;
        ref[q] = 1.5 * acc + (beta == 0 ? 0 : beta * (double) c[q]);
      }
    }
    float[] out = c.clone();
    String what = "m,n,k " + m + "," + n + "," + k + " ta " + ta + " tb " + tb + " sparse " + (sparseA ? "A" : "B")
        + " kind " + kind + " beta " + beta;
    assertTrue(SparseGemmF.gemm(ta, tb, m, n, k, 1.5f, a, 5, lda, b, 2, ldb, beta, out, 1, ldc, 0.5, 0),
        "sparse path taken: " + what);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int q = 1 + i * ldc + j;
        double tol = 1e-5 * (1 + Math.abs(ref[q])) * Math.sqrt(k);
        if (!(Math.abs(ref[q] - out[q]) <= tol)) {
          throw new AssertionError(what + " C[" + i + "][" + j + "]: expected " + ref[q] + " got " + out[q]);
        }
      }
      // the padding between rows of C is not written
      for (int j = n; j < ldc && 1 + i * ldc + j < c.length; j++) {
        assertEquals(Float.floatToRawIntBits(c[1 + i * ldc + j]), Float.floatToRawIntBits(out[1 + i * ldc + j]),
            what + " padding");
      }
    }
  }

  /** About 15 % non-zeros when sparse (spikes, or spikes times 2, or signed); dense: all non-zero. */
  private static void fill(SplittableRandom r, float[] x, boolean sparse, int kind) {
    for (int i = 0; i < x.length; i++) {
      if (!sparse) {
        x[i] = (float) (r.nextDouble() - 0.5) + (r.nextBoolean() ? 0.75f : -0.75f);
      } else if (r.nextDouble() < 0.15) {
        x[i] = kind == 0 ? 1f : kind == 1 ? 2f : (float) (r.nextDouble() * 4 - 2);
      } else {
        x[i] = 0f;
      }
    }
  }

  @Test
  void infAndNanInTheDenseOperandReachOnlyTheRowsWhoseNonZerosMeetThem() {
    SplittableRandom r = new SplittableRandom(21);
    int m = 7;
    int n = 70;
    int k = 300;
    // S = a (m × k, about 15 % non-zeros), D = b (k × n) with Inf, −Inf and NaN in rows 10 and 20 (in either
    // K-block half) and row 290
    float[] a = new float[m * k];
    fill(r, a, true, 2);
    float[] b = new float[k * n];
    fill(r, b, false, 0);
    for (int i = 0; i < m; i++) {
      a[i * k + 10] = 0f;
      a[i * k + 20] = 0f;
      a[i * k + 290] = 0f;
    }
    // row 0 meets row 10 of D, its partner row 1 does not; row 3 meets row 20, row 2 does not; the odd last row 6
    // meets row 290
    a[10] = 1.5f;
    a[3 * k + 20] = -2f;
    a[6 * k + 290] = 1f;
    b[10 * n + 3] = Float.POSITIVE_INFINITY;
    b[10 * n + 40] = Float.NEGATIVE_INFINITY;
    b[20 * n + 5] = Float.NaN;
    b[290 * n + 69] = Float.POSITIVE_INFINITY;
    double[] ref = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double acc = 0;
        for (int p = 0; p < k; p++) {
          if (a[i * k + p] != 0f) {
            acc += (double) a[i * k + p] * b[p * n + j];
          }
        }
        ref[i * n + j] = acc;
      }
    }
    // sparse A: C (m × n) = a b
    float[] c = new float[m * n];
    assertTrue(SparseGemmF.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n, 0.5, 0));
    // sparse B: Cᵀ (n × m) = bᵀ aᵀ, S = a
    float[] ct = new float[n * m];
    assertTrue(SparseGemmF.gemm(true, true, n, m, k, 1f, b, 0, n, a, 0, k, 0f, ct, 0, m, 0.5, 0));
    int nonFinite = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double e = ref[i * n + j];
        nonFinite += Double.isFinite(e) ? 0 : 1;
        sameOrNear(e, c[i * n + j], k, "sparse A C[" + i + "][" + j + "]");
        sameOrNear(e, ct[j * m + i], k, "sparse B C[" + j + "][" + i + "]");
      }
    }
    assertEquals(4, nonFinite, "Inf or NaN in exactly the four products that meet them");
  }

  /** expected Inf or NaN exactly, else near. */
  private static void sameOrNear(double expected, float actual, int terms, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Float.isNaN(actual), what + ": expected NaN got " + actual);
    } else if (Double.isInfinite(expected)) {
      assertEquals((float) expected, actual, what);
    } else {
      near(expected, actual, terms, what);
    }
  }

  @Test
  void denseOperandsAndSmallProductsGoToTheDenseGemm() {
    SplittableRandom r = new SplittableRandom(3);
    int m = 64;
    int n = 256;
    int k = 1024;
    float[] a = new float[m * k];
    float[] b = new float[n * k];
    fill(r, a, false, 0);
    fill(r, b, false, 0);
    float[] c = new float[m * n];
    assertFalse(SparseGemmF.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n));
    assertArrayEquals(new float[m * n], c, "C untouched when the dense GEMM is to run");
    // above the density limit: 40 % non-zeros
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble() < 0.4 ? 1f : 0f;
    }
    assertFalse(SparseGemmF.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n));
    // sparse, but too small a product to be checked
    fill(r, a, true, 0);
    assertFalse(SparseGemmF.gemm(false, true, 8, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n));
    assertTrue(SparseGemmF.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n));
  }

  @Test
  void linearForwardAndGradientsThroughTheSparsePath() {
    SplittableRandom r = new SplittableRandom(8);
    int rows = 64;
    int in = 1024;
    int out = 256;
    for (int kind = 0; kind < 2; kind++) {
      float[] xs = new float[rows * in];
      fill(r, xs, true, kind);
      float[] ws = new float[out * in];
      fill(r, ws, false, 0);
      float[] bs = new float[out];
      fill(r, bs, false, 0);
      float[] gs = new float[rows * out];
      fill(r, gs, false, 0);
      // the backend's choice for these operands is the sparse path (forward: x is A; dW = gᵀ x: x is B)
      assertTrue(SparseGemmF.gemm(false, true, rows, out, in, 1f, xs, 0, in, ws, 0, in, 0f, new float[rows * out], 0,
          out));
      assertTrue(SparseGemmF.gemm(true, false, out, in, rows, 1f, gs, 0, out, xs, 0, in, 0f, new float[out * in], 0,
          in));
      Tensor x = Tensor.fromArray(xs, rows, in).requiresGrad(true);
      Tensor w = Tensor.fromArray(ws, out, in).requiresGrad(true);
      Tensor b = Tensor.fromArray(bs, out).requiresGrad(true);
      Tensor y = NN.linear(x, w, b);
      y.backward(Tensor.fromArray(gs, rows, out));
      float[] yv = y.toFloatArray();
      float[] gx = x.grad().toFloatArray();
      float[] gw = w.grad().toFloatArray();
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < out; j++) {
          double acc = bs[j];
          for (int p = 0; p < in; p++) {
            acc += (double) xs[i * in + p] * ws[j * in + p];
          }
          near(acc, yv[i * out + j], in, "y kind " + kind);
        }
        for (int p = 0; p < in; p++) {
          double acc = 0;
          for (int j = 0; j < out; j++) {
            acc += (double) gs[i * out + j] * ws[j * in + p];
          }
          near(acc, gx[i * in + p], out, "dX kind " + kind);
        }
      }
      for (int j = 0; j < out; j++) {
        for (int p = 0; p < in; p++) {
          double acc = 0;
          for (int i = 0; i < rows; i++) {
            acc += (double) gs[i * out + j] * xs[i * in + p];
          }
          near(acc, gw[j * in + p], rows, "dW kind " + kind);
        }
      }
    }
  }

  private static void near(double expected, float actual, int terms, String what) {
    double tol = 1e-5 * (1 + Math.abs(expected)) * Math.sqrt(terms);
    if (!(Math.abs(expected - actual) <= tol)) {
      throw new AssertionError(what + ": expected " + expected + " got " + actual);
    }
  }

  @Test
  void sameBitsOnOneAndTwoThreads() {
    SplittableRandom r = new SplittableRandom(5);
    int m = 96;
    int n = 300;
    int k = 2000;
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    fill(r, a, true, 1);
    fill(r, b, false, 0);
    float[][] results = new float[2][];
    float[][] transposed = new float[2][];
    for (int threads = 1; threads <= 2; threads++) {
      try (CpuContext ctx = CpuContext.open(CpuConfig.fromEnvironment().withThreads(threads));
          CpuContext.Scope scope = ctx.enter()) {
        float[] c = new float[m * n];
        assertTrue(SparseGemmF.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n, 0.5, 0));
        results[threads - 1] = c;
        // sparse B: C (n × m) = bᵀ aᵀ, written as columns
        float[] ct = new float[n * m];
        assertTrue(SparseGemmF.gemm(true, true, n, m, k, 1f, b, 0, n, a, 0, k, 0f, ct, 0, m, 0.5, 0));
        transposed[threads - 1] = ct;
      }
    }
    assertArrayEquals(results[0], results[1]);
    assertArrayEquals(transposed[0], transposed[1]);
  }
}
