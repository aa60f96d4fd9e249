package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Both GEMM implementations (Vector API and plain Java), float32 and float64, against a naive loop. */
class GemmPathsTest {
  private static final int[][] SIZES = {{1, 1, 1}, {7, 33, 5}, {97, 530, 300}, {200, 17, 513}, {13, 1100, 9},
      {12, 48, 20}, {66, 80, 300}}; // the last two: edge panels of exactly one vector of columns

  @Test
  void vectorPathIsActiveUnderTheBuildFlags() {
    assertTrue(Cpu.vectorized(), "surefire runs with --add-modules jdk.incubator.vector");
  }

  @Test
  void allPathsMatchNaive() {
    SplittableRandom r = new SplittableRandom(4);
    for (int[] s : SIZES) {
      for (int v = 0; v < 4; v++) {
        boolean ta = (v & 1) != 0;
        boolean tb = (v & 2) != 0;
        int m = s[0];
        int n = s[1];
        int k = s[2];
        int lda = (ta ? m : k) + 2;
        int ldb = (tb ? k : n) + 3;
        int ldc = n + 1;
        double[] a = new double[3 + lda * (ta ? k : m)];
        double[] b = new double[1 + ldb * (tb ? n : k)];
        double[] c = new double[2 + ldc * m];
        for (double[] x : new double[][] {a, b, c}) {
          for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() - 0.5;
          }
        }
        double[] ref = c.clone();
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double acc = 0;
            for (int p = 0; p < k; p++) {
              acc += (ta ? a[3 + p * lda + i] : a[3 + i * lda + p]) * (tb ? b[1 + j * ldb + p] : b[1 + p * ldb + j]);
            }
            ref[2 + i * ldc + j] += 1.5 * acc;
          }
        }
        float[] af = toF(a);
        float[] bf = toF(b);
        float[] c1 = toF(c);
        float[] c2 = toF(c);
        double[] d1 = c.clone();
        double[] d2 = c.clone();
        VectorGemmF.gemm(ta, tb, m, n, k, 1.5f, af, 3, lda, bf, 1, ldb, c1, 2, ldc);
        KernelsF.plainGemm(ta, tb, m, n, k, 1.5f, af, 3, lda, bf, 1, ldb, c2, 2, ldc);
        VectorGemmD.gemm(ta, tb, m, n, k, 1.5, a, 3, lda, b, 1, ldb, d1, 2, ldc);
        KernelsD.plainGemm(ta, tb, m, n, k, 1.5, a, 3, lda, b, 1, ldb, d2, 2, ldc);
        for (int i = 0; i < ref.length; i++) {
          double tol = 1e-4 * (1 + Math.abs(ref[i])) * Math.sqrt(k);
          check(ref[i], c1[i], tol, "vector f32", s, v, i);
          check(ref[i], c2[i], tol, "plain f32", s, v, i);
          check(ref[i], d1[i], 1e-12 * k, "vector f64", s, v, i);
          check(ref[i], d2[i], 1e-12 * k, "plain f64", s, v, i);
        }
      }
    }
  }

  private static void check(double e, double a, double tol, String path, int[] s, int v, int i) {
    if (!(Math.abs(e - a) <= tol)) {
      throw new AssertionError(path + " m,n,k=" + java.util.Arrays.toString(s) + " variant " + v + " index " + i
          + ": expected " + e + " got " + a);
    }
  }

  private static float[] toF(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
