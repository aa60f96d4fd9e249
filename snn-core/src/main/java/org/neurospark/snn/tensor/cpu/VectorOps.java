package org.neurospark.snn.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.neurospark.snn.tensor.ConvParams;

/**
 * JDK Vector API versions of col2im and of the batch-norm reductions (incubator module {@code jdk.incubator.vector}; only loaded
 * when {@link KernelsF#VECTOR}). Sums run in float64: per row of {@code sp} values over two vectors of lanes (with
 * a fused multiply-add for products), folded lane-wise into per-lane totals, which are finally added in lane
 * order; so a result does not depend on the JIT tier or the thread count. Float32 and float64 overloads (the
 * generated {@link KernelsD} calls the latter).
 *
 * <p>The vector code sits in small per-row methods whose vectors never cross a method boundary or an outer loop:
 * C2 would otherwise box them (an allocation per vector), and many short calls get the methods compiled early
 * (interpreted Vector API code is very slow).
 */
final class VectorOps {
  private VectorOps() {}

  static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  static final int FL = FS.length();
  static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  static final int DL = DS.length();
  // A float32 vector holds 2·DL lanes: it is widened to float64 as two parts (lanes [0, DL) and [DL, 2·DL)), never
  // loaded through a narrower float species. A second float shape in the JVM makes the JDK's shared vector methods
  // polymorphic, and C2 then fails to compile their stores to vector code (measured: the GEMM's edge kernel stored
  // through boxed vectors after a 256-bit float species had been used for these loads).

  // 2×2 max pooling: a row pair's even and odd columns, deinterleaved from two consecutive vectors (lo, hi) as
  // lo.rearrange(EVEN or ODD) in lanes [0, FL/2) blended with hi's in lanes [FL/2, FL).
  private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(FS, l -> (2 * l) % FL);
  private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(FS, l -> (2 * l + 1) % FL);
  private static final VectorMask<Float> HIGH_HALF = VectorMask.fromLong(FS, -1L << (FL / 2));
  private static final IntVector TWICE_IOTA = IntVector.zero(IntVector.SPECIES_PREFERRED).addIndex(2);

  /**
   * Output columns [0, n) of one row of {@link KernelsF#maxPool2x2}, FL at a time, with its arithmetic: for each
   * output the first maximum of the window (a, b, c, d) = (x[r0 + 2j], x[r0 + 2j + 1], x[r0 + w + 2j],
   * x[r0 + w + 2j + 1]) in that order, its value to {@code out[o + j]} and its in-plane index
   * {@code i0 + (k / 2)·w + 2j + k % 2} to {@code arg[o + j]}. A vector of windows holding a NaN (or infinities that
   * add up to one) is left to the caller's scalar loop, whose rule for NaN this code does not repeat.
   *
   * @param n how many columns to do: {@code wo} rounded down to whole vectors, or up where the caller allows this
   *     row to overrun into the next row pair (it reads up to {@code r0 + w + 2·n} and writes up to {@code o + n},
   *     and overwrites what this wrote there later)
   * @return the first column not done (a multiple of FL; at least {@code wo} when all were done)
   */
  static int maxPool2x2Row(float[] x, int r0, int w, int i0, float[] out, int[] arg, int o, int n) {
    int r1 = r0 + w;
    int j = 0;
    for (; j < n; j += FL) {
      int s0 = r0 + 2 * j;
      int s1 = r1 + 2 * j;
      FloatVector lo = FloatVector.fromArray(FS, x, s0);
      FloatVector hi = FloatVector.fromArray(FS, x, s0 + FL);
      FloatVector a = lo.rearrange(EVEN).blend(hi.rearrange(EVEN), HIGH_HALF);
      FloatVector b = lo.rearrange(ODD).blend(hi.rearrange(ODD), HIGH_HALF);
      lo = FloatVector.fromArray(FS, x, s1);
      hi = FloatVector.fromArray(FS, x, s1 + FL);
      FloatVector c = lo.rearrange(EVEN).blend(hi.rearrange(EVEN), HIGH_HALF);
      FloatVector d = lo.rearrange(ODD).blend(hi.rearrange(ODD), HIGH_HALF);
      FloatVector any = a.add(b).add(c).add(d);
      if (any.compare(VectorOperators.NE, any).anyTrue()) {
        break;
      }
      // the same tournament as the scalar loop: strict '>' keeps the earlier element on ties
      VectorMask<Float> bWins = b.compare(VectorOperators.GT, a);
      VectorMask<Float> dWins = d.compare(VectorOperators.GT, c);
      FloatVector ab = a.blend(b, bWins);
      FloatVector cd = c.blend(d, dWins);
      VectorMask<Float> cdWins = cd.compare(VectorOperators.GT, ab);
      ab.blend(cd, cdWins).intoArray(out, o + j);
      // in-plane indices, computed as ints and chosen with the float masks by bit-exact reinterpretations (JDK 17
      // compiles no float-to-int conversion to vector code)
      IntVector ia = TWICE_IOTA.add(i0 + 2 * j);
      IntVector ic = ia.add(w);
      FloatVector kab = ia.reinterpretAsFloats().blend(ia.add(1).reinterpretAsFloats(), bWins);
      FloatVector kcd = ic.reinterpretAsFloats().blend(ic.add(1).reinterpretAsFloats(), dWins);
      kab.blend(kcd, cdWins).reinterpretAsInts().intoArray(arg, o + j);
    }
    return j;
  }

  /** The float64 kernels have no vector path here: returns 0 (the caller's scalar loop does every column). */
  static int maxPool2x2Row(double[] x, int r0, int w, int i0, double[] out, int[] arg, int o, int n) {
    return 0;
  }

  /** Lanes [0, DL) (part 0) or [DL, 2·DL) (part 1) of a float32 vector, widened to float64 exactly. */
  private static DoubleVector widen(FloatVector v, int part) {
    return (DoubleVector) v.convertShape(VectorOperators.F2D, DS, part);
  }

  /**
   * The float32 Adam update of {@link OptimizerKernels#adam} on whole vectors of elements [0, n − n % FL), lane by
   * lane the same operations in the same order (no fused multiply-add; the square root in float32, which equals
   * float64's rounded to float32), so the same bits; returns the number of elements done. {@code vmax} is null
   * without AMSGrad.
   */
  static int adam(float stepSize, float bc2Sqrt, float decay, float wd, float w1, float b2, float w2, float eps,
      boolean hasDecay, boolean decoupled, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v,
      int vo, float[] vmax, int xo, int n) {
    int bound = n - n % FL;
    for (int i = 0; i < bound; i += FL) {
      FloatVector gi = FloatVector.fromArray(FS, g, go + i);
      FloatVector pi = FloatVector.fromArray(FS, p, po + i);
      if (hasDecay) {
        if (decoupled) {
          pi = pi.mul(decay);
        } else {
          gi = gi.add(pi.mul(wd));
        }
      }
      FloatVector mOld = FloatVector.fromArray(FS, m, mo + i);
      FloatVector mi = mOld.add(gi.sub(mOld).mul(w1));
      FloatVector vi = FloatVector.fromArray(FS, v, vo + i).mul(b2).add(gi.mul(w2).mul(gi));
      mi.intoArray(m, mo + i);
      vi.intoArray(v, vo + i);
      if (vmax != null) {
        vi = FloatVector.fromArray(FS, vmax, xo + i).max(vi);
        vi.intoArray(vmax, xo + i);
      }
      FloatVector denom = vi.sqrt().div(bc2Sqrt).add(eps);
      pi.sub(mi.div(denom).mul(stepSize)).intoArray(p, po + i);
    }
    return bound;
  }

  /** The sum of {@code lanes[0..DL)} in lane order. */
  private static double sumLanes(double[] lanes) {
    double s = 0;
    for (int i = 0; i < DL; i++) {
      s += lanes[i];
    }
    return s;
  }

  /** Where the two-vector loop over a row of {@code sp} values ends (the rest is summed by scalar code). */
  private static int vectorEnd(int sp) {
    return sp - sp % (2 * DL);
  }

  // ------------------------------------------------------------------ per-row vector sums

  /** acc[i] += x[base + i] for i in [0, n), in float64 (each float converted exactly, then added). */
  static void accumulateRow(float[] x, int base, double[] acc, int n) {
    int i = 0;
    for (; i + 2 * DL <= n; i += 2 * DL) {
      FloatVector v = FloatVector.fromArray(FS, x, base + i);
      DoubleVector.fromArray(DS, acc, i).add(widen(v, 0)).intoArray(acc, i);
      DoubleVector.fromArray(DS, acc, i + DL).add(widen(v, 1)).intoArray(acc, i + DL);
    }
    for (; i < n; i++) {
      acc[i] += x[base + i];
    }
  }

  /** acc[i] += x[base + i] for i in [0, n). */
  static void accumulateRow(double[] x, int base, double[] acc, int n) {
    int i = 0;
    for (; i + DL <= n; i += DL) {
      DoubleVector.fromArray(DS, acc, i).add(DoubleVector.fromArray(DS, x, base + i)).intoArray(acc, i);
    }
    for (; i < n; i++) {
      acc[i] += x[base + i];
    }
  }

  /** acc[lane] += Σ x[base + j] over j in [0, vend) (vend a multiple of 2 DL), lane = j mod DL. */
  private static void rowSum(float[] x, int base, int vend, double[] acc) {
    DoubleVector s0 = DoubleVector.fromArray(DS, acc, 0);
    DoubleVector s1 = DoubleVector.zero(DS);
    for (int j = 0; j < vend; j += 2 * DL) {
      FloatVector v = FloatVector.fromArray(FS, x, base + j);
      s0 = s0.add(widen(v, 0));
      s1 = s1.add(widen(v, 1));
    }
    s0.add(s1).intoArray(acc, 0);
  }

  private static void rowSum(double[] x, int base, int vend, double[] acc) {
    DoubleVector s0 = DoubleVector.fromArray(DS, acc, 0);
    DoubleVector s1 = DoubleVector.zero(DS);
    for (int j = 0; j < vend; j += 2 * DL) {
      s0 = s0.add(DoubleVector.fromArray(DS, x, base + j));
      s1 = s1.add(DoubleVector.fromArray(DS, x, base + j + DL));
    }
    s0.add(s1).intoArray(acc, 0);
  }

  /** acc[lane] += Σ (x[base + j] - m)² over j in [0, vend). */
  private static void rowSqDev(float[] x, int base, int vend, double m, double[] acc) {
    DoubleVector mv = DoubleVector.broadcast(DS, m);
    DoubleVector s0 = DoubleVector.fromArray(DS, acc, 0);
    DoubleVector s1 = DoubleVector.zero(DS);
    for (int j = 0; j < vend; j += 2 * DL) {
      FloatVector v = FloatVector.fromArray(FS, x, base + j);
      DoubleVector d0 = widen(v, 0).sub(mv);
      DoubleVector d1 = widen(v, 1).sub(mv);
      s0 = d0.fma(d0, s0);
      s1 = d1.fma(d1, s1);
    }
    s0.add(s1).intoArray(acc, 0);
  }

  private static void rowSqDev(double[] x, int base, int vend, double m, double[] acc) {
    DoubleVector mv = DoubleVector.broadcast(DS, m);
    DoubleVector s0 = DoubleVector.fromArray(DS, acc, 0);
    DoubleVector s1 = DoubleVector.zero(DS);
    for (int j = 0; j < vend; j += 2 * DL) {
      DoubleVector d0 = DoubleVector.fromArray(DS, x, base + j).sub(mv);
      DoubleVector d1 = DoubleVector.fromArray(DS, x, base + j + DL).sub(mv);
      s0 = d0.fma(d0, s0);
      s1 = d1.fma(d1, s1);
    }
    s0.add(s1).intoArray(acc, 0);
  }

  /** accG[lane] += Σ g, accX[lane] += Σ g (x - m) over a row (g from gb, x from xb, j in [0, vend)). */
  private static void rowGradSums(float[] g, int gb, float[] x, int xb, int vend, double m, double[] accG,
      double[] accX) {
    DoubleVector mv = DoubleVector.broadcast(DS, m);
    DoubleVector sg0 = DoubleVector.fromArray(DS, accG, 0);
    DoubleVector sx0 = DoubleVector.fromArray(DS, accX, 0);
    DoubleVector sg1 = DoubleVector.zero(DS);
    DoubleVector sx1 = sg1;
    for (int j = 0; j < vend; j += 2 * DL) {
      FloatVector gv = FloatVector.fromArray(FS, g, gb + j);
      FloatVector xv = FloatVector.fromArray(FS, x, xb + j);
      DoubleVector g0 = widen(gv, 0);
      DoubleVector g1 = widen(gv, 1);
      DoubleVector x0 = widen(xv, 0);
      DoubleVector x1 = widen(xv, 1);
      sg0 = sg0.add(g0);
      sg1 = sg1.add(g1);
      sx0 = g0.fma(x0.sub(mv), sx0);
      sx1 = g1.fma(x1.sub(mv), sx1);
    }
    sg0.add(sg1).intoArray(accG, 0);
    sx0.add(sx1).intoArray(accX, 0);
  }

  private static void rowGradSums(double[] g, int gb, double[] x, int xb, int vend, double m, double[] accG,
      double[] accX) {
    DoubleVector mv = DoubleVector.broadcast(DS, m);
    DoubleVector sg0 = DoubleVector.fromArray(DS, accG, 0);
    DoubleVector sx0 = DoubleVector.fromArray(DS, accX, 0);
    DoubleVector sg1 = DoubleVector.zero(DS);
    DoubleVector sx1 = sg1;
    for (int j = 0; j < vend; j += 2 * DL) {
      DoubleVector g0 = DoubleVector.fromArray(DS, g, gb + j);
      DoubleVector g1 = DoubleVector.fromArray(DS, g, gb + j + DL);
      sg0 = sg0.add(g0);
      sg1 = sg1.add(g1);
      sx0 = g0.fma(DoubleVector.fromArray(DS, x, xb + j).sub(mv), sx0);
      sx1 = g1.fma(DoubleVector.fromArray(DS, x, xb + j + DL).sub(mv), sx1);
    }
    sg0.add(sg1).intoArray(accG, 0);
    sx0.add(sx1).intoArray(accX, 0);
  }

  // ------------------------------------------------------------------ per-channel batch-norm sums

  /** Mean and biased variance of channel {@code ch} of x [n, c, sp] (two passes: mean, then squared deviations). */
  static void bnStats(float[] x, int xoff, int n, int c, int sp, int ch, float[] mean, float[] var) {
    double[] acc = new double[DL];
    int vend = vectorEnd(sp);
    double tail = 0;
    for (int i = 0; i < n; i++) {
      int base = xoff + (i * c + ch) * sp;
      if (vend > 0) {
        rowSum(x, base, vend, acc);
      }
      for (int j = vend; j < sp; j++) {
        tail += x[base + j];
      }
    }
    double cnt = (double) n * sp;
    double m = (sumLanes(acc) + tail) / cnt;
    java.util.Arrays.fill(acc, 0);
    tail = 0;
    for (int i = 0; i < n; i++) {
      int base = xoff + (i * c + ch) * sp;
      if (vend > 0) {
        rowSqDev(x, base, vend, m, acc);
      }
      for (int j = vend; j < sp; j++) {
        double d = x[base + j] - m;
        tail = Math.fma(d, d, tail);
      }
    }
    mean[ch] = (float) m;
    var[ch] = (float) ((sumLanes(acc) + tail) / cnt);
  }

  /** {@link #bnStats(float[], int, int, int, int, int, float[], float[])} for float64. */
  static void bnStats(double[] x, int xoff, int n, int c, int sp, int ch, double[] mean, double[] var) {
    double[] acc = new double[DL];
    int vend = vectorEnd(sp);
    double tail = 0;
    for (int i = 0; i < n; i++) {
      int base = xoff + (i * c + ch) * sp;
      if (vend > 0) {
        rowSum(x, base, vend, acc);
      }
      for (int j = vend; j < sp; j++) {
        tail += x[base + j];
      }
    }
    double cnt = (double) n * sp;
    double m = (sumLanes(acc) + tail) / cnt;
    java.util.Arrays.fill(acc, 0);
    tail = 0;
    for (int i = 0; i < n; i++) {
      int base = xoff + (i * c + ch) * sp;
      if (vend > 0) {
        rowSqDev(x, base, vend, m, acc);
      }
      for (int j = vend; j < sp; j++) {
        double d = x[base + j] - m;
        tail = Math.fma(d, d, tail);
      }
    }
    mean[ch] = m;
    var[ch] = (sumLanes(acc) + tail) / cnt;
  }

  /**
   * The two batch-norm backward sums of channel {@code ch}: {@code out[0] = Σ g}, {@code out[1] = Σ g (x - m)}.
   */
  static void bnGradSums(float[] g, int goff, float[] x, int xoff, int n, int c, int sp, int ch, double m,
      double[] out) {
    double[] accG = new double[DL];
    double[] accX = new double[DL];
    int vend = vectorEnd(sp);
    double tg = 0;
    double tx = 0;
    for (int i = 0; i < n; i++) {
      int gb = goff + (i * c + ch) * sp;
      int xb = xoff + (i * c + ch) * sp;
      if (vend > 0) {
        rowGradSums(g, gb, x, xb, vend, m, accG, accX);
      }
      for (int j = vend; j < sp; j++) {
        double gv = g[gb + j];
        tg += gv;
        tx = Math.fma(gv, x[xb + j] - m, tx);
      }
    }
    out[0] = sumLanes(accG) + tg;
    out[1] = sumLanes(accX) + tx;
  }

  /** {@link #bnGradSums(float[], int, float[], int, int, int, int, int, double, double[])} for float64. */
  static void bnGradSums(double[] g, int goff, double[] x, int xoff, int n, int c, int sp, int ch, double m,
      double[] out) {
    double[] accG = new double[DL];
    double[] accX = new double[DL];
    int vend = vectorEnd(sp);
    double tg = 0;
    double tx = 0;
    for (int i = 0; i < n; i++) {
      int gb = goff + (i * c + ch) * sp;
      int xb = xoff + (i * c + ch) * sp;
      if (vend > 0) {
        rowGradSums(g, gb, x, xb, vend, m, accG, accX);
      }
      for (int j = vend; j < sp; j++) {
        double gv = g[gb + j];
        tg += gv;
        tx = Math.fma(gv, x[xb + j] - m, tx);
      }
    }
    out[0] = sumLanes(accG) + tg;
    out[1] = sumLanes(accX) + tx;
  }

  // ------------------------------------------------------------------ col2im

  /**
   * Which positions of a flat block of whole rows (width w) stay inside the row after a column shift dj, for each
   * dj in [-padW, padW], with {@code lanes} extra entries so that a mask load at the last position fits.
   */
  private static boolean[][] shiftMasks(int w, int padW, int len, int lanes) {
    boolean[][] m = new boolean[2 * padW + 1][len + lanes];
    for (int dj = -padW; dj <= padW; dj++) {
      boolean[] v = m[dj + padW];
      for (int q = 0; q < len; q++) {
        int col = q % w + dj;
        v[q] = col >= 0 && col < w;
      }
    }
    return m;
  }

  /**
   * {@link KernelsF#col2im} for {@link KernelsF#rowShift} convolutions: per (channel, ki, kj) the valid rows are
   * one flat block added with the wrapped columns masked out, so each element of gx receives the same additions in
   * the same (ki, kj) order as the row loop (bit-identical). Vector lanes never leave this image's gx region
   * {@code [gxoff, gxoff + cn*h*w)}: a masked-out lane is stored back unchanged, which must not race with another
   * thread's image.
   */
  static void col2imShift(float[] col, int coff, int ld, int cn, int kh, int kw, ConvParams p, int ho, float[] gx,
      int gxoff, int h, int w) {
    int padW = p.padW();
    boolean[][] masks = shiftMasks(w, padW, ho * w, FL);
    int lo = gxoff;
    int hi = gxoff + cn * h * w;
    for (int ch = 0; ch < cn; ch++) {
      int xc = gxoff + ch * h * w;
      for (int ki = 0; ki < kh; ki++) {
        int di = ki * p.dilationH() - p.padH();
        int oh0 = Math.min(ho, Math.max(0, -di));
        int oh1 = Math.max(oh0, Math.min(ho, h - di));
        if (oh1 == oh0) {
          continue;
        }
        for (int kj = 0; kj < kw; kj++) {
          int dj = kj - padW;
          int src = coff + ((ch * kh + ki) * kw + kj) * ld + oh0 * w;
          int dst = xc + (oh0 + di) * w + dj;
          addMasked(col, src, gx, dst, (oh1 - oh0) * w, masks[dj + padW], lo, hi);
        }
      }
    }
  }

  /** gx[dst + i] += col[src + i] for i in [0, len) where valid[i]; vector lanes stay within gx [lo, hi). */
  private static void addMasked(float[] col, int src, float[] gx, int dst, int len, boolean[] valid, int lo,
      int hi) {
    int i = 0;
    int vstart = Math.min(len, Math.max(0, lo - dst));
    for (; i < vstart; i++) {
      if (valid[i]) {
        gx[dst + i] += col[src + i];
      }
    }
    int vend = Math.min(len, hi - dst) - FL;
    for (; i <= vend; i += FL) {
      VectorMask<Float> m = VectorMask.fromArray(FS, valid, i);
      FloatVector g = FloatVector.fromArray(FS, gx, dst + i);
      g.add(FloatVector.fromArray(FS, col, src + i), m).intoArray(gx, dst + i);
    }
    for (; i < len; i++) {
      if (valid[i]) {
        gx[dst + i] += col[src + i];
      }
    }
  }

  /** {@link #col2imShift(float[], int, int, int, int, int, ConvParams, int, float[], int, int, int)} for float64. */
  static void col2imShift(double[] col, int coff, int ld, int cn, int kh, int kw, ConvParams p, int ho,
      double[] gx, int gxoff, int h, int w) {
    int padW = p.padW();
    boolean[][] masks = shiftMasks(w, padW, ho * w, DL);
    int lo = gxoff;
    int hi = gxoff + cn * h * w;
    for (int ch = 0; ch < cn; ch++) {
      int xc = gxoff + ch * h * w;
      for (int ki = 0; ki < kh; ki++) {
        int di = ki * p.dilationH() - p.padH();
        int oh0 = Math.min(ho, Math.max(0, -di));
        int oh1 = Math.max(oh0, Math.min(ho, h - di));
        if (oh1 == oh0) {
          continue;
        }
        for (int kj = 0; kj < kw; kj++) {
          int dj = kj - padW;
          int src = coff + ((ch * kh + ki) * kw + kj) * ld + oh0 * w;
          int dst = xc + (oh0 + di) * w + dj;
          addMasked(col, src, gx, dst, (oh1 - oh0) * w, masks[dj + padW], lo, hi);
        }
      }
    }
  }

  private static void addMasked(double[] col, int src, double[] gx, int dst, int len, boolean[] valid, int lo,
      int hi) {
    int i = 0;
    int vstart = Math.min(len, Math.max(0, lo - dst));
    for (; i < vstart; i++) {
      if (valid[i]) {
        gx[dst + i] += col[src + i];
      }
    }
    int vend = Math.min(len, hi - dst) - DL;
    for (; i <= vend; i += DL) {
      VectorMask<Double> m = VectorMask.fromArray(DS, valid, i);
      DoubleVector g = DoubleVector.fromArray(DS, gx, dst + i);
      g.add(DoubleVector.fromArray(DS, col, src + i), m).intoArray(gx, dst + i);
    }
    for (; i < len; i++) {
      if (valid[i]) {
        gx[dst + i] += col[src + i];
      }
    }
  }
}
