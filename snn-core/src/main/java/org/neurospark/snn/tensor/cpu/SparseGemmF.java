package org.neurospark.snn.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGEMM with one mostly-zero operand (spikes: the input of a Linear after a spiking layer, and that Linear's weight
 * gradient {@code dW = dYᵀ · X}). The sparse operand is found at run time: {@link #gemm} counts the non-zeros of
 * each eligible operand (a sample first, so a dense operand costs almost nothing) and takes this path only at or
 * below {@link #MAX_DENSITY}; otherwise the caller runs the dense GEMM.
 *
 * <p>The sparse operand S is compressed once per call into rows of (column, value) pairs (CSR, values times alpha),
 * and every row of the product is the sum of the dense operand's rows that its non-zeros select:
 * {@code out[r][j] = Σ_{p: S[r][p] ≠ 0} S[r][p] · D[p][j]}, accumulated in registers over panels of
 * {@link #NB} = four vectors of columns. The dense operand is packed per panel and K-block into an L2-sized block
 * (transposed where it is stored transposed). Two shapes:
 * <ul>
 *   <li>op(A) sparse: S = op(A), D = op(B), out = C;</li>
 *   <li>op(B) sparse: Cᵀ = op(B)ᵀ op(A)ᵀ, so S = op(B)ᵀ, D = op(A)ᵀ, and out rows are written as columns of C.</li>
 * </ul>
 * Each element of C sums its non-zero products in ascending inner index, the same for any thread count (panels are
 * split between threads); results equal the dense GEMM up to float summation order. Zero entries of S contribute
 * nothing even where the dense operand holds Inf or NaN (the dense GEMM would give NaN there), as sparse BLAS does.
 * Off with {@code -Dneurospark.sparse=false}.
 */
final class SparseGemmF {
  private SparseGemmF() {}

  static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("neurospark.sparse", "true"));

  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /** Output columns per panel: four vectors of accumulators (64 floats at 512 bits, 32 at 256). */
  static final int NB = 4 * L;
  /**
   * The largest non-zero fraction of the sparse operand for which this path is taken. Measured against the
   * register-tiled dense GEMM (1 thread, AMD EPYC Zen 4) on the fc1 shapes (X [256, 6272] binary, W [2048, 6272]):
   * forward / weight gradient take 0.45 / 0.45 of the dense time at density 0.1, 0.75 / 0.7 at 0.2, and break even
   * near 0.3, the same at 512 and 256 bits; so the limit stays clear of break-even.
   */
  static final double MAX_DENSITY = 0.25;
  /** Products of fewer multiply-adds (m·n·k) go to the dense GEMM unchecked. */
  static final long MIN_WORK = 1L << 24;
  /** Elements of an operand looked at first: more than MAX_DENSITY of them non-zero and the operand counts as dense. */
  static final int SAMPLE = 4096;
  /** Floats of a packed dense block (K-block × NB): 256 KB, well inside L2. */
  static final int BLOCK_FLOATS = 1 << 16;
  /** Rows of S per tile when out rows are written as columns of C. */
  static final int TILE_ROWS = 16;

  /**
   * C = alpha op(A) op(B) + beta C (beta = 0 ignores C's old content) through the sparse path when one operand is
   * sparse enough; returns false (C untouched) when the caller should run the dense GEMM.
   */
  static boolean gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int offA, int lda,
      float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
    return gemm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, MAX_DENSITY, MIN_WORK);
  }

  /** As above with the density limit and the smallest product checked given (tests and measurements). */
  static boolean gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int offA, int lda,
      float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc, double maxDensity, long minWork) {
    if (!ENABLED || (long) m * n * k < minWork || alpha == 0 || !Float.isFinite(alpha)) {
      return false;
    }
    // op(A) is m × k: stored [m][k] (lda) or, transposed, [k][m]
    long nzA = n >= 2 * L ? nonZeros(a, offA, ta ? k : m, ta ? m : k, lda, maxDensity) : -1;
    if (nzA >= 0) {
      Csr s = Csr.of(a, offA, ta ? k : m, ta ? m : k, lda, ta, (int) nzA, alpha);
      scaleC(beta, c, offC, ldc, m, n);
      run(s, b, offB, ldb, !tb, k, n, c, offC, ldc, false, beta != 0);
      return true;
    }
    // op(B) is k × n: stored [k][n] (ldb) or [n][k]; S = op(B)ᵀ has n rows of k
    long nzB = m >= 2 * L ? nonZeros(b, offB, tb ? n : k, tb ? k : n, ldb, maxDensity) : -1;
    if (nzB >= 0) {
      Csr s = Csr.of(b, offB, tb ? n : k, tb ? k : n, ldb, !tb, (int) nzB, alpha);
      scaleC(beta, c, offC, ldc, m, n);
      // D = op(A)ᵀ (k × m): the stored A's rows when ta, else A transposed
      run(s, a, offA, lda, ta, k, m, c, offC, ldc, true, beta != 0);
      return true;
    }
    return false;
  }

  /**
   * The non-zeros of the stored rows × cols matrix (row stride ld), or −1 once they pass the fraction
   * {@code maxDensity} of its elements (the first {@link #SAMPLE} elements in storage order are tried first).
   */
  static long nonZeros(float[] x, int off, int rows, int cols, int ld, double maxDensity) {
    long total = (long) rows * cols;
    if (total == 0) {
      return -1;
    }
    long max = (long) (maxDensity * total);
    // the sample: whole rows (or the first part of the first row) in storage order
    long sampled = 0;
    long nz = 0;
    for (int r = 0; r < rows && sampled < SAMPLE; r++) {
      int len = (int) Math.min(cols, SAMPLE - sampled);
      nz += rowNonZeros(x, off + r * ld, len);
      sampled += len;
    }
    if (nz > maxDensity * sampled) {
      return -1;
    }
    nz = 0;
    for (int r = 0; r < rows; r++) {
      nz += rowNonZeros(x, off + r * ld, cols);
      if (nz > max) {
        return -1;
      }
    }
    return nz;
  }

  private static int rowNonZeros(float[] x, int off, int len) {
    int nz = 0;
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      nz += FloatVector.fromArray(S, x, off + i).compare(VectorOperators.NE, 0f).trueCount();
    }
    for (; i < len; i++) {
      if (x[off + i] != 0f) {
        nz++;
      }
    }
    return nz;
  }

  /** C *= beta where beta is neither 0 (C is then overwritten) nor 1. */
  private static void scaleC(float beta, float[] c, int offC, int ldc, int m, int n) {
    if (beta == 0 || beta == 1) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int r = offC + i * ldc;
      for (int j = 0; j < n; j++) {
        c[r + j] *= beta;
      }
    }
  }

  /**
   * The sparse operand in compressed rows: row r's non-zeros are {@code col/val[ptr[r] .. ptr[r+1])}, columns
   * ascending, values times alpha.
   */
  record Csr(int rows, int cols, int[] ptr, int[] col, float[] val) {
    /**
     * S from the stored rows × cols matrix x (row stride ld): S = x, or S = xᵀ (cols × rows) when
     * {@code transposed}; {@code nnz} its counted non-zeros. Arrays from the calling thread's scratch.
     */
    static Csr of(float[] x, int off, int rows, int cols, int ld, boolean transposed, int nnz, float alpha) {
      int sRows = transposed ? cols : rows;
      int[] ptr = Scratch.ints(Scratch.SPARSE_ROWS, sRows + 1);
      int[] col = Scratch.ints(Scratch.SPARSE_COLUMNS, nnz);
      float[] val = Scratch.floats(Scratch.SPARSE_VALUES, nnz);
      if (!transposed) {
        int e = 0;
        for (int r = 0; r < rows; r++) {
          ptr[r] = e;
          e = appendRow(x, off + r * ld, cols, alpha, col, val, e);
        }
        ptr[rows] = e;
      } else {
        // counting sort by stored column: pass 1 counts, pass 2 places (stored rows ascending = S columns ascending)
        java.util.Arrays.fill(ptr, 0, sRows + 1, 0);
        for (int r = 0; r < rows; r++) {
          int o = off + r * ld;
          for (int j = 0; j < cols; j++) {
            if (x[o + j] != 0f) {
              ptr[j + 1]++;
            }
          }
        }
        for (int j = 0; j < sRows; j++) {
          ptr[j + 1] += ptr[j];
        }
        int[] pos = Scratch.ints(Scratch.SPARSE_CURSORS, sRows);
        System.arraycopy(ptr, 0, pos, 0, sRows);
        for (int r = 0; r < rows; r++) {
          int o = off + r * ld;
          int j = 0;
          for (int bound = S.loopBound(cols); j < bound; j += L) {
            long bits = FloatVector.fromArray(S, x, o + j).compare(VectorOperators.NE, 0f).toLong();
            while (bits != 0) {
              int q = j + Long.numberOfTrailingZeros(bits);
              int e = pos[q]++;
              col[e] = r;
              val[e] = alpha * x[o + q];
              bits &= bits - 1;
            }
          }
          for (; j < cols; j++) {
            float v = x[o + j];
            if (v != 0f) {
              int e = pos[j]++;
              col[e] = r;
              val[e] = alpha * v;
            }
          }
        }
      }
      return new Csr(sRows, transposed ? rows : cols, ptr, col, val);
    }

    /** Appends the non-zeros of x[o .. o+len) as (index, alpha·value) from position e; returns the new end. */
    private static int appendRow(float[] x, int o, int len, float alpha, int[] col, float[] val, int e) {
      int j = 0;
      for (int bound = S.loopBound(len); j < bound; j += L) {
        FloatVector v = FloatVector.fromArray(S, x, o + j);
        VectorMask<Float> nz = v.compare(VectorOperators.NE, 0f);
        long bits = nz.toLong();
        while (bits != 0) {
          int q = j + Long.numberOfTrailingZeros(bits);
          col[e] = q;
          val[e] = alpha * x[o + q];
          e++;
          bits &= bits - 1;
        }
      }
      for (; j < len; j++) {
        float v = x[o + j];
        if (v != 0f) {
          col[e] = j;
          val[e] = alpha * v;
          e++;
        }
      }
      return e;
    }
  }

  /**
   * out = S · D (+ out when {@code accumulate}) for S (rows × kk, compressed) and the dense D (kk × width): D's row p
   * is {@code d[offD + p·ldd ..]} when {@code dRows}, else D is stored transposed ({@code D[p][j] = d[offD + j·ldd
   * + p]}). out is C (row-major, ldc) or, with {@code transposedOut}, Cᵀ (out[r][j] is {@code c[offC + j·ldc + r]}).
   */
  private static void run(Csr s, float[] d, int offD, int ldd, boolean dRows, int kk, int width, float[] c,
      int offC, int ldc, boolean transposedOut, boolean accumulate) {
    int panels = (width + NB - 1) / NB;
    // the K-block: the packed block of D stays in L2 while every row of S passes over it (one block when out
    // rows are written as columns, which accumulate in the tile only)
    int kc = transposedOut ? kk : Math.max(1, Math.min(kk, BLOCK_FLOATS / NB));
    long work = (long) s.ptr()[s.rows()] * width;
    int grain = work < (1L << 22) ? panels : 1;
    Cpu.parallelFor(panels, grain, (p0, p1) -> {
      float[] block = Scratch.floats(Scratch.SPARSE_BLOCK, kc * NB);
      float[] tile = Scratch.floats(Scratch.SPARSE_TILE, TILE_ROWS * NB);
      int[] cursor = transposedOut ? null : Scratch.ints(Scratch.SPARSE_CURSORS, s.rows());
      for (int panel = p0; panel < p1; panel++) {
        int j0 = panel * NB;
        int w = Math.min(NB, width - j0);
        if (transposedOut) {
          pack(d, offD, ldd, dRows, 0, kk, j0, w, block);
          transposedPanel(s, block, j0, w, c, offC, ldc, accumulate, tile);
        } else {
          System.arraycopy(s.ptr(), 0, cursor, 0, s.rows());
          for (int q0 = 0; q0 < kk; q0 += kc) {
            int q1 = Math.min(kk, q0 + kc);
            pack(d, offD, ldd, dRows, q0, q1, j0, w, block);
            rowPanel(s, cursor, q0, q1, block, j0, w, c, offC, ldc, accumulate || q0 > 0, tile);
          }
        }
      }
    });
  }

  /** block[(p − q0)·NB + jj] = D[p][j0 + jj] for p in [q0, q1), jj < w; zero for w ≤ jj < NB. */
  private static void pack(float[] d, int offD, int ldd, boolean dRows, int q0, int q1, int j0, int w,
      float[] block) {
    if (dRows) {
      for (int p = q0; p < q1; p++) {
        int dst = (p - q0) * NB;
        System.arraycopy(d, offD + p * ldd + j0, block, dst, w);
        if (w < NB) {
          java.util.Arrays.fill(block, dst + w, dst + NB, 0f);
        }
      }
    } else {
      if (w < NB) {
        java.util.Arrays.fill(block, 0, (q1 - q0) * NB, 0f);
      }
      // a transpose in strips of 16 inner indices: the strip's 16 block rows (16·NB floats) stay in L1 while the
      // w rows of D's storage are read 64 bytes at a time
      for (int s0 = q0; s0 < q1; s0 += 16) {
        int s1 = Math.min(q1, s0 + 16);
        for (int jj = 0; jj < w; jj++) {
          int src = offD + (j0 + jj) * ldd;
          for (int p = s0, dst = (s0 - q0) * NB + jj; p < s1; p++, dst += NB) {
            block[dst] = d[src + p];
          }
        }
      }
    }
  }

  /** C[r][j0 .. j0+w) (+)= Σ over row r's non-zeros in [q0, q1) for every row r, advancing the cursors. */
  private static void rowPanel(Csr s, int[] cursor, int q0, int q1, float[] block, int j0, int w, float[] c,
      int offC, int ldc, boolean accumulate, float[] tile) {
    int[] ptr = s.ptr();
    int[] col = s.col();
    float[] val = s.val();
    for (int r = 0; r < s.rows(); r++) {
      int e = cursor[r];
      int end = ptr[r + 1];
      int e1 = e;
      while (e1 < end && col[e1] < q1) {
        e1++;
      }
      cursor[r] = e1;
      // two accumulator sets (even and odd entries), so that eight FMA chains are in flight
      FloatVector a0 = FloatVector.zero(S);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      FloatVector b0 = a0;
      FloatVector b1 = a0;
      FloatVector b2 = a0;
      FloatVector b3 = a0;
      for (; e + 1 < e1; e += 2) {
        FloatVector x = FloatVector.broadcast(S, val[e]);
        FloatVector y = FloatVector.broadcast(S, val[e + 1]);
        int o = (col[e] - q0) * NB;
        int u = (col[e + 1] - q0) * NB;
        a0 = FloatVector.fromArray(S, block, o).fma(x, a0);
        a1 = FloatVector.fromArray(S, block, o + L).fma(x, a1);
        a2 = FloatVector.fromArray(S, block, o + 2 * L).fma(x, a2);
        a3 = FloatVector.fromArray(S, block, o + 3 * L).fma(x, a3);
        b0 = FloatVector.fromArray(S, block, u).fma(y, b0);
        b1 = FloatVector.fromArray(S, block, u + L).fma(y, b1);
        b2 = FloatVector.fromArray(S, block, u + 2 * L).fma(y, b2);
        b3 = FloatVector.fromArray(S, block, u + 3 * L).fma(y, b3);
      }
      if (e < e1) {
        FloatVector x = FloatVector.broadcast(S, val[e]);
        int o = (col[e] - q0) * NB;
        a0 = FloatVector.fromArray(S, block, o).fma(x, a0);
        a1 = FloatVector.fromArray(S, block, o + L).fma(x, a1);
        a2 = FloatVector.fromArray(S, block, o + 2 * L).fma(x, a2);
        a3 = FloatVector.fromArray(S, block, o + 3 * L).fma(x, a3);
      }
      a0 = a0.add(b0);
      a1 = a1.add(b1);
      a2 = a2.add(b2);
      a3 = a3.add(b3);
      int o = offC + r * ldc + j0;
      if (w == NB) {
        if (accumulate) {
          a0 = a0.add(FloatVector.fromArray(S, c, o));
          a1 = a1.add(FloatVector.fromArray(S, c, o + L));
          a2 = a2.add(FloatVector.fromArray(S, c, o + 2 * L));
          a3 = a3.add(FloatVector.fromArray(S, c, o + 3 * L));
        }
        a0.intoArray(c, o);
        a1.intoArray(c, o + L);
        a2.intoArray(c, o + 2 * L);
        a3.intoArray(c, o + 3 * L);
      } else {
        a0.intoArray(tile, 0);
        a1.intoArray(tile, L);
        a2.intoArray(tile, 2 * L);
        a3.intoArray(tile, 3 * L);
        for (int jj = 0; jj < w; jj++) {
          c[o + jj] = accumulate ? c[o + jj] + tile[jj] : tile[jj];
        }
      }
    }
  }

  /**
   * Cᵀ rows r (every row of S), columns j0 .. j0+w: computed {@link #TILE_ROWS} rows at a time into the tile, then
   * written as C[j0 + jj][r0 .. r0 + TILE_ROWS) (+)=.
   */
  private static void transposedPanel(Csr s, float[] block, int j0, int w, float[] c, int offC, int ldc,
      boolean accumulate, float[] tile) {
    int[] ptr = s.ptr();
    int[] col = s.col();
    float[] val = s.val();
    for (int r0 = 0; r0 < s.rows(); r0 += TILE_ROWS) {
      int tr = Math.min(TILE_ROWS, s.rows() - r0);
      for (int t = 0; t < tr; t++) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        int e = ptr[r0 + t];
        int end = ptr[r0 + t + 1];
        for (; e + 1 < end; e += 2) {
          FloatVector x = FloatVector.broadcast(S, val[e]);
          FloatVector y = FloatVector.broadcast(S, val[e + 1]);
          int o = col[e] * NB;
          int u = col[e + 1] * NB;
          a0 = FloatVector.fromArray(S, block, o).fma(x, a0);
          a1 = FloatVector.fromArray(S, block, o + L).fma(x, a1);
          a2 = FloatVector.fromArray(S, block, o + 2 * L).fma(x, a2);
          a3 = FloatVector.fromArray(S, block, o + 3 * L).fma(x, a3);
          b0 = FloatVector.fromArray(S, block, u).fma(y, b0);
          b1 = FloatVector.fromArray(S, block, u + L).fma(y, b1);
          b2 = FloatVector.fromArray(S, block, u + 2 * L).fma(y, b2);
          b3 = FloatVector.fromArray(S, block, u + 3 * L).fma(y, b3);
        }
        if (e < end) {
          FloatVector x = FloatVector.broadcast(S, val[e]);
          int o = col[e] * NB;
          a0 = FloatVector.fromArray(S, block, o).fma(x, a0);
          a1 = FloatVector.fromArray(S, block, o + L).fma(x, a1);
          a2 = FloatVector.fromArray(S, block, o + 2 * L).fma(x, a2);
          a3 = FloatVector.fromArray(S, block, o + 3 * L).fma(x, a3);
        }
        a0 = a0.add(b0);
        a1 = a1.add(b1);
        a2 = a2.add(b2);
        a3 = a3.add(b3);
        int o = t * NB;
        a0.intoArray(tile, o);
        a1.intoArray(tile, o + L);
        a2.intoArray(tile, o + 2 * L);
        a3.intoArray(tile, o + 3 * L);
      }
      for (int jj = 0; jj < w; jj++) {
        int o = offC + (j0 + jj) * ldc + r0;
        if (accumulate) {
          for (int t = 0; t < tr; t++) {
            c[o + t] += tile[t * NB + jj];
          }
        } else {
          for (int t = 0; t < tr; t++) {
            c[o + t] = tile[t * NB + jj];
          }
        }
      }
    }
  }
}
