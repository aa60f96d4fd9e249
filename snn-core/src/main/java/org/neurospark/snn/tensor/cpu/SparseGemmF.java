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
 * <p>The sparse operand S is compressed once per call in pairs of consecutive rows: the columns where either row of
 * the pair is non-zero, each with both rows' values times alpha ({@link Pairs}). Every row of the product is the sum
 * of the dense operand's rows that its non-zeros select, {@code out[r][j] = Σ_{p: S[r][p] ≠ 0} S[r][p] · D[p][j]},
 * accumulated in registers over panels of {@link #NB} = four vectors of columns; each dense row loaded feeds both
 * rows of a pair (eight accumulators, which fit the 16 registers of AVX2), so a pair costs one load of the dense
 * rows in the union of its non-zero columns instead of one per row. Spikes make that union small: on the fc1 Linear
 * of csnn-fmnist (X [T·N, 6272], rows t-major) two consecutive rows at density 0.2 have a union of 0.30, not 0.40,
 * and the product runs in about 0.8 of the time of one row at a time. The dense operand is packed per panel and
 * K-block into an L2-sized block (transposed, by gathers, where it is stored transposed). Two shapes:
 * <ul>
 *   <li>op(A) sparse: S = op(A), D = op(B), out = C;</li>
 *   <li>op(B) sparse: Cᵀ = op(B)ᵀ op(A)ᵀ, so S = op(B)ᵀ, D = op(A)ᵀ, and out rows are written as columns of C.</li>
 * </ul>
 * Each element of C sums its non-zero products in ascending inner index, the same for any thread count (panels are
 * split between threads); results equal the dense GEMM up to float summation order. Zero entries of S contribute
 * nothing even where the dense operand holds Inf or NaN (the dense GEMM would give NaN there), as sparse BLAS does:
 * a packed block holding Inf or NaN takes a kernel that skips the zeros pairing brings in. Off with
 * {@code -Dneurospark.sparse=false}.
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
   * register-tiled dense GEMM (1 thread, AMD EPYC Zen 4) on the fc1 shapes (X [256, 6272] binary, W [2048, 6272]),
   * forward / weight gradient time over dense at 512 bits (at 256 bits): with csnn-fmnist's own spikes 0.48 / 0.46
   * (0.55 / 0.39) at density 0.2, 0.57 / 0.56 (0.76 / 0.59) at 0.29, 0.70 / 0.70 (0.94 / 0.72) at 0.38; with
   * independent random spikes, whose row pairs share fewer columns, 0.66 / 0.67 (0.93 / 0.71) at 0.3, and the
   * forward at 256 bits breaks even near 0.35. So the limit stays below break-even for spikes of any structure.
   */
  static final double MAX_DENSITY = 0.3;
  /** Products of fewer multiply-adds (m·n·k) go to the dense GEMM unchecked. */
  static final long MIN_WORK = 1L << 24;
  /** Elements of an operand looked at first: more than MAX_DENSITY of them non-zero and the operand counts as dense. */
  static final int SAMPLE = 4096;
  /** Floats of a packed dense block (K-block × NB): 256 KB, well inside L2. */
  static final int BLOCK_FLOATS = 1 << 16;
  /** Rows of S per tile when out rows are written as columns of C. */
  static final int TILE_ROWS = 16;
  /** The offsets of a tile's column in its rows ({@code t·NB}), for gathering L rows of it at once. */
  private static final int[] TILE_COLUMN = new int[L];

  static {
    for (int t = 0; t < L; t++) {
      TILE_COLUMN[t] = t * NB;
    }
  }

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
      Pairs s = Pairs.of(a, offA, ta ? k : m, ta ? m : k, lda, ta, (int) nzA, alpha);
      scaleC(beta, c, offC, ldc, m, n);
      run(s, b, offB, ldb, !tb, k, n, c, offC, ldc, false, beta != 0);
      return true;
    }
    // op(B) is k × n: stored [k][n] (ldb) or [n][k]; S = op(B)ᵀ has n rows of k
    long nzB = m >= 2 * L ? nonZeros(b, offB, tb ? n : k, tb ? k : n, ldb, maxDensity) : -1;
    if (nzB >= 0) {
      Pairs s = Pairs.of(b, offB, tb ? n : k, tb ? k : n, ldb, !tb, (int) nzB, alpha);
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

  /** The non-zeros (NaN counts) of x[off .. off + len). */
  static int rowNonZeros(float[] x, int off, int len) {
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
   * The sparse operand in compressed pairs of rows: rows 2g and 2g + 1 of S (group g) share the list of the columns
   * where either is non-zero, {@code col[ptr[g] .. ptr[g+1])} ascending, and entry e holds both rows' values times
   * alpha, {@code val[2e]} and {@code val[2e + 1]} (0 where that row is zero, and for the missing second row of an
   * odd last group).
   */
  record Pairs(int rows, int groups, int cols, int[] ptr, int[] col, float[] val) {
    /**
     * S from the stored rows × cols matrix x (row stride ld): S = x, or S = xᵀ (cols × rows) when
     * {@code transposed}; {@code nnz} its counted non-zeros (a bound on the entries). Arrays from the calling
     * thread's scratch.
     */
    static Pairs of(float[] x, int off, int rows, int cols, int ld, boolean transposed, int nnz, float alpha) {
      int sRows = transposed ? cols : rows;
      int groups = (sRows + 1) / 2;
      int[] ptr = Scratch.ints(Scratch.SPARSE_ROWS, groups + 1);
      int[] col = Scratch.ints(Scratch.SPARSE_COLUMNS, nnz);
      float[] val = Scratch.floats(Scratch.SPARSE_VALUES, 2 * nnz);
      if (!transposed) {
        int e = 0;
        for (int g = 0; g < groups; g++) {
          ptr[g] = e;
          int r = 2 * g;
          e = appendPair(x, off + r * ld, r + 1 < rows ? off + (r + 1) * ld : -1, cols, alpha, col, val, e);
        }
        ptr[groups] = e;
      } else {
        // S's row pair g is the stored columns 2g, 2g + 1; a counting sort by pair: pass 1 counts the stored rows
        // where either column is non-zero, pass 2 places them (stored rows ascending = S columns ascending)
        java.util.Arrays.fill(ptr, 0, groups + 1, 0);
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
          int o = off + r * ld;
          int j = 0;
          for (; j < bound; j += L) {
            long bits = pairBits(FloatVector.fromArray(S, x, o + j).compare(VectorOperators.NE, 0f).toLong());
            while (bits != 0) {
              ptr[((j + Long.numberOfTrailingZeros(bits)) >> 1) + 1]++;
              bits &= bits - 1;
            }
          }
          for (; j < cols; j += 2) {
            if (x[o + j] != 0f || (j + 1 < cols && x[o + j + 1] != 0f)) {
              ptr[(j >> 1) + 1]++;
            }
          }
        }
        for (int g = 0; g < groups; g++) {
          ptr[g + 1] += ptr[g];
        }
        int[] pos = Scratch.ints(Scratch.SPARSE_CURSORS, groups);
        System.arraycopy(ptr, 0, pos, 0, groups);
        for (int r = 0; r < rows; r++) {
          int o = off + r * ld;
          int j = 0;
          for (; j < bound; j += L) {
            long bits = pairBits(FloatVector.fromArray(S, x, o + j).compare(VectorOperators.NE, 0f).toLong());
            while (bits != 0) {
              int q = j + Long.numberOfTrailingZeros(bits);
              int e = pos[q >> 1]++;
              col[e] = r;
              val[2 * e] = alpha * x[o + q];
              val[2 * e + 1] = alpha * x[o + q + 1];
              bits &= bits - 1;
            }
          }
          for (; j < cols; j += 2) {
            float v0 = x[o + j];
            float v1 = j + 1 < cols ? x[o + j + 1] : 0f;
            if (v0 != 0f || v1 != 0f) {
              int e = pos[j >> 1]++;
              col[e] = r;
              val[2 * e] = alpha * v0;
              val[2 * e + 1] = alpha * v1;
            }
          }
        }
      }
      return new Pairs(sRows, groups, transposed ? rows : cols, ptr, col, val);
    }

    /** The non-zero mask of L consecutive columns (L even) reduced to the even bits of the pairs with a non-zero. */
    private static long pairBits(long mask) {
      return (mask | (mask >>> 1)) & 0x5555_5555_5555_5555L;
    }

    /**
     * Appends the columns where x[o0 ..] or x[o1 ..] (o1 &lt; 0: no second row) is non-zero over len columns, with
     * both alpha·values, from entry e; returns the new end.
     */
    private static int appendPair(float[] x, int o0, int o1, int len, float alpha, int[] col, float[] val, int e) {
      int j = 0;
      for (int bound = S.loopBound(len); j < bound; j += L) {
        long bits = FloatVector.fromArray(S, x, o0 + j).compare(VectorOperators.NE, 0f).toLong();
        if (o1 >= 0) {
          bits |= FloatVector.fromArray(S, x, o1 + j).compare(VectorOperators.NE, 0f).toLong();
        }
        while (bits != 0) {
          int q = j + Long.numberOfTrailingZeros(bits);
          col[e] = q;
          val[2 * e] = alpha * x[o0 + q];
          val[2 * e + 1] = o1 >= 0 ? alpha * x[o1 + q] : 0f;
          e++;
          bits &= bits - 1;
        }
      }
      for (; j < len; j++) {
        float v0 = x[o0 + j];
        float v1 = o1 >= 0 ? x[o1 + j] : 0f;
        if (v0 != 0f || v1 != 0f) {
          col[e] = j;
          val[2 * e] = alpha * v0;
          val[2 * e + 1] = alpha * v1;
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
  private static void run(Pairs s, float[] d, int offD, int ldd, boolean dRows, int kk, int width, float[] c,
      int offC, int ldc, boolean transposedOut, boolean accumulate) {
    int panels = (width + NB - 1) / NB;
    // D stored transposed: the offsets of a panel's NB storage rows, for gathering a row of D
    int[] rowsAt = dRows ? null : new int[NB];
    for (int jj = 0; !dRows && jj < NB; jj++) {
      rowsAt[jj] = jj * ldd;
    }
    // the K-block: the packed block of D stays in L2 while every row of S passes over it (one block when out
    // rows are written as columns, which accumulate in the tile only)
    int kc = transposedOut ? kk : Math.max(1, Math.min(kk, BLOCK_FLOATS / NB));
    long work = 2L * s.ptr()[s.groups()] * width;
    int grain = work < (1L << 22) ? panels : 1;
    Cpu.parallelFor(panels, grain, (p0, p1) -> {
      float[] block = Scratch.floats(Scratch.SPARSE_BLOCK, kc * NB);
      float[] tile = Scratch.floats(Scratch.SPARSE_TILE, TILE_ROWS * NB);
      int[] cursor = transposedOut ? null : Scratch.ints(Scratch.SPARSE_CURSORS, s.groups());
      for (int panel = p0; panel < p1; panel++) {
        int j0 = panel * NB;
        int w = Math.min(NB, width - j0);
        if (transposedOut) {
          pack(d, offD, ldd, dRows, rowsAt, 0, kk, j0, w, block);
          transposedPanel(s, block, finite(block, kk * NB), j0, w, c, offC, ldc, accumulate, tile);
        } else {
          System.arraycopy(s.ptr(), 0, cursor, 0, s.groups());
          for (int q0 = 0; q0 < kk; q0 += kc) {
            int q1 = Math.min(kk, q0 + kc);
            pack(d, offD, ldd, dRows, rowsAt, q0, q1, j0, w, block);
            rowPanel(s, cursor, q0, q1, block, finite(block, (q1 - q0) * NB), j0, w, c, offC, ldc,
                accumulate || q0 > 0, tile);
          }
        }
      }
    });
  }

  /**
   * block[(p − q0)·NB + jj] = D[p][j0 + jj] for p in [q0, q1), jj < w; zero for w ≤ jj < NB. Where D is stored
   * transposed, {@code rowsAt[jj] = jj·ldd}.
   */
  private static void pack(float[] d, int offD, int ldd, boolean dRows, int[] rowsAt, int q0, int q1, int j0, int w,
      float[] block) {
    if (dRows) {
      for (int p = q0; p < q1; p++) {
        int dst = (p - q0) * NB;
        System.arraycopy(d, offD + p * ldd + j0, block, dst, w);
        if (w < NB) {
          java.util.Arrays.fill(block, dst + w, dst + NB, 0f);
        }
      }
    } else if (w == NB) {
      // a full panel: block row p gathered from the NB storage rows (half the time of the scalar transpose below
      // on the fc1 shapes, at 512 and 256 bits); the 64-byte pieces of those rows stay in L1 over 16 p
      int at = offD + j0 * ldd;
      for (int p = q0; p < q1; p++) {
        int dst = (p - q0) * NB;
        FloatVector.fromArray(S, d, at + p, rowsAt, 0).intoArray(block, dst);
        FloatVector.fromArray(S, d, at + p, rowsAt, L).intoArray(block, dst + L);
        FloatVector.fromArray(S, d, at + p, rowsAt, 2 * L).intoArray(block, dst + 2 * L);
        FloatVector.fromArray(S, d, at + p, rowsAt, 3 * L).intoArray(block, dst + 3 * L);
      }
    } else {
      java.util.Arrays.fill(block, 0, (q1 - q0) * NB, 0f);
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

  /** Whether block[0 .. n) (n a multiple of NB) holds no Inf or NaN. */
  private static boolean finite(float[] block, int n) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    for (int i = 0; i < n; i += 2 * L) {
      // v − v is 0 for a finite v and NaN for ±Inf and NaN
      FloatVector v = FloatVector.fromArray(S, block, i);
      FloatVector u = FloatVector.fromArray(S, block, i + L);
      a0 = a0.add(v.sub(v));
      a1 = a1.add(u.sub(u));
    }
    FloatVector sum = a0.add(a1);
    // NaN ≠ NaN (a compare C2 compiles to vector code; test(IS_NAN) goes through a lane-type conversion it does not)
    return !sum.compare(VectorOperators.NE, sum).anyTrue();
  }

  /**
   * C[r][j0 .. j0+w) (+)= Σ over row r's non-zeros in [q0, q1) for every row r, advancing the cursors (one per row
   * pair). A block with Inf or NaN takes {@link #pairSkippingZeros}.
   */
  private static void rowPanel(Pairs s, int[] cursor, int q0, int q1, float[] block, boolean finite, int j0, int w,
      float[] c, int offC, int ldc, boolean accumulate, float[] tile) {
    int[] ptr = s.ptr();
    int[] col = s.col();
    float[] val = s.val();
    for (int g = 0; g < s.groups(); g++) {
      int e = cursor[g];
      int end = ptr[g + 1];
      int e1 = e;
      while (e1 < end && col[e1] < q1) {
        e1++;
      }
      cursor[g] = e1;
      int r = 2 * g;
      boolean second = r + 1 < s.rows();
      if (!finite) {
        pairSkippingZeros(col, val, e, e1, q0, block, tile, 0);
        writeRow(tile, 0, c, offC + r * ldc + j0, w, accumulate);
        if (second) {
          writeRow(tile, NB, c, offC + (r + 1) * ldc + j0, w, accumulate);
        }
        continue;
      }
      // every dense row loaded feeds both rows of the pair: eight FMA chains, four loads per two broadcasts
      FloatVector a0 = FloatVector.zero(S);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      FloatVector b0 = a0;
      FloatVector b1 = a0;
      FloatVector b2 = a0;
      FloatVector b3 = a0;
      for (; e < e1; e++) {
        FloatVector x = FloatVector.broadcast(S, val[2 * e]);
        FloatVector y = FloatVector.broadcast(S, val[2 * e + 1]);
        int o = (col[e] - q0) * NB;
        FloatVector d0 = FloatVector.fromArray(S, block, o);
        FloatVector d1 = FloatVector.fromArray(S, block, o + L);
        FloatVector d2 = FloatVector.fromArray(S, block, o + 2 * L);
        FloatVector d3 = FloatVector.fromArray(S, block, o + 3 * L);
        a0 = d0.fma(x, a0);
        a1 = d1.fma(x, a1);
        a2 = d2.fma(x, a2);
        a3 = d3.fma(x, a3);
        b0 = d0.fma(y, b0);
        b1 = d1.fma(y, b1);
        b2 = d2.fma(y, b2);
        b3 = d3.fma(y, b3);
      }
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
        if (second) {
          o += ldc;
          if (accumulate) {
            b0 = b0.add(FloatVector.fromArray(S, c, o));
            b1 = b1.add(FloatVector.fromArray(S, c, o + L));
            b2 = b2.add(FloatVector.fromArray(S, c, o + 2 * L));
            b3 = b3.add(FloatVector.fromArray(S, c, o + 3 * L));
          }
          b0.intoArray(c, o);
          b1.intoArray(c, o + L);
          b2.intoArray(c, o + 2 * L);
          b3.intoArray(c, o + 3 * L);
        }
      } else {
        a0.intoArray(tile, 0);
        a1.intoArray(tile, L);
        a2.intoArray(tile, 2 * L);
        a3.intoArray(tile, 3 * L);
        b0.intoArray(tile, NB);
        b1.intoArray(tile, NB + L);
        b2.intoArray(tile, NB + 2 * L);
        b3.intoArray(tile, NB + 3 * L);
        writeRow(tile, 0, c, o, w, accumulate);
        if (second) {
          writeRow(tile, NB, c, o + ldc, w, accumulate);
        }
      }
    }
  }

  /** c[o .. o+w) (+)= tile[t .. t+w). */
  private static void writeRow(float[] tile, int t, float[] c, int o, int w, boolean accumulate) {
    for (int jj = 0; jj < w; jj++) {
      c[o + jj] = accumulate ? c[o + jj] + tile[t + jj] : tile[t + jj];
    }
  }

  /**
   * tile[at + t·NB + jj] = Σ over entries e in [e0, e1) with val[2e + t] ≠ 0 of val[2e + t] · block[(col[e] − q0)·NB +
   * jj], for both rows t of a pair: the kernel for a block holding Inf or NaN, where the zeros that pair a row's
   * non-zeros with its partner's must not multiply the dense operand.
   */
  private static void pairSkippingZeros(int[] col, float[] val, int e0, int e1, int q0, float[] block,
      float[] tile, int at) {
    for (int t = 0; t < 2; t++) {
      FloatVector a0 = FloatVector.zero(S);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      for (int e = e0; e < e1; e++) {
        float v = val[2 * e + t];
        if (v != 0f) {
          FloatVector x = FloatVector.broadcast(S, v);
          int o = (col[e] - q0) * NB;
          a0 = FloatVector.fromArray(S, block, o).fma(x, a0);
          a1 = FloatVector.fromArray(S, block, o + L).fma(x, a1);
          a2 = FloatVector.fromArray(S, block, o + 2 * L).fma(x, a2);
          a3 = FloatVector.fromArray(S, block, o + 3 * L).fma(x, a3);
        }
      }
      a0.intoArray(tile, at + t * NB);
      a1.intoArray(tile, at + t * NB + L);
      a2.intoArray(tile, at + t * NB + 2 * L);
      a3.intoArray(tile, at + t * NB + 3 * L);
    }
  }

  /**
   * Cᵀ rows r (every row of S), columns j0 .. j0+w: computed {@link #TILE_ROWS} rows (TILE_ROWS / 2 pairs) at a
   * time into the tile, then written as C[j0 + jj][r0 .. r0 + TILE_ROWS) (+)=.
   */
  private static void transposedPanel(Pairs s, float[] block, boolean finite, int j0, int w, float[] c, int offC,
      int ldc, boolean accumulate, float[] tile) {
    int[] ptr = s.ptr();
    int[] col = s.col();
    float[] val = s.val();
    for (int g0 = 0; g0 < s.groups(); g0 += TILE_ROWS / 2) {
      int g1 = Math.min(s.groups(), g0 + TILE_ROWS / 2);
      int r0 = 2 * g0;
      int tr = Math.min(TILE_ROWS, s.rows() - r0);
      for (int g = g0; g < g1; g++) {
        int t = 2 * (g - g0) * NB;
        if (!finite) {
          pairSkippingZeros(col, val, ptr[g], ptr[g + 1], 0, block, tile, t);
          continue;
        }
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        for (int e = ptr[g], end = ptr[g + 1]; e < end; e++) {
          FloatVector x = FloatVector.broadcast(S, val[2 * e]);
          FloatVector y = FloatVector.broadcast(S, val[2 * e + 1]);
          int o = col[e] * NB;
          FloatVector d0 = FloatVector.fromArray(S, block, o);
          FloatVector d1 = FloatVector.fromArray(S, block, o + L);
          FloatVector d2 = FloatVector.fromArray(S, block, o + 2 * L);
          FloatVector d3 = FloatVector.fromArray(S, block, o + 3 * L);
          a0 = d0.fma(x, a0);
          a1 = d1.fma(x, a1);
          a2 = d2.fma(x, a2);
          a3 = d3.fma(x, a3);
          b0 = d0.fma(y, b0);
          b1 = d1.fma(y, b1);
          b2 = d2.fma(y, b2);
          b3 = d3.fma(y, b3);
        }
        a0.intoArray(tile, t);
        a1.intoArray(tile, t + L);
        a2.intoArray(tile, t + 2 * L);
        a3.intoArray(tile, t + 3 * L);
        b0.intoArray(tile, t + NB);
        b1.intoArray(tile, t + NB + L);
        b2.intoArray(tile, t + NB + 2 * L);
        b3.intoArray(tile, t + NB + 3 * L);
      }
      if (tr == TILE_ROWS) {
        // a full tile: C[j0 + jj][r0 .. r0 + TILE_ROWS) gathered from the tile's column jj, L rows at a time
        for (int jj = 0; jj < w; jj++) {
          int o = offC + (j0 + jj) * ldc + r0;
          for (int t = 0; t < TILE_ROWS; t += L) {
            FloatVector v = FloatVector.fromArray(S, tile, t * NB + jj, TILE_COLUMN, 0);
            if (accumulate) {
              v = v.add(FloatVector.fromArray(S, c, o + t));
            }
            v.intoArray(c, o + t);
          }
        }
        continue;
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
