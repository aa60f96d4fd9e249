package org.neurospark.snn.tensor.cpu;

import org.neurospark.snn.tensor.BinaryOp;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.PoolParams;
import org.neurospark.snn.tensor.UnaryOp;

/**
 * CPU kernels on primitive arrays: element-wise, reductions, GEMM dispatch, im2col convolution, pooling, softmax.
 * The 64-bit kernels are generated from this file at build time (see src/build and the pom); edit only this file.
 */
final class KernelsF {
  private KernelsF() {}

  static final int GRAIN = 1 << 15;

  // ------------------------------------------------------------------ element-wise

  static void fill(float[] o, StridedLoop l, int off, float v) {
    int is = l.innerStride(0);
    int n = l.inner;
    Cpu.parallelFor(l.rows, Math.max(1, GRAIN / Math.max(n, 1)), (r0, r1) -> {
      StridedLoop.Cursor c = l.cursor(r0, off);
      for (int r = r0; r < r1; r++) {
        int p = c.off[0];
        if (is == 1) {
          java.util.Arrays.fill(o, p, p + n, v);
        } else {
          for (int i = 0; i < n; i++) {
            o[p + i * is] = v;
          }
        }
        c.next();
      }
    });
  }

  /** Strided copy; l has operands (src, dst). */
  static void copy(float[] a, int aoff, float[] o, int ooff, StridedLoop l) {
    int as = l.innerStride(0);
    int os = l.innerStride(1);
    int n = l.inner;
    Cpu.parallelFor(l.rows, Math.max(1, GRAIN / Math.max(n, 1)), (r0, r1) -> {
      StridedLoop.Cursor c = l.cursor(r0, aoff, ooff);
      for (int r = r0; r < r1; r++) {
        int pa = c.off[0];
        int po = c.off[1];
        if (as == 1 && os == 1) {
          System.arraycopy(a, pa, o, po, n);
        } else {
          for (int i = 0; i < n; i++) {
            o[po + i * os] = a[pa + i * as];
          }
        }
        c.next();
      }
    });
  }

  /** out (contiguous, offset 0) = op(a); l has operands (a, out). */
  static void unary(UnaryOp op, float p, float[] a, int aoff, float[] o, StridedLoop l) {
    int as = l.innerStride(0);
    int n = l.inner;
    Cpu.parallelFor(l.rows, Math.max(1, GRAIN / Math.max(n, 1)), (r0, r1) -> {
      StridedLoop.Cursor c = l.cursor(r0, aoff, 0);
      for (int r = r0; r < r1; r++) {
        unaryRow(op, p, a, c.off[0], as, o, c.off[1], n);
        c.next();
      }
    });
  }

  static void unaryRow(UnaryOp op, float p, float[] a, int ao, int as, float[] o, int oo, int n) {
    if (as != 1) {
      for (int i = 0; i < n; i++) {
        o[oo + i] = unaryScalar(op, p, a[ao + i * as]);
      }
      return;
    }
    switch (op) {
      case NEG:
        for (int i = 0; i < n; i++) {
          o[oo + i] = -a[ao + i];
        }
        break;
      case ADD_SCALAR:
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] + p;
        }
        break;
      case MUL_SCALAR:
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] * p;
        }
        break;
      case RSUB_SCALAR:
        for (int i = 0; i < n; i++) {
          o[oo + i] = p - a[ao + i];
        }
        break;
      case RELU:
        for (int i = 0; i < n; i++) {
          float x = a[ao + i];
          o[oo + i] = x > 0 ? x : 0;
        }
        break;
      case SQUARE:
        for (int i = 0; i < n; i++) {
          float x = a[ao + i];
          o[oo + i] = x * x;
        }
        break;
      case GE_SCALAR:
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] >= p ? 1 : 0;
        }
        break;
      case EXP:
        for (int i = 0; i < n; i++) {
          o[oo + i] = (float) Math.exp(a[ao + i]);
        }
        break;
      case LOG:
        for (int i = 0; i < n; i++) {
          o[oo + i] = (float) Math.log(a[ao + i]);
        }
        break;
      case SIGMOID:
        for (int i = 0; i < n; i++) {
          o[oo + i] = (float) (1.0 / (1.0 + Math.exp(-a[ao + i])));
        }
        break;
      case TANH:
        for (int i = 0; i < n; i++) {
          o[oo + i] = (float) Math.tanh(a[ao + i]);
        }
        break;
      case SQRT:
        for (int i = 0; i < n; i++) {
          o[oo + i] = (float) Math.sqrt(a[ao + i]);
        }
        break;
      case CLAMP_MIN:
        for (int i = 0; i < n; i++) {
          float x = a[ao + i];
          o[oo + i] = x < p ? p : x;
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          o[oo + i] = unaryScalar(op, p, a[ao + i]);
        }
    }
  }

  static float unaryScalar(UnaryOp op, float p, float x) {
    switch (op) {
      case NEG: return -x;
      case EXP: return (float) Math.exp(x);
      case LOG: return (float) Math.log(x);
      case SIGMOID: return (float) (1.0 / (1.0 + Math.exp(-x)));
      case TANH: return (float) Math.tanh(x);
      case RELU: return x > 0 ? x : 0;
      case SQRT: return (float) Math.sqrt(x);
      case ABS: return Math.abs(x);
      case SIGN: return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x;
      case RECIPROCAL: return 1 / x;
      case SQUARE: return x * x;
      case ADD_SCALAR: return x + p;
      case MUL_SCALAR: return x * p;
      case RSUB_SCALAR: return p - x;
      case RDIV_SCALAR: return p / x;
      case POW_SCALAR: return p == 2 ? x * x : p == 1 ? x : (float) Math.pow(x, p);
      case CLAMP_MIN: return x < p ? p : x;
      case CLAMP_MAX: return x > p ? p : x;
      case GE_SCALAR: return x >= p ? 1 : 0;
      case GT_SCALAR: return x > p ? 1 : 0;
      case EQ_SCALAR: return x == p ? 1 : 0;
      default: throw new IllegalArgumentException(op.name());
    }
  }

  /** out (contiguous, offset 0) = op(a, b); l has operands (a, b, out). */
  static void binary(BinaryOp op, float[] a, int aoff, float[] b, int boff, float[] o, StridedLoop l) {
    int as = l.innerStride(0);
    int bs = l.innerStride(1);
    int n = l.inner;
    Cpu.parallelFor(l.rows, Math.max(1, GRAIN / Math.max(n, 1)), (r0, r1) -> {
      StridedLoop.Cursor c = l.cursor(r0, aoff, boff, 0);
      for (int r = r0; r < r1; r++) {
        binaryRow(op, a, c.off[0], as, b, c.off[1], bs, o, c.off[2], n);
        c.next();
      }
    });
  }

  static void binaryRow(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo,
      int n) {
    if (as == 1 && bs == 1) {
      switch (op) {
        case ADD:
          for (int i = 0; i < n; i++) {
            o[oo + i] = a[ao + i] + b[bo + i];
          }
          return;
        case SUB:
          for (int i = 0; i < n; i++) {
            o[oo + i] = a[ao + i] - b[bo + i];
          }
          return;
        case MUL:
          for (int i = 0; i < n; i++) {
            o[oo + i] = a[ao + i] * b[bo + i];
          }
          return;
        case DIV:
          for (int i = 0; i < n; i++) {
            o[oo + i] = a[ao + i] / b[bo + i];
          }
          return;
        case SIGMOID_BACKWARD:
          for (int i = 0; i < n; i++) {
            float y = b[bo + i];
            o[oo + i] = a[ao + i] * y * (1 - y);
          }
          return;
        case TANH_BACKWARD:
          for (int i = 0; i < n; i++) {
            float y = b[bo + i];
            o[oo + i] = a[ao + i] * (1 - y * y);
          }
          return;
        case RELU_BACKWARD:
          for (int i = 0; i < n; i++) {
            o[oo + i] = b[bo + i] > 0 ? a[ao + i] : 0;
          }
          return;
        default:
          break;
      }
    } else if (as == 0 && bs == 1) {
      float x = a[ao];
      switch (op) {
        case ADD:
          for (int i = 0; i < n; i++) {
            o[oo + i] = x + b[bo + i];
          }
          return;
        case SUB:
          for (int i = 0; i < n; i++) {
            o[oo + i] = x - b[bo + i];
          }
          return;
        case MUL:
          for (int i = 0; i < n; i++) {
            o[oo + i] = x * b[bo + i];
          }
          return;
        default:
          break;
      }
    } else if (as == 1 && bs == 0) {
      float y = b[bo];
      switch (op) {
        case ADD:
          for (int i = 0; i < n; i++) {
            o[oo + i] = a[ao + i] + y;
          }
          return;
        case SUB:
          for (int i = 0; i < n; i++) {
            o[oo + i] = a[ao + i] - y;
          }
          return;
        case MUL:
          for (int i = 0; i < n; i++) {
            o[oo + i] = a[ao + i] * y;
          }
          return;
        case DIV:
          for (int i = 0; i < n; i++) {
            o[oo + i] = a[ao + i] / y;
          }
          return;
        default:
          break;
      }
    }
    for (int i = 0; i < n; i++) {
      o[oo + i] = binaryScalar(op, a[ao + i * as], b[bo + i * bs]);
    }
  }

  static float binaryScalar(BinaryOp op, float x, float y) {
    switch (op) {
      case ADD: return x + y;
      case SUB: return x - y;
      case MUL: return x * y;
      case DIV: return x / y;
      case POW: return (float) Math.pow(x, y);
      case MAXIMUM: return x != x || y != y ? Float.NaN : Math.max(x, y);
      case MINIMUM: return x != x || y != y ? Float.NaN : Math.min(x, y);
      case GT: return x > y ? 1 : 0;
      case GE: return x >= y ? 1 : 0;
      case EQ: return x == y ? 1 : 0;
      case SIGMOID_BACKWARD: return x * y * (1 - y);
      case TANH_BACKWARD: return x * (1 - y * y);
      case RELU_BACKWARD: return y > 0 ? x : 0;
      default: throw new IllegalArgumentException(op.name());
    }
  }

  // ------------------------------------------------------------------ reductions

  /**
   * Sum reduction: l has operands (a, out) where out's strides are 0 on reduced dims; out has {@code outN}
   * contiguous elements from offset 0. Threads accumulate private double partials.
   */
  static void sum(float[] a, int aoff, float[] o, int outN, StridedLoop l) {
    int as = l.innerStride(0);
    int os = l.innerStride(1);
    int n = l.inner;
    if (as == 1 && os == 1 && rowsShareOutput(l)) {
      sumRows(a, aoff, o, l);
      return;
    }
    int threads = Cpu.inWorker() ? 1 : Cpu.threads();
    int chunks = (int) Math.max(1, Math.min(threads, (long) l.rows * n / GRAIN));
    double[][] part = new double[chunks][outN];
    Cpu.parallelFor(chunks, 1, (c0, c1) -> {
      for (int ch = c0; ch < c1; ch++) {
        int r0 = (int) ((long) l.rows * ch / chunks);
        int r1 = (int) ((long) l.rows * (ch + 1) / chunks);
        double[] acc = part[ch];
        StridedLoop.Cursor c = l.cursor(r0, aoff, 0);
        for (int r = r0; r < r1; r++) {
          int pa = c.off[0];
          int po = c.off[1];
          if (os == 0) {
            double s = 0;
            if (as == 1) {
              for (int i = 0; i < n; i++) {
                s += a[pa + i];
              }
            } else {
              for (int i = 0; i < n; i++) {
                s += a[pa + i * as];
              }
            }
            acc[po] += s;
          } else if (as == 1 && os == 1) {
            for (int i = 0; i < n; i++) {
              acc[po + i] += a[pa + i];
            }
          } else {
            for (int i = 0; i < n; i++) {
              acc[po + i * os] += a[pa + i * as];
            }
          }
          c.next();
        }
      }
    });
    for (int i = 0; i < outN; i++) {
      double s = 0;
      for (int ch = 0; ch < chunks; ch++) {
        s += part[ch][i];
      }
      o[i] = (float) s;
    }
  }

  /** True when every row of l writes the same output row (all reduced dims are outer: out strides 0 there). */
  private static boolean rowsShareOutput(StridedLoop l) {
    for (int d = 0; d < l.shape.length - 1; d++) {
      if (l.strides[1][d] != 0) {
        return false;
      }
    }
    return true;
  }

  static final int SUM_BLOCK = 2048;

  /**
   * Sum over leading dims (e.g. a gradient broadcast over T summed back): out[i] = Σ_r a[row r][i] over the rows
   * in order, in float64, one block of columns at a time (a small accumulator, the rows streamed once), parallel
   * over column blocks: the result does not depend on the thread count.
   */
  private static void sumRows(float[] a, int aoff, float[] o, StridedLoop l) {
    int n = l.inner;
    int rows = l.rows;
    Cpu.parallelFor(n, Math.max(SUM_BLOCK, GRAIN / Math.max(1, rows)), (i0, i1) -> {
      double[] acc = new double[Math.min(SUM_BLOCK, i1 - i0)];
      for (int b0 = i0; b0 < i1; b0 += SUM_BLOCK) {
        int bn = Math.min(SUM_BLOCK, i1 - b0);
        java.util.Arrays.fill(acc, 0, bn, 0);
        StridedLoop.Cursor c = l.cursor(0, aoff, 0);
        for (int r = 0; r < rows; r++) {
          int pa = c.off[0] + b0;
          if (VECTOR) {
            VectorOps.accumulateRow(a, pa, acc, bn);
          } else {
            for (int i = 0; i < bn; i++) {
              acc[i] += a[pa + i];
            }
          }
          c.next();
        }
        for (int i = 0; i < bn; i++) {
          o[b0 + i] = (float) acc[i];
        }
      }
    });
  }

  /** Max over the middle dim of contiguous a viewed as [outer, n, inner]. */
  static void max(float[] a, int aoff, int outer, int n, int inner, float[] o, int[] arg) {
    Cpu.parallelFor(outer, Math.max(1, GRAIN / Math.max(1, n * inner)), (q0, q1) -> {
      for (int q = q0; q < q1; q++) {
        for (int in = 0; in < inner; in++) {
          int base = aoff + q * n * inner + in;
          float best = a[base];
          int bi = 0;
          for (int k = 1; k < n && best == best; k++) {
            float v = a[base + k * inner];
            if (v > best || v != v) {
              best = v;
              bi = k;
            }
          }
          o[q * inner + in] = best;
          arg[q * inner + in] = bi;
        }
      }
    });
  }

  // ------------------------------------------------------------------ GEMM

  /**
   * True when the Vector API module is present (JVM flag {@code --add-modules jdk.incubator.vector}) and not
   * disabled with {@code -Dneurospark.vector=false}: GEMM then uses the register-tiled {@link VectorGemmF}.
   */
  static final boolean VECTOR = Boolean.parseBoolean(System.getProperty("neurospark.vector", "true"))
      && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  static final int KC = 256;
  static final int NC = 512;
  static final int MC = 64;

  /**
   * Row-major C = alpha op(A) op(B) + beta C, multi-threaded for large products unless called from inside a
   * parallel loop: {@link VectorGemmF} (C split by columns or rows per thread; beta = 0 zero-fills each thread's
   * block) or, without the Vector API, {@link #plainGemm} (row block × column block tiles).
   */
  static void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int offA, int lda,
      float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (VECTOR && beta == 0 && k > 0 && alpha != 0) {
      // C zero-filled block by block by the threads that then accumulate into it (not in a serial pass first)
      VectorGemmF.gemm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc, true);
      return;
    }
    if (beta != 1) {
      for (int i = 0; i < m; i++) {
        int r = offC + i * ldc;
        if (beta == 0) {
          java.util.Arrays.fill(c, r, r + n, 0);
        } else {
          for (int j = 0; j < n; j++) {
            c[r + j] *= beta;
          }
        }
      }
    }
    if (k == 0 || alpha == 0) {
      return;
    }
    if (VECTOR) {
      VectorGemmF.gemm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc);
    } else {
      plainGemm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc);
    }
  }

  /** Plain-Java blocked kernel (the JIT auto-vectorises its inner loop); C += alpha op(A) op(B). */
  static void plainGemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int offA, int lda,
      float[] b, int offB, int ldb, float[] c, int offC, int ldc) {
    int mBlocks = (m + MC - 1) / MC;
    int nBlocks = (n + NC - 1) / NC;
    int tiles = mBlocks * nBlocks;
    long flops = 2L * m * n * k;
    int grain = flops < 4_000_000 ? tiles : 1;
    Cpu.parallelFor(tiles, grain, (t0, t1) -> {
      float[] pack = tb ? Scratch.floats(Scratch.GEMM_B, KC * NC) : null;
      for (int t = t0; t < t1; t++) {
        int mb = t / nBlocks;
        int nb = t % nBlocks;
        int i0 = mb * MC;
        int i1 = Math.min(m, i0 + MC);
        int j0 = nb * NC;
        int j1 = Math.min(n, j0 + NC);
        tile(ta, tb, i0, i1, j0, j1, k, alpha, a, offA, lda, b, offB, ldb, c, offC, ldc, pack);
      }
    });
  }

  private static void tile(boolean ta, boolean tb, int i0, int i1, int j0, int j1, int k, float alpha, float[] a,
      int offA, int lda, float[] b, int offB, int ldb, float[] c, int offC, int ldc, float[] pack) {
    int w = j1 - j0;
    for (int p0 = 0; p0 < k; p0 += KC) {
      int p1 = Math.min(k, p0 + KC);
      float[] bb;
      int bOff;
      int bStride;
      if (tb) {
        // pack B^T rows: element (p, j) of op(B) is b[offB + j*ldb + p]
        for (int p = p0; p < p1; p++) {
          int dst = (p - p0) * w;
          for (int j = 0; j < w; j++) {
            pack[dst + j] = b[offB + (j0 + j) * ldb + p];
          }
        }
        bb = pack;
        bOff = -p0 * w;
        bStride = w;
      } else {
        bb = b;
        bOff = offB + j0;
        bStride = ldb;
      }
      // now op(B)(p, j0 + j) = bb[bOff + p * bStride + j]
      int sA = ta ? 1 : lda;
      int pA = ta ? lda : 1;
      int i = i0;
      for (; i + 1 < i1; i += 2) {
        int c0 = offC + i * ldc + j0;
        int c1 = c0 + ldc;
        int ar0 = offA + i * sA;
        int ar1 = ar0 + sA;
        int p = p0;
        for (; p + 3 < p1; p += 4) {
          float a00 = alpha * a[ar0 + p * pA];
          float a01 = alpha * a[ar0 + (p + 1) * pA];
          float a02 = alpha * a[ar0 + (p + 2) * pA];
          float a03 = alpha * a[ar0 + (p + 3) * pA];
          float a10 = alpha * a[ar1 + p * pA];
          float a11 = alpha * a[ar1 + (p + 1) * pA];
          float a12 = alpha * a[ar1 + (p + 2) * pA];
          float a13 = alpha * a[ar1 + (p + 3) * pA];
          int b0 = bOff + p * bStride;
          int b1 = b0 + bStride;
          int b2 = b1 + bStride;
          int b3 = b2 + bStride;
          for (int j = 0; j < w; j++) {
            float x0 = bb[b0 + j];
            float x1 = bb[b1 + j];
            float x2 = bb[b2 + j];
            float x3 = bb[b3 + j];
            c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
            c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
          }
        }
        for (; p < p1; p++) {
          float a0 = alpha * a[ar0 + p * pA];
          float a1 = alpha * a[ar1 + p * pA];
          int b0 = bOff + p * bStride;
          for (int j = 0; j < w; j++) {
            float x0 = bb[b0 + j];
            c[c0 + j] += a0 * x0;
            c[c1 + j] += a1 * x0;
          }
        }
      }
      for (; i < i1; i++) {
        int c0 = offC + i * ldc + j0;
        int ar0 = offA + i * sA;
        for (int p = p0; p < p1; p++) {
          float a0 = alpha * a[ar0 + p * pA];
          int b0 = bOff + p * bStride;
          for (int j = 0; j < w; j++) {
            c[c0 + j] += a0 * bb[b0 + j];
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ convolution

  /** im2col of one image x[c, h, w] (channels cFrom..cFrom+cn) into col [cn*kh*kw, ho*wo]. */
  static void im2col(float[] x, int xoff, int h, int w, int cn, int kh, int kw, ConvParams p, int ho, int wo,
      float[] col) {
    im2col(x, xoff, h, w, cn, kh, kw, p, ho, wo, col, 0, ho * wo);
  }

  /**
   * im2col of one image into the columns {@code [coff, coff + ho*wo)} of a row-major col matrix with {@code ld}
   * columns (several images side by side form one wide GEMM operand).
   */
  static void im2col(float[] x, int xoff, int h, int w, int cn, int kh, int kw, ConvParams p, int ho, int wo,
      float[] col, int coff, int ld) {
    if (rowShift(p, w, wo)) {
      im2colShift(x, xoff, h, w, cn, kh, kw, p, ho, col, coff, ld);
    } else {
      im2colGeneric(x, xoff, h, w, cn, kh, kw, p, ho, wo, col, coff, ld);
    }
  }

  /** {@link #im2col} for any geometry: one row segment at a time. */
  static void im2colGeneric(float[] x, int xoff, int h, int w, int cn, int kh, int kw, ConvParams p, int ho, int wo,
      float[] col, int coff, int ld) {
    for (int ch = 0; ch < cn; ch++) {
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          int row = coff + ((ch * kh + ki) * kw + kj) * ld;
          int xc = xoff + ch * h * w;
          int dj = kj * p.dilationW() - p.padW();
          for (int oh = 0; oh < ho; oh++) {
            int ih = oh * p.strideH() - p.padH() + ki * p.dilationH();
            int dst = row + oh * wo;
            if (ih < 0 || ih >= h) {
              java.util.Arrays.fill(col, dst, dst + wo, 0);
              continue;
            }
            int src = xc + ih * w;
            if (p.strideW() == 1) {
              // valid ow range: 0 <= ow + dj < w
              int lo = Math.max(0, -dj);
              int hi = Math.min(wo, w - dj);
              if (hi < lo) {
                hi = lo;
              }
              for (int ow = 0; ow < lo; ow++) {
                col[dst + ow] = 0;
              }
              if (hi > lo) {
                System.arraycopy(x, src + lo + dj, col, dst + lo, hi - lo);
              }
              for (int ow = Math.max(hi, lo); ow < wo; ow++) {
                col[dst + ow] = 0;
              }
            } else {
              for (int ow = 0; ow < wo; ow++) {
                int iw = ow * p.strideW() + dj;
                col[dst + ow] = iw >= 0 && iw < w ? x[src + iw] : 0;
              }
            }
          }
        }
      }
    }
  }

  /**
   * True when every im2col row is the image shifted by a fixed offset (stride 1, no column dilation, output as wide
   * as the input, |column shift| &lt; w: e.g. 3×3 with padding 1), so that a block of valid rows is one flat copy.
   */
  static boolean rowShift(ConvParams p, int w, int wo) {
    return p.strideH() == 1 && p.strideW() == 1 && p.dilationW() == 1 && wo == w
        && p.padW() < w && w > 0;
  }

  /**
   * {@link #im2col} for {@link #rowShift} convolutions: per (channel, ki, kj) one flat copy of the valid input
   * rows shifted by the column offset, then zeros at the columns that fall outside the image (same values).
   */
  static void im2colShift(float[] x, int xoff, int h, int w, int cn, int kh, int kw, ConvParams p, int ho,
      float[] col, int coff, int ld) {
    int hw = ho * w;
    for (int ch = 0; ch < cn; ch++) {
      int xc = xoff + ch * h * w;
      for (int ki = 0; ki < kh; ki++) {
        int di = ki * p.dilationH() - p.padH();
        // valid output rows: 0 <= oh + di < h
        int oh0 = Math.min(ho, Math.max(0, -di));
        int oh1 = Math.max(oh0, Math.min(ho, h - di));
        for (int kj = 0; kj < kw; kj++) {
          int dj = kj - p.padW();
          int row = coff + ((ch * kh + ki) * kw + kj) * ld;
          java.util.Arrays.fill(col, row, row + oh0 * w, 0);
          java.util.Arrays.fill(col, row + oh1 * w, row + hw, 0);
          if (oh1 == oh0) {
            continue;
          }
          int dst = row + oh0 * w;
          int src = xc + (oh0 + di) * w + dj;
          int len = (oh1 - oh0) * w;
          if (dj >= w || -dj >= w) {
            java.util.Arrays.fill(col, dst, dst + len, 0);
            continue;
          }
          // elements i with 0 <= (i % w) + dj < w are valid; the flat copy skips the first -dj (or last dj)
          // elements, which would read outside the rows, and the wrapped columns are zeroed after
          int lo = Math.max(0, -dj);
          int hi = len - Math.max(0, dj);
          System.arraycopy(x, src + lo, col, dst + lo, hi - lo);
          if (dj < 0) {
            for (int r = dst; r < dst + len; r += w) {
              for (int j = 0; j < -dj; j++) {
                col[r + j] = 0;
              }
            }
          } else if (dj > 0) {
            for (int r = dst + w - dj; r < dst + len; r += w) {
              for (int j = 0; j < dj; j++) {
                col[r + j] = 0;
              }
            }
          }
        }
      }
    }
  }

  /** Adds col [cn*kh*kw, ho*wo] back into image gx[c, h, w] (the adjoint of im2col). */
  static void col2im(float[] col, int cn, int kh, int kw, ConvParams p, int ho, int wo, float[] gx, int gxoff,
      int h, int w) {
    col2im(col, 0, ho * wo, cn, kh, kw, p, ho, wo, gx, gxoff, h, w);
  }

  /** {@link #col2im} reading the columns {@code [coff, coff + ho*wo)} of a col matrix with {@code ld} columns. */
  static void col2im(float[] col, int coff, int ld, int cn, int kh, int kw, ConvParams p, int ho, int wo,
      float[] gx, int gxoff, int h, int w) {
    if (VECTOR && rowShift(p, w, wo)) {
      VectorOps.col2imShift(col, coff, ld, cn, kh, kw, p, ho, gx, gxoff, h, w);
    } else {
      col2imGeneric(col, coff, ld, cn, kh, kw, p, ho, wo, gx, gxoff, h, w);
    }
  }

  /** {@link #col2im} for any geometry: one row segment at a time. */
  static void col2imGeneric(float[] col, int coff, int ld, int cn, int kh, int kw, ConvParams p, int ho, int wo,
      float[] gx, int gxoff, int h, int w) {
    for (int ch = 0; ch < cn; ch++) {
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          int row = coff + ((ch * kh + ki) * kw + kj) * ld;
          int xc = gxoff + ch * h * w;
          int dj = kj * p.dilationW() - p.padW();
          for (int oh = 0; oh < ho; oh++) {
            int ih = oh * p.strideH() - p.padH() + ki * p.dilationH();
            if (ih < 0 || ih >= h) {
              continue;
            }
            int src = row + oh * wo;
            int dst = xc + ih * w;
            if (p.strideW() == 1) {
              int lo = Math.max(0, -dj);
              int hi = Math.min(wo, w - dj);
              for (int ow = lo; ow < hi; ow++) {
                gx[dst + ow + dj] += col[src + ow];
              }
            } else {
              for (int ow = 0; ow < wo; ow++) {
                int iw = ow * p.strideW() + dj;
                if (iw >= 0 && iw < w) {
                  gx[dst + iw] += col[src + ow];
                }
              }
            }
          }
        }
      }
    }
  }

  private static boolean pointwise(int kh, int kw, ConvParams p) {
    return kh == 1 && kw == 1 && p.strideH() == 1 && p.strideW() == 1 && p.padH() == 0 && p.padW() == 0;
  }

  /** Column budget (elements) of one batched im2col matrix: several images per GEMM up to this size. */
  static final int COL_BUDGET = 1 << 21;

  /**
   * How many images one convolution GEMM covers: 1 (per image) for grouped or pointwise convolutions, small
   * batches and short reductions (ck &lt; 64: there the scatter copy costs more than the wider GEMM saves), else up
   * to 8 within {@link #COL_BUDGET}, keeping at least two chunks per thread for balance.
   */
  static int samplesPerGemm(int n, int g, boolean pw, int ck, int hw) {
    if (g != 1 || pw || n < 2 || ck < 64) {
      return 1;
    }
    int byBudget = (int) Math.max(1, COL_BUDGET / Math.max(1L, (long) ck * hw));
    int byBalance = Math.max(1, n / (2 * Math.max(1, Cpu.inWorker() ? 1 : Cpu.threads())));
    return Math.min(8, Math.min(byBudget, byBalance));
  }

  /** x [n, c, h, w], wt [co, c/g, kh, kw] → out [n, co, ho, wo]; all contiguous (offsets given). */
  static void conv2d(float[] x, int xoff, int n, int c, int h, int w, float[] wt, int woff, int co, int kh, int kw,
      ConvParams p, float[] out, int ho, int wo) {
    int g = p.groups();
    int cg = c / g;
    int cog = co / g;
    int ck = cg * kh * kw;
    int hw = ho * wo;
    boolean pw = pointwise(kh, kw, p);
    int sb = samplesPerGemm(n, g, pw, ck, hw);
    if (sb > 1) {
      // several images side by side: col [ck, sb*hw], one GEMM W · col into [co, sb*hw], then scattered per image;
      // each output element sums the same products in the same order as the per-image GEMM (bit-identical)
      int chunks = (n + sb - 1) / sb;
      Cpu.parallelFor(chunks, 1, (c0, c1) -> {
        float[] col = Scratch.floats(Scratch.COL, ck * sb * hw);
        float[] tmp = Scratch.floats(Scratch.CONV_TMP, co * sb * hw);
        for (int ci = c0; ci < c1; ci++) {
          int s0 = ci * sb;
          int ns = Math.min(sb, n - s0);
          int ld = ns * hw;
          for (int s = 0; s < ns; s++) {
            im2col(x, xoff + (s0 + s) * c * h * w, h, w, c, kh, kw, p, ho, wo, col, s * hw, ld);
          }
          gemm(false, false, co, ld, ck, 1, wt, woff, ck, col, 0, ld, 0, tmp, 0, ld);
          for (int s = 0; s < ns; s++) {
            for (int o = 0; o < co; o++) {
              System.arraycopy(tmp, o * ld + s * hw, out, ((s0 + s) * co + o) * hw, hw);
            }
          }
        }
      });
      return;
    }
    boolean perSample = n >= Cpu.threads() || Cpu.inWorker();
    Cpu.parallelFor(n, perSample ? 1 : n, (n0, n1) -> {
      float[] col = pw ? null : Scratch.floats(Scratch.COL, ck * hw);
      for (int s = n0; s < n1; s++) {
        for (int gi = 0; gi < g; gi++) {
          int xo = xoff + (s * c + gi * cg) * h * w;
          float[] bm;
          int bo;
          if (pw) {
            bm = x;
            bo = xo;
          } else {
            im2col(x, xo, h, w, cg, kh, kw, p, ho, wo, col);
            bm = col;
            bo = 0;
          }
          gemm(false, false, cog, hw, ck, 1, wt, woff + gi * cog * ck, ck, bm, bo, hw, 0, out,
              (s * co + gi * cog) * hw, hw);
        }
      }
    });
  }

  /** gradX [n, c, h, w] (overwritten) from gradOut [n, co, ho, wo] and wt. */
  static void conv2dBackwardInput(float[] go, int gooff, int n, int c, int h, int w, float[] wt, int woff, int co,
      int kh, int kw, ConvParams p, float[] gx, int ho, int wo) {
    int g = p.groups();
    int cg = c / g;
    int cog = co / g;
    int ck = cg * kh * kw;
    int hw = ho * wo;
    boolean pw = pointwise(kh, kw, p);
    int sb = samplesPerGemm(n, g, pw, ck, hw);
    if (sb > 1) {
      // gradOut of several images side by side [co, sb*hw], one GEMM Wᵀ · g into col [ck, sb*hw], then col2im per
      // image; each col element sums the same products in the same order as the per-image GEMM (bit-identical)
      int chunks = (n + sb - 1) / sb;
      // Wᵀ [ck, co] once per call, so that every chunk packs GEMM rows from contiguous memory (same values)
      float[] wtT = new float[ck * co];
      for (int o = 0; o < co; o++) {
        for (int q = 0; q < ck; q++) {
          wtT[q * co + o] = wt[woff + o * ck + q];
        }
      }
      Cpu.parallelFor(chunks, 1, (c0, c1) -> {
        float[] col = Scratch.floats(Scratch.COL, ck * sb * hw);
        float[] tmp = Scratch.floats(Scratch.CONV_TMP, co * sb * hw);
        for (int ci = c0; ci < c1; ci++) {
          int s0 = ci * sb;
          int ns = Math.min(sb, n - s0);
          int ld = ns * hw;
          for (int s = 0; s < ns; s++) {
            for (int o = 0; o < co; o++) {
              System.arraycopy(go, gooff + ((s0 + s) * co + o) * hw, tmp, o * ld + s * hw, hw);
            }
          }
          gemm(false, false, ck, ld, co, 1, wtT, 0, co, tmp, 0, ld, 0, col, 0, ld);
          for (int s = 0; s < ns; s++) {
            int gxo = (s0 + s) * c * h * w;
            java.util.Arrays.fill(gx, gxo, gxo + c * h * w, 0);
            col2im(col, s * hw, ld, c, kh, kw, p, ho, wo, gx, gxo, h, w);
          }
        }
      });
      return;
    }
    boolean perSample = n >= Cpu.threads() || Cpu.inWorker();
    Cpu.parallelFor(n, perSample ? 1 : n, (n0, n1) -> {
      float[] col = pw ? null : Scratch.floats(Scratch.COL, ck * hw);
      for (int s = n0; s < n1; s++) {
        int gxo = s * c * h * w;
        java.util.Arrays.fill(gx, gxo, gxo + c * h * w, 0);
        for (int gi = 0; gi < g; gi++) {
          int goo = gooff + (s * co + gi * cog) * hw;
          if (pw) {
            gemm(true, false, ck, hw, cog, 1, wt, woff + gi * cog * ck, ck, go, goo, hw, 0, gx,
                gxo + gi * cg * h * w, hw);
          } else {
            gemm(true, false, ck, hw, cog, 1, wt, woff + gi * cog * ck, ck, go, goo, hw, 0, col, 0, hw);
            col2im(col, cg, kh, kw, p, ho, wo, gx, gxo + gi * cg * h * w, h, w);
          }
        }
      }
    });
  }

  /** gradW [co, c/g, kh, kw] (overwritten) from gradOut and x. */
  static void conv2dBackwardWeight(float[] go, int gooff, float[] x, int xoff, int n, int c, int h, int w, int co,
      int kh, int kw, ConvParams p, float[] gw, int ho, int wo) {
    int g = p.groups();
    int cg = c / g;
    int cog = co / g;
    int ck = cg * kh * kw;
    int hw = ho * wo;
    boolean pw = pointwise(kh, kw, p);
    int threads = Cpu.inWorker() ? 1 : Math.min(Cpu.threads(), n);
    // gWᵀ = col · gᵀ (col packed as contiguous A rows) measured faster both for a short reduction axis (first
    // layer, ck = 9) and for a long one (ck = 1152 vs 128 filters) than gW = g · colᵀ
    boolean transposed = (ck < 32 && cog >= 2 * ck) || ck >= 4 * cog;
    float[][] part = new float[threads][];
    Cpu.parallelFor(threads, 1, (t0, t1) -> {
      for (int t = t0; t < t1; t++) {
        float[] acc = new float[co * ck];
        float[] col = pw ? null : Scratch.floats(Scratch.COL, ck * hw);
        int s0 = (int) ((long) n * t / threads);
        int s1 = (int) ((long) n * (t + 1) / threads);
        for (int s = s0; s < s1; s++) {
          for (int gi = 0; gi < g; gi++) {
            int xo = xoff + (s * c + gi * cg) * h * w;
            float[] bm;
            int bo;
            if (pw) {
              bm = x;
              bo = xo;
            } else {
              im2col(x, xo, h, w, cg, kh, kw, p, ho, wo, col);
              bm = col;
              bo = 0;
            }
            if (transposed) {
              // gWᵀ [ck, cog] += col · gᵀ: ck fills the GEMM's short row panels, col is packed from contiguous
              // rows; the same products are summed in the same order
              gemm(false, true, ck, cog, hw, 1, bm, bo, hw, go, gooff + (s * co + gi * cog) * hw, hw, 1, acc,
                  gi * cog * ck, cog);
            } else {
              gemm(false, true, cog, ck, hw, 1, go, gooff + (s * co + gi * cog) * hw, hw, bm, bo, hw, 1, acc,
                  gi * cog * ck, ck);
            }
          }
        }
        if (transposed) {
          float[] tr = new float[co * ck];
          for (int gi = 0; gi < g; gi++) {
            int base = gi * cog * ck;
            for (int o = 0; o < cog; o++) {
              for (int q = 0; q < ck; q++) {
                tr[base + o * ck + q] = acc[base + q * cog + o];
              }
            }
          }
          acc = tr;
        }
        part[t] = acc;
      }
    });
    System.arraycopy(part[0], 0, gw, 0, co * ck);
    for (int t = 1; t < threads; t++) {
      float[] pt = part[t];
      for (int i = 0; i < co * ck; i++) {
        gw[i] += pt[i];
      }
    }
  }

  // ------------------------------------------------------------------ pooling

  /**
   * Max pooling with a 2×2 window, stride 2, no padding (the common CNN case): same results and argmax as the
   * generic loop (row-major scan, first maximum wins, the first NaN wins) without per-window bound checks.
   */
  static void maxPool2x2(float[] x, int xoff, int planes, int h, int w, float[] out, int ho, int wo, int[] arg) {
    // the vector path: whole vectors of columns, and a row's last partial vector too where its overrun stays
    // within the next row pair, which the same thread does next (not for a range's last row)
    int lanes = VECTOR ? VectorOps.FL : 0;
    int whole = lanes == 0 ? 0 : wo - wo % lanes;
    int padded = whole == wo ? wo : whole + lanes;
    int overrun = padded - wo <= wo ? padded : whole;
    Cpu.parallelFor(planes, Math.max(1, GRAIN / Math.max(1, h * w)), (q0, q1) -> {
      for (int q = q0; q < q1; q++) {
        int xb = xoff + q * h * w;
        int ob = q * ho * wo;
        for (int oh = 0; oh < ho; oh++) {
          int i0 = 2 * oh * w;
          int r0 = xb + i0;
          int r1 = r0 + w;
          int o = ob + oh * wo;
          int n = q == q1 - 1 && oh == ho - 1 ? whole : overrun;
          int ow0 = n == 0 ? 0 : VectorOps.maxPool2x2Row(x, r0, w, i0, out, arg, o, n);
          for (int ow = ow0; ow < wo; ow++) {
            int j = 2 * ow;
            float a = x[r0 + j];
            float b = x[r0 + j + 1];
            float c = x[r1 + j];
            float d = x[r1 + j + 1];
            int k;
            if ((a != a) | (b != b) | (c != c) | (d != d)) {
              k = a != a ? 0 : b != b ? 1 : c != c ? 2 : 3; // the first NaN wins
            } else {
              // tournament with strict '>' (ties keep the earlier element) = the row-major scan's first maximum;
              // written as selects so that the JIT can use conditional moves on unpredictable data
              int kab = b > a ? 1 : 0;
              float ab = b > a ? b : a;
              int kcd = d > c ? 3 : 2;
              float cd = d > c ? d : c;
              k = cd > ab ? kcd : kab;
            }
            int bi = i0 + (k >> 1) * w + j + (k & 1);
            out[o + ow] = x[xb + bi];
            arg[o + ow] = bi;
          }
        }
      }
    });
  }

  static void maxPool2d(float[] x, int xoff, int planes, int h, int w, PoolParams p, float[] out, int ho, int wo,
      int[] arg) {
    if (p.kernelH() == 2 && p.kernelW() == 2 && p.strideH() == 2 && p.strideW() == 2 && p.padH() == 0
        && p.padW() == 0) {
      maxPool2x2(x, xoff, planes, h, w, out, ho, wo, arg);
      return;
    }
    Cpu.parallelFor(planes, Math.max(1, GRAIN / Math.max(1, h * w)), (q0, q1) -> {
      for (int q = q0; q < q1; q++) {
        int xb = xoff + q * h * w;
        int ob = q * ho * wo;
        for (int oh = 0; oh < ho; oh++) {
          int hs = oh * p.strideH() - p.padH();
          for (int ow = 0; ow < wo; ow++) {
            int ws = ow * p.strideW() - p.padW();
            float best = Float.NEGATIVE_INFINITY;
            int bi = -1;
            for (int i = Math.max(hs, 0); i < Math.min(hs + p.kernelH(), h); i++) {
              for (int j = Math.max(ws, 0); j < Math.min(ws + p.kernelW(), w); j++) {
                float v = x[xb + i * w + j];
                if (v > best || v != v || bi < 0) {
                  best = v;
                  bi = i * w + j;
                  if (v != v) {
                    i = h;
                    break;
                  }
                }
              }
            }
            out[ob + oh * wo + ow] = best;
            arg[ob + oh * wo + ow] = bi;
          }
        }
      }
    });
  }

  static void maxPool2dBackward(float[] go, int gooff, int planes, int ho, int wo, int[] arg, float[] gx, int h,
      int w) {
    Cpu.parallelFor(planes, Math.max(1, GRAIN / Math.max(1, h * w)), (q0, q1) -> {
      for (int q = q0; q < q1; q++) {
        int ob = q * ho * wo;
        int xb = q * h * w;
        java.util.Arrays.fill(gx, xb, xb + h * w, 0);
        for (int o = 0; o < ho * wo; o++) {
          gx[xb + arg[ob + o]] += go[gooff + ob + o];
        }
      }
    });
  }

  static void avgPool2d(float[] x, int xoff, int planes, int h, int w, PoolParams p, float[] out, int ho, int wo) {
    float inv = (float) (1.0 / (p.kernelH() * p.kernelW()));
    Cpu.parallelFor(planes, Math.max(1, GRAIN / Math.max(1, h * w)), (q0, q1) -> {
      for (int q = q0; q < q1; q++) {
        int xb = xoff + q * h * w;
        int ob = q * ho * wo;
        for (int oh = 0; oh < ho; oh++) {
          int hs = oh * p.strideH() - p.padH();
          for (int ow = 0; ow < wo; ow++) {
            int ws = ow * p.strideW() - p.padW();
            float s = 0;
            for (int i = Math.max(hs, 0); i < Math.min(hs + p.kernelH(), h); i++) {
              for (int j = Math.max(ws, 0); j < Math.min(ws + p.kernelW(), w); j++) {
                s += x[xb + i * w + j];
              }
            }
            out[ob + oh * wo + ow] = s * inv;
          }
        }
      }
    });
  }

  static void avgPool2dBackward(float[] go, int gooff, int planes, int ho, int wo, PoolParams p, float[] gx, int h,
      int w) {
    float inv = (float) (1.0 / (p.kernelH() * p.kernelW()));
    java.util.Arrays.fill(gx, 0, planes * h * w, 0);
    Cpu.parallelFor(planes, Math.max(1, GRAIN / Math.max(1, h * w)), (q0, q1) -> {
      for (int q = q0; q < q1; q++) {
        int xb = q * h * w;
        int ob = gooff + q * ho * wo;
        for (int oh = 0; oh < ho; oh++) {
          int hs = oh * p.strideH() - p.padH();
          for (int ow = 0; ow < wo; ow++) {
            int ws = ow * p.strideW() - p.padW();
            float g = go[ob + oh * wo + ow] * inv;
            for (int i = Math.max(hs, 0); i < Math.min(hs + p.kernelH(), h); i++) {
              for (int j = Math.max(ws, 0); j < Math.min(ws + p.kernelW(), w); j++) {
                gx[xb + i * w + j] += g;
              }
            }
          }
        }
      }
    });
  }

  static void adaptiveAvgPool2d(float[] x, int xoff, int planes, int h, int w, float[] out, int ho, int wo,
      boolean backward) {
    // forward: out = mean of window; backward (x = gradOut, out = gradX [planes, h, w] zeroed): scatter
    if (backward) {
      java.util.Arrays.fill(out, 0, planes * h * w, 0);
    }
    Cpu.parallelFor(planes, Math.max(1, GRAIN / Math.max(1, h * w)), (q0, q1) -> {
      for (int q = q0; q < q1; q++) {
        for (int oh = 0; oh < ho; oh++) {
          int hs = oh * h / ho;
          int he = ((oh + 1) * h + ho - 1) / ho;
          for (int ow = 0; ow < wo; ow++) {
            int ws = ow * w / wo;
            int we = ((ow + 1) * w + wo - 1) / wo;
            float inv = (float) (1.0 / ((he - hs) * (we - ws)));
            if (!backward) {
              float s = 0;
              for (int i = hs; i < he; i++) {
                for (int j = ws; j < we; j++) {
                  s += x[xoff + q * h * w + i * w + j];
                }
              }
              out[q * ho * wo + oh * wo + ow] = s * inv;
            } else {
              float g = x[xoff + q * ho * wo + oh * wo + ow] * inv;
              for (int i = hs; i < he; i++) {
                for (int j = ws; j < we; j++) {
                  out[q * h * w + i * w + j] += g;
                }
              }
            }
          }
        }
      }
    });
  }

  // ------------------------------------------------------------------ softmax

  static void softmax(float[] a, int aoff, int rows, int n, boolean log, float[] out) {
    Cpu.parallelFor(rows, Math.max(1, GRAIN / Math.max(1, n)), (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int ab = aoff + r * n;
        int ob = r * n;
        float mx = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          mx = Math.max(mx, a[ab + i]);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += Math.exp(a[ab + i] - mx);
        }
        if (log) {
          float ls = (float) Math.log(s) + mx;
          for (int i = 0; i < n; i++) {
            out[ob + i] = a[ab + i] - ls;
          }
        } else {
          float inv = (float) (1.0 / s);
          for (int i = 0; i < n; i++) {
            out[ob + i] = (float) Math.exp(a[ab + i] - mx) * inv;
          }
        }
      }
    });
  }

  static void softmaxBackward(float[] g, int goff, float[] y, int yoff, int rows, int n, boolean log, float[] gx) {
    Cpu.parallelFor(rows, Math.max(1, GRAIN / Math.max(1, n)), (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int gb = goff + r * n;
        int yb = yoff + r * n;
        int ob = r * n;
        double s = 0;
        if (log) {
          for (int i = 0; i < n; i++) {
            s += g[gb + i];
          }
          for (int i = 0; i < n; i++) {
            gx[ob + i] = g[gb + i] - (float) Math.exp(y[yb + i]) * (float) s;
          }
        } else {
          for (int i = 0; i < n; i++) {
            s += g[gb + i] * y[yb + i];
          }
          for (int i = 0; i < n; i++) {
            gx[ob + i] = y[yb + i] * (g[gb + i] - (float) s);
          }
        }
      }
    });
  }

  // ------------------------------------------------------------------ batch norm

  static void bnStats(float[] x, int xoff, int n, int c, int sp, float[] mean, float[] var) {
    bnStats(x, xoff, n, c, sp, mean, var, VECTOR);
  }

  /**
   * Per-channel mean and biased variance of x [n, c, sp], two passes in float64; {@code vector}: the Vector API
   * sums of {@link VectorOps} (a different summation order: results differ in the last bits).
   */
  static void bnStats(float[] x, int xoff, int n, int c, int sp, float[] mean, float[] var, boolean vector) {
    Cpu.parallelFor(c, Math.max(1, GRAIN / Math.max(1, n * sp)), (c0, c1) -> {
      for (int ch = c0; ch < c1; ch++) {
        if (vector) {
          VectorOps.bnStats(x, xoff, n, c, sp, ch, mean, var);
          continue;
        }
        // four independent accumulators: the sums are latency-bound otherwise
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < n; i++) {
          int base = xoff + (i * c + ch) * sp;
          int j = 0;
          for (; j + 3 < sp; j += 4) {
            s0 += x[base + j];
            s1 += x[base + j + 1];
            s2 += x[base + j + 2];
            s3 += x[base + j + 3];
          }
          for (; j < sp; j++) {
            s0 += x[base + j];
          }
        }
        double m = ((s0 + s1) + (s2 + s3)) / ((double) n * sp);
        s0 = 0;
        s1 = 0;
        s2 = 0;
        s3 = 0;
        for (int i = 0; i < n; i++) {
          int base = xoff + (i * c + ch) * sp;
          int j = 0;
          for (; j + 3 < sp; j += 4) {
            double d0 = x[base + j] - m;
            double d1 = x[base + j + 1] - m;
            double d2 = x[base + j + 2] - m;
            double d3 = x[base + j + 3] - m;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
          }
          for (; j < sp; j++) {
            double d = x[base + j] - m;
            s0 += d * d;
          }
        }
        double sq = (s0 + s1) + (s2 + s3);
        mean[ch] = (float) m;
        var[ch] = (float) (sq / ((double) n * sp));
      }
    });
  }

  static void bnApply(float[] x, int xoff, int n, int c, int sp, float[] mean, float[] invstd, float[] w,
      float[] b, float[] out) {
    Cpu.parallelFor(n * c, Math.max(1, GRAIN / Math.max(1, sp)), (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int ch = r % c;
        float scale = w == null ? invstd[ch] : invstd[ch] * w[ch];
        float shift = (b == null ? 0 : b[ch]) - mean[ch] * scale;
        int src = xoff + r * sp;
        int dst = r * sp;
        for (int j = 0; j < sp; j++) {
          out[dst + j] = x[src + j] * scale + shift;
        }
      }
    });
  }

  static void bnBackward(float[] g, int goff, float[] x, int xoff, int n, int c, int sp, float[] mean,
      float[] invstd, float[] w, boolean batchStats, float[] gx, float[] gw, float[] gb) {
    bnBackward(g, goff, x, xoff, n, c, sp, mean, invstd, w, batchStats, gx, gw, gb, VECTOR);
  }

  /** Batch-norm backward; {@code vector}: the two per-channel sums on the Vector API ({@link VectorOps}). */
  static void bnBackward(float[] g, int goff, float[] x, int xoff, int n, int c, int sp, float[] mean,
      float[] invstd, float[] w, boolean batchStats, float[] gx, float[] gw, float[] gb, boolean vector) {
    Cpu.parallelFor(c, Math.max(1, GRAIN / Math.max(1, n * sp)), (c0, c1) -> {
      double[] sums = new double[2];
      for (int ch = c0; ch < c1; ch++) {
        double m = mean[ch];
        double is = invstd[ch];
        double sg;
        double sgx;
        if (vector) {
          VectorOps.bnGradSums(g, goff, x, xoff, n, c, sp, ch, m, sums);
          sg = sums[0];
          sgx = sums[1];
        } else {
          double[] s4 = bnGradSumsScalar(g, goff, x, xoff, n, c, sp, ch, m, sums);
          sg = s4[0];
          sgx = s4[1];
        }
        sgx *= is;
        if (gw != null) {
          gw[ch] = (float) sgx;
        }
        if (gb != null) {
          gb[ch] = (float) sg;
        }
        if (gx == null) {
          continue;
        }
        double wv = w == null ? 1 : w[ch];
        double cnt = (double) n * sp;
        float k = (float) (wv * is);
        float meanG = (float) (sg / cnt);
        float coef = (float) (sgx / cnt * is);
        for (int i = 0; i < n; i++) {
          int gbase = goff + (i * c + ch) * sp;
          int xbase = xoff + (i * c + ch) * sp;
          int obase = (i * c + ch) * sp;
          float mf = (float) m;
          if (batchStats) {
            for (int j = 0; j < sp; j++) {
              gx[obase + j] = k * (g[gbase + j] - meanG - (x[xbase + j] - mf) * coef);
            }
          } else {
            for (int j = 0; j < sp; j++) {
              gx[obase + j] = k * g[gbase + j];
            }
          }
        }
      }
    });
  }

  /** Σ g and Σ g (x - m) of channel ch with four scalar float64 accumulators each; written into out. */
  static double[] bnGradSumsScalar(float[] g, int goff, float[] x, int xoff, int n, int c, int sp, int ch, double m,
      double[] out) {
    double sg0 = 0;
    double sg1 = 0;
    double sg2 = 0;
    double sg3 = 0;
    double sx0 = 0;
    double sx1 = 0;
    double sx2 = 0;
    double sx3 = 0;
    for (int i = 0; i < n; i++) {
      int gbase = goff + (i * c + ch) * sp;
      int xbase = xoff + (i * c + ch) * sp;
      int j = 0;
      for (; j + 3 < sp; j += 4) {
        double g0 = g[gbase + j];
        double g1 = g[gbase + j + 1];
        double g2 = g[gbase + j + 2];
        double g3 = g[gbase + j + 3];
        sg0 += g0;
        sg1 += g1;
        sg2 += g2;
        sg3 += g3;
        sx0 += g0 * (x[xbase + j] - m);
        sx1 += g1 * (x[xbase + j + 1] - m);
        sx2 += g2 * (x[xbase + j + 2] - m);
        sx3 += g3 * (x[xbase + j + 3] - m);
      }
      for (; j < sp; j++) {
        double gv = g[gbase + j];
        sg0 += gv;
        sx0 += gv * (x[xbase + j] - m);
      }
    }
    out[0] = (sg0 + sg1) + (sg2 + sg3);
    out[1] = (sx0 + sx1) + (sx2 + sx3);
    return out;
  }
}
