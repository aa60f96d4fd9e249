package org.neurospark.snn.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled SGEMM on the JDK Vector API (incubator module {@code jdk.incubator.vector}): A and B are packed
 * into MR-row and NR-column panels (NR = two vectors), and a 6 x NR micro-kernel keeps its 12 accumulators in
 * registers across the K loop (GotoBLAS/BLIS structure). Only loaded when the module is present (see
 * {@link KernelsF#gemm}). The 64-bit twin is generated from this file at build time (src/build).
 */
final class VectorGemmF {
  private VectorGemmF() {}

  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final int MR = 6;
  static final int NR = 2 * L;
  static final int KC = 256;
  static final int MC = 22 * MR;
  static final int NC = 512;

  /** C = alpha op(A) op(B) + C (beta already applied by the caller). */
  static void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int offA, int lda,
      float[] b, int offB, int ldb, float[] c, int offC, int ldc) {
    gemm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc, false);
  }

  /**
   * C = alpha op(A) op(B) + C, or C = alpha op(A) op(B) when {@code overwrite} (each thread zero-fills its own
   * block of C first: C's old content, NaN included, is ignored).
   * Multi-threaded only for large products called from outside a parallel loop: the larger of C's two dimensions
   * is split into one part per thread, and each thread packs its own B panels (or A blocks) in one pass (no
   * serial packing, one parallel loop per call). Every element of C sums the same products in the same order for
   * any thread count.
   */
  static void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int offA, int lda,
      float[] b, int offB, int ldb, float[] c, int offC, int ldc, boolean overwrite) {
    if (ta && n > NC && (long) m * k <= 1L << 22) {
      // a transposed A would be gathered column-wise once per column block of C: transpose it once instead
      float[] at = Scratch.floats(Scratch.GEMM_AT, m * k);
      for (int p = 0; p < k; p++) {
        int src = offA + p * lda;
        for (int i = 0; i < m; i++) {
          at[i * k + p] = a[src + i];
        }
      }
      gemmParallel(false, tb, m, n, k, alpha, at, 0, k, b, offB, ldb, c, offC, ldc, overwrite);
      return;
    }
    gemmParallel(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc, overwrite);
  }

  private static void gemmParallel(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int offA,
      int lda, float[] b, int offB, int ldb, float[] c, int offC, int ldc, boolean overwrite) {
    long flops = 2L * m * n * k;
    int threads = Cpu.threads();
    if (flops < 4_000_000L || threads < 2 || Cpu.inWorker()) {
      gemmBlock(ta, tb, 0, m, 0, n, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc, overwrite);
      return;
    }
    if (n >= m) {
      // column parts: each thread packs the B panels of its columns and all of A
      int panels = (n + NR - 1) / NR;
      int parts = Math.min(threads, panels);
      Cpu.parallelFor(parts, 1, (t0, t1) -> {
        for (int t = t0; t < t1; t++) {
          int j0 = (int) ((long) panels * t / parts) * NR;
          int j1 = Math.min(n, (int) ((long) panels * (t + 1) / parts) * NR);
          gemmBlock(ta, tb, 0, m, j0, j1, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc, overwrite);
        }
      });
    } else {
      // row parts: each thread packs the A blocks of its rows and all of B
      int panels = (m + MR - 1) / MR;
      int parts = Math.min(threads, panels);
      Cpu.parallelFor(parts, 1, (t0, t1) -> {
        for (int t = t0; t < t1; t++) {
          int i0 = (int) ((long) panels * t / parts) * MR;
          int i1 = Math.min(m, (int) ((long) panels * (t + 1) / parts) * MR);
          gemmBlock(ta, tb, i0, i1, 0, n, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc, overwrite);
        }
      });
    }
  }

  /** The rows [i0, i1) × columns [j0, j1) of C on the calling thread: jc → pc → pack B → ic → pack A → kernels. */
  private static void gemmBlock(boolean ta, boolean tb, int i0, int i1, int j0, int j1, int k, float alpha,
      float[] a, int offA, int lda, float[] b, int offB, int ldb, float[] c, int offC, int ldc, boolean overwrite) {
    gemmBlock(ta, tb, i0, i1, j0, j1, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc, overwrite, false);
  }

  /**
   * A (m × k, row-major with leading dimension lda, times alpha) packed once as {@link #gemmPackedA} reads it: the
   * KC-deep, MC-row blocks that the GEMM would pack on every call, for an A used with many B (Winograd's
   * transformed kernels, one per chunk of images).
   */
  static float[] packedA(float[] a, int offA, int lda, int m, int k, float alpha) {
    int mPad = roundUp(m, MR);
    float[] ap = new float[mPad * k];
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = Math.min(KC, k - p0);
      for (int ic = 0; ic < m; ic += MC) {
        packA(false, a, offA, lda, ic, Math.min(MC, m - ic), p0, kc, alpha, ap, p0 * mPad + ic * kc);
      }
    }
    return ap;
  }

  /**
   * C (m × n) = A op(B) (overwrite) or C += A op(B) on the calling thread, A given as {@link #packedA} made it;
   * the same products in the same order as {@link #gemm}, so the same result.
   */
  static void gemmPackedA(float[] ap, int m, int n, int k, boolean tb, float[] b, int offB, int ldb, float[] c,
      int offC, int ldc, boolean overwrite) {
    gemmBlock(false, tb, 0, m, 0, n, k, 1f, ap, 0, 0, b, offB, ldb, c, offC, ldc, overwrite, true);
  }

  /** As above; with {@code prepacked}, a is {@link #packedA}'s array for rows [0, i1) and i0 is 0. */
  private static void gemmBlock(boolean ta, boolean tb, int i0, int i1, int j0, int j1, int k, float alpha,
      float[] a, int offA, int lda, float[] b, int offB, int ldb, float[] c, int offC, int ldc, boolean overwrite,
      boolean prepacked) {
    if (i1 <= i0 || j1 <= j0) {
      return;
    }
    if (overwrite) {
      // this thread's block of C, zeroed right before it is accumulated into (cache-warm, in parallel)
      for (int i = i0; i < i1; i++) {
        java.util.Arrays.fill(c, offC + i * ldc + j0, offC + i * ldc + j1, 0);
      }
    }
    int kcMax = Math.min(KC, k);
    float[] bp = Scratch.floats(Scratch.GEMM_B, Math.min(NC, roundUp(j1 - j0, NR)) * kcMax);
    float[] ap = prepacked ? null : Scratch.floats(Scratch.GEMM_A, Math.min(MC, roundUp(i1 - i0, MR)) * kcMax);
    float[] tmp = Scratch.floats(Scratch.GEMM_TILE, MR * NR);
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      int nPanels = (nc + NR - 1) / NR;
      for (int p0 = 0; p0 < k; p0 += KC) {
        int kc = Math.min(KC, k - p0);
        packB(tb, b, offB, ldb, p0, kc, jc, nc, bp);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          float[] aBlock = ap;
          int aBase = 0;
          if (prepacked) {
            aBlock = a;
            aBase = p0 * roundUp(i1, MR) + ic * kc;
          } else {
            packA(ta, a, offA, lda, ic, mc, p0, kc, alpha, ap, 0);
          }
          for (int jp = 0; jp < nPanels; jp++) {
            int cols = Math.min(NR, nc - jp * NR);
            for (int ip = 0; ip * MR < mc; ip++) {
              int rows = Math.min(MR, mc - ip * MR);
              int cOff = offC + (ic + ip * MR) * ldc + jc + jp * NR;
              if (cols <= L) {
                kernelHalf(kc, aBlock, aBase + ip * kc * MR, bp, jp * kc * NR, c, cOff, ldc, rows, cols, tmp);
              } else {
                kernel(kc, aBlock, aBase + ip * kc * MR, bp, jp * kc * NR, c, cOff, ldc, rows, cols, tmp);
              }
            }
          }
        }
      }
    }
  }

  /** {@code n} rounded up to a multiple of {@code m}. */
  private static int roundUp(int n, int m) {
    return (n + m - 1) / m * m;
  }

  private static void packA(boolean ta, float[] a, int offA, int lda, int i0, int mc, int p0, int kc, float alpha,
      float[] dst, int dstOff) {
    int panels = (mc + MR - 1) / MR;
    for (int ip = 0; ip < panels; ip++) {
      int base = dstOff + ip * kc * MR;
      if ((ip + 1) * MR <= mc) {
        // a full panel: one pass over k writing the packed panel contiguously (same values as the loop below)
        if (ta) {
          int src = offA + p0 * lda + i0 + ip * MR;
          for (int p = 0; p < kc; p++) {
            int d = base + p * MR;
            int sp = src + p * lda;
            dst[d] = alpha * a[sp];
            dst[d + 1] = alpha * a[sp + 1];
            dst[d + 2] = alpha * a[sp + 2];
            dst[d + 3] = alpha * a[sp + 3];
            dst[d + 4] = alpha * a[sp + 4];
            dst[d + 5] = alpha * a[sp + 5];
          }
        } else {
          int s0 = offA + (i0 + ip * MR) * lda + p0;
          int s1 = s0 + lda;
          int s2 = s1 + lda;
          int s3 = s2 + lda;
          int s4 = s3 + lda;
          int s5 = s4 + lda;
          for (int p = 0; p < kc; p++) {
            int d = base + p * MR;
            dst[d] = alpha * a[s0 + p];
            dst[d + 1] = alpha * a[s1 + p];
            dst[d + 2] = alpha * a[s2 + p];
            dst[d + 3] = alpha * a[s3 + p];
            dst[d + 4] = alpha * a[s4 + p];
            dst[d + 5] = alpha * a[s5 + p];
          }
        }
        continue;
      }
      for (int r = 0; r < MR; r++) {
        int row = ip * MR + r;
        if (row >= mc) {
          for (int p = 0; p < kc; p++) {
            dst[base + p * MR + r] = 0;
          }
        } else if (ta) {
          int src = offA + p0 * lda + i0 + row;
          for (int p = 0; p < kc; p++) {
            dst[base + p * MR + r] = alpha * a[src + p * lda];
          }
        } else {
          int src = offA + (i0 + row) * lda + p0;
          for (int p = 0; p < kc; p++) {
            dst[base + p * MR + r] = alpha * a[src + p];
          }
        }
      }
    }
  }

  private static void packB(boolean tb, float[] b, int offB, int ldb, int p0, int kc, int j0, int nc,
      float[] dst) {
    int panels = (nc + NR - 1) / NR;
    for (int jp = 0; jp < panels; jp++) {
      int base = jp * kc * NR;
      int cols = Math.min(NR, nc - jp * NR);
      int col0 = j0 + jp * NR;
      if (tb) {
        // op(B)(p, col) = b[offB + col * ldb + p]: one row of b at a time, read contiguously and written with a
        // stride of NR into the panel (which stays in L1); 'cols' rows read in parallel streams were 2x slower
        int src = offB + col0 * ldb + p0;
        for (int cc = 0; cc < cols; cc++) {
          int s = src + cc * ldb;
          int d = base + cc;
          for (int p = 0; p < kc; p++) {
            dst[d + p * NR] = b[s + p];
          }
        }
        for (int cc = cols; cc < NR; cc++) {
          for (int p = 0; p < kc; p++) {
            dst[base + p * NR + cc] = 0;
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = offB + (p0 + p) * ldb + col0;
          System.arraycopy(b, src, dst, base + p * NR, cols);
          for (int cc = cols; cc < NR; cc++) {
            dst[base + p * NR + cc] = 0;
          }
        }
      }
    }
  }

  private static void kernel(int kc, float[] ap, int pa, float[] bp, int pb, float[] c, int co, int ldc, int rows,
      int cols, float[] tmp) {
    FloatVector c00 = FloatVector.broadcast(S, 0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int p = 0; p < kc; p++) {
      int bo = pb + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, bp, bo);
      FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
      int ao = pa + p * MR;
      FloatVector av;
      av = FloatVector.broadcast(S, ap[ao + 0]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(S, ap[ao + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(S, ap[ao + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(S, ap[ao + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(S, ap[ao + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(S, ap[ao + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    if (rows == MR && cols == NR) {
      FloatVector.fromArray(S, c, co + 0 * ldc).add(c00).intoArray(c, co + 0 * ldc);
      FloatVector.fromArray(S, c, co + 0 * ldc + L).add(c01).intoArray(c, co + 0 * ldc + L);
      FloatVector.fromArray(S, c, co + 1 * ldc).add(c10).intoArray(c, co + 1 * ldc);
      FloatVector.fromArray(S, c, co + 1 * ldc + L).add(c11).intoArray(c, co + 1 * ldc + L);
      FloatVector.fromArray(S, c, co + 2 * ldc).add(c20).intoArray(c, co + 2 * ldc);
      FloatVector.fromArray(S, c, co + 2 * ldc + L).add(c21).intoArray(c, co + 2 * ldc + L);
      FloatVector.fromArray(S, c, co + 3 * ldc).add(c30).intoArray(c, co + 3 * ldc);
      FloatVector.fromArray(S, c, co + 3 * ldc + L).add(c31).intoArray(c, co + 3 * ldc + L);
      FloatVector.fromArray(S, c, co + 4 * ldc).add(c40).intoArray(c, co + 4 * ldc);
      FloatVector.fromArray(S, c, co + 4 * ldc + L).add(c41).intoArray(c, co + 4 * ldc + L);
      FloatVector.fromArray(S, c, co + 5 * ldc).add(c50).intoArray(c, co + 5 * ldc);
      FloatVector.fromArray(S, c, co + 5 * ldc + L).add(c51).intoArray(c, co + 5 * ldc + L);
      return;
    }
    c00.intoArray(tmp, 0 * NR);
    c01.intoArray(tmp, 0 * NR + L);
    c10.intoArray(tmp, 1 * NR);
    c11.intoArray(tmp, 1 * NR + L);
    c20.intoArray(tmp, 2 * NR);
    c21.intoArray(tmp, 2 * NR + L);
    c30.intoArray(tmp, 3 * NR);
    c31.intoArray(tmp, 3 * NR + L);
    c40.intoArray(tmp, 4 * NR);
    c41.intoArray(tmp, 4 * NR + L);
    c50.intoArray(tmp, 5 * NR);
    c51.intoArray(tmp, 5 * NR + L);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        c[co + r * ldc + j] += tmp[r * NR + j];
      }
    }
  }

  /**
   * {@link #kernel} for an edge panel with at most L valid columns: one vector per row (half the work of a full
   * panel whose other half multiplies packed zeros); each element gets the same FMAs in the same order.
   */
  private static void kernelHalf(int kc, float[] ap, int pa, float[] bp, int pb, float[] c, int co, int ldc, int rows,
      int cols, float[] tmp) {
    FloatVector c00 = FloatVector.broadcast(S, 0f), c10 = c00, c20 = c00, c30 = c00, c40 = c00, c50 = c00;
    for (int p = 0; p < kc; p++) {
      int bo = pb + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, bp, bo);
      int ao = pa + p * MR;
      FloatVector av;
      av = FloatVector.broadcast(S, ap[ao + 0]);
      c00 = av.fma(b0, c00);
      av = FloatVector.broadcast(S, ap[ao + 1]);
      c10 = av.fma(b0, c10);
      av = FloatVector.broadcast(S, ap[ao + 2]);
      c20 = av.fma(b0, c20);
      av = FloatVector.broadcast(S, ap[ao + 3]);
      c30 = av.fma(b0, c30);
      av = FloatVector.broadcast(S, ap[ao + 4]);
      c40 = av.fma(b0, c40);
      av = FloatVector.broadcast(S, ap[ao + 5]);
      c50 = av.fma(b0, c50);
    }
    if (rows == MR && cols == L) {
      FloatVector.fromArray(S, c, co + 0 * ldc).add(c00).intoArray(c, co + 0 * ldc);
      FloatVector.fromArray(S, c, co + 1 * ldc).add(c10).intoArray(c, co + 1 * ldc);
      FloatVector.fromArray(S, c, co + 2 * ldc).add(c20).intoArray(c, co + 2 * ldc);
      FloatVector.fromArray(S, c, co + 3 * ldc).add(c30).intoArray(c, co + 3 * ldc);
      FloatVector.fromArray(S, c, co + 4 * ldc).add(c40).intoArray(c, co + 4 * ldc);
      FloatVector.fromArray(S, c, co + 5 * ldc).add(c50).intoArray(c, co + 5 * ldc);
      return;
    }
    c00.intoArray(tmp, 0 * NR);
    c10.intoArray(tmp, 1 * NR);
    c20.intoArray(tmp, 2 * NR);
    c30.intoArray(tmp, 3 * NR);
    c40.intoArray(tmp, 4 * NR);
    c50.intoArray(tmp, 5 * NR);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        c[co + r * ldc + j] += tmp[r * NR + j];
      }
    }
  }
}
