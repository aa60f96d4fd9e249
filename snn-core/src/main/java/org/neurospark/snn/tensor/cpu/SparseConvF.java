package org.neurospark.snn.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.neurospark.snn.tensor.ConvParams;

/**
 * 3×3 stride-1 fp32 convolution whose input is mostly zeros: the spikes of a spiking layer (after pooling) feeding
 * the next convolution. Only the non-zero inputs are visited, so the work shrinks with the input's density instead of
 * being the dense 9·C·Co multiply-adds per output pixel (or Winograd's 4·C·Co):
 * <ul>
 *   <li>forward: every output pixel's Co values are accumulated in registers, four vectors of output channels at a
 *       time, as {@code out[o] = Σ_{tap, c: x ≠ 0} x · w[tap][c][o]} over the non-zero channels of the 3×3 input
 *       pixels under it (a bit set of non-zero channels per input pixel, built once per image);</li>
 *   <li>weight gradient: for each input channel c and vector of output channels, the nine taps' sums
 *       {@code dW[o][c][tap] = Σ_{pixels: x ≠ 0} x · gradOut[o][pixel − tap]} are accumulated in nine vector registers
 *       over the non-zero pixels of x's channel c, gradOut read pixel-major with a zero border.</li>
 * </ul>
 * The input gradient has a dense operand (gradOut) and stays with {@link WinogradF}. Every output element sums its
 * products in a fixed order (taps, then channels or images and pixels, ascending) whatever the thread count; results
 * equal the dense convolution up to float summation order. A zero input contributes nothing even where the weight or
 * gradOut holds Inf or NaN (the dense kernels would give NaN there), as sparse BLAS does; a NaN input counts as non-zero.
 * Taken by {@link CpuBackend} when {@link #sparseEnough} finds the input at most {@link #MAX_DENSITY_FORWARD} (forward)
 * or {@link #MAX_DENSITY_WEIGHT_GRAD} (weight gradient) non-zero; off with {@code -Dneurospark.sparse=false}.
 */
final class SparseConvF {
  private SparseConvF() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Output channels accumulated together in the forward pass: four vectors. */
  private static final int BLOCK = 4 * L;
  /**
   * The largest fraction of non-zero inputs for which the forward pass is taken. Each non-zero costs one load per
   * multiply-add (no register reuse of the weights), against Winograd's dense GEMMs at 4·C·Co multiply-adds per
   * output pixel: on the CSNN's second convolution (x [256, 128, 14, 14] binary, 128 output channels; 1 thread, AMD
   * EPYC Zen 4) the forward breaks even near density 0.15 at 512 and at 256 bits (0.6× Winograd's time at 0.1,
   * 1.5× at 0.35); the limit stays below break-even.
   */
  static final double MAX_DENSITY_FORWARD = 0.12;
  /** As {@link #MAX_DENSITY_FORWARD} for the weight gradient: 0.4× Winograd's time at 0.1, break-even near 0.27. */
  static final double MAX_DENSITY_WEIGHT_GRAD = 0.2;
  /** Elements of the input looked at to estimate its density: 64 runs of 64, spread over the tensor. */
  private static final int RUNS = 64;
  private static final int RUN = 64;
  /** gradOut floats (pixel-major, with border) of the images the weight gradient keeps in cache at once. */
  private static final int GRAD_BLOCK_FLOATS = 1 << 16;

  /**
   * True when this kernel can run the convolution: 3×3, stride 1, dilation 1, one group, padding ≤ 2, output
   * channels a multiple of the vector length, at least {@link WinogradF#MIN_CHANNELS} input channels.
   */
  static boolean applicable(int c, int co, int kh, int kw, ConvParams p) {
    return SparseGemmF.ENABLED && KernelsF.VECTOR && kh == 3 && kw == 3 && p.strideH() == 1 && p.strideW() == 1
        && p.dilationH() == 1 && p.dilationW() == 1 && p.groups() == 1 && p.padH() <= 2 && p.padW() <= 2
        && c >= WinogradF.MIN_CHANNELS && co % L == 0;
  }

  /**
   * True when at most {@code maxDensity} of a sample of x's {@code len} elements (from {@code off}) are non-zero:
   * {@link #RUNS} runs of {@link #RUN} consecutive elements spread evenly over the tensor (all of it when shorter).
   */
  static boolean sparseEnough(float[] x, int off, long len, double maxDensity) {
    long nz = 0;
    long seen = 0;
    if (len <= (long) RUNS * RUN) {
      nz = SparseGemmF.rowNonZeros(x, off, (int) len);
      seen = len;
    } else {
      long step = len / RUNS;
      for (int r = 0; r < RUNS; r++) {
        nz += SparseGemmF.rowNonZeros(x, (int) (off + r * step), RUN);
        seen += RUN;
      }
    }
    return nz <= maxDensity * seen;
  }

  /** The kernels w [Co, C, 3, 3] tap-major for the forward pass: wt[tap][c][o]. */
  static float[] weights(float[] w, int off, int co, int c) {
    float[] wt = new float[9 * c * co];
    for (int o = 0; o < co; o++) {
      for (int i = 0; i < c; i++) {
        int src = off + (o * c + i) * 9;
        for (int tap = 0; tap < 9; tap++) {
          wt[(tap * c + i) * co + o] = w[src + tap];
        }
      }
    }
    return wt;
  }

  /**
   * out[n, co, ho, wo] (overwritten) = 3×3 stride-1 convolution of x[n, c, h, w] (zero padding padH/padW) with the
   * kernels arranged by {@link #weights}; images are split between the backend's threads.
   */
  static void conv2d(float[] x, int xoff, int n, int c, int h, int w, float[] wt, int co, int padH, int padW,
      float[] out, int ho, int wo) {
    int hw = h * w;
    int ohw = ho * wo;
    int words = (c + 31) >>> 5;
    Cpu.parallelFor(n, 1, (n0, n1) -> {
      int[] bits = Scratch.ints(Scratch.SPARSE_CONV_INDEX, hw * words);
      float[] pixels = Scratch.floats(Scratch.SPARSE_CONV_PIXELS, ohw * co);
      // one output pixel's non-zero inputs: weight row offsets and values
      int[] rows = Scratch.ints(Scratch.SPARSE_CONV_LISTS, 9 * c);
      float[] vals = Scratch.floats(Scratch.SPARSE_CONV_VALUES, 9 * c);
      for (int img = n0; img < n1; img++) {
        int xImg = xoff + img * c * hw;
        channelBits(x, xImg, c, hw, words, bits);
        for (int oy = 0; oy < ho; oy++) {
          for (int ox = 0; ox < wo; ox++) {
            int k = inputsUnder(x, xImg, hw, h, w, c, co, words, bits, oy - padH, ox - padW, rows, vals);
            int dst = (oy * wo + ox) * co;
            int o = 0;
            for (; o + BLOCK <= co; o += BLOCK) {
              sumBlock(wt, o, rows, vals, k, pixels, dst + o);
            }
            for (; o < co; o += L) {
              sumVector(wt, o, rows, vals, k, pixels, dst + o);
            }
          }
        }
        // pixel-major [pixel][o] -> out[img, o, pixel]
        int outImg = img * co * ohw;
        for (int pix = 0; pix < ohw; pix++) {
          int src = pix * co;
          for (int o = 0; o < co; o++) {
            out[outImg + o * ohw + pix] = pixels[src + o];
          }
        }
      }
    });
  }

  /**
   * Lists the non-zero inputs under one output pixel (3×3 input pixels from (iy0, ix0), taps then channels in
   * ascending order): weight row offsets (tap · c + channel) · co in rows, values in vals. Returns their count.
   */
  private static int inputsUnder(float[] x, int xImg, int hw, int h, int w, int c, int co, int words, int[] bits,
      int iy0, int ix0, int[] rows, float[] vals) {
    int k = 0;
    for (int ky = 0; ky < 3; ky++) {
      int iy = iy0 + ky;
      if (iy < 0 || iy >= h) {
        continue;
      }
      for (int kx = 0; kx < 3; kx++) {
        int ix = ix0 + kx;
        if (ix < 0 || ix >= w) {
          continue;
        }
        int pix = iy * w + ix;
        int tap = (ky * 3 + kx) * c;
        int xp = xImg + pix;
        for (int wi = 0; wi < words; wi++) {
          int b = bits[pix * words + wi];
          while (b != 0) {
            int ch = (wi << 5) + Integer.numberOfTrailingZeros(b);
            b &= b - 1;
            rows[k] = (tap + ch) * co;
            vals[k++] = x[xp + ch * hw];
          }
        }
      }
    }
    return k;
  }

  /** dst[d .. d + BLOCK) = Σ_j vals[j] · wt[rows[j] + o ..] over the k listed inputs. */
  private static void sumBlock(float[] wt, int o, int[] rows, float[] vals, int k, float[] dst, int d) {
    FloatVector a0 = FloatVector.broadcast(S, 0f);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    for (int j = 0; j < k; j++) {
      FloatVector v = FloatVector.broadcast(S, vals[j]);
      int r = rows[j] + o;
      a0 = FloatVector.fromArray(S, wt, r).fma(v, a0);
      a1 = FloatVector.fromArray(S, wt, r + L).fma(v, a1);
      a2 = FloatVector.fromArray(S, wt, r + 2 * L).fma(v, a2);
      a3 = FloatVector.fromArray(S, wt, r + 3 * L).fma(v, a3);
    }
    a0.intoArray(dst, d);
    a1.intoArray(dst, d + L);
    a2.intoArray(dst, d + 2 * L);
    a3.intoArray(dst, d + 3 * L);
  }

  /** As {@link #sumBlock} for one vector of output channels (those past the last whole block). */
  private static void sumVector(float[] wt, int o, int[] rows, float[] vals, int k, float[] dst, int d) {
    FloatVector a0 = FloatVector.broadcast(S, 0f);
    for (int j = 0; j < k; j++) {
      a0 = FloatVector.fromArray(S, wt, rows[j] + o).fma(FloatVector.broadcast(S, vals[j]), a0);
    }
    a0.intoArray(dst, d);
  }

  /** bits[pixel · words + c / 32] bit c % 32 = x[c, pixel] ≠ 0 for one image (NaN counts as non-zero). */
  private static void channelBits(float[] x, int xImg, int c, int hw, int words, int[] bits) {
    java.util.Arrays.fill(bits, 0, hw * words, 0);
    int bound = S.loopBound(hw);
    for (int ch = 0; ch < c; ch++) {
      int row = xImg + ch * hw;
      int word = ch >>> 5;
      int bit = 1 << (ch & 31);
      int p = 0;
      for (; p < bound; p += L) {
        long m = FloatVector.fromArray(S, x, row + p).compare(VectorOperators.NE, 0f).toLong();
        while (m != 0) {
          int q = Long.numberOfTrailingZeros(m);
          bits[(p + q) * words + word] |= bit;
          m &= m - 1;
        }
      }
      for (; p < hw; p++) {
        if (x[row + p] != 0f) {
          bits[p * words + word] |= bit;
        }
      }
    }
  }

  /**
   * gradW[co, c, 3, 3] (overwritten) of the 3×3 stride-1 convolution of x[n, c, h, w] (padding padH/padW) from
   * gradOut g[n, co, ho, wo]. Input channels are split between the backend's threads (one range per thread, so each
   * gradient element is one thread's sum in a fixed order); each thread walks the images in blocks whose gradOut,
   * copied pixel-major with a two-pixel zero border, stays in cache.
   */
  static void conv2dWeightGrad(float[] g, int goff, float[] x, int xoff, int n, int c, int h, int w, int co,
      int padH, int padW, float[] gradW, int ho, int wo) {
    int hw = h * w;
    int ohw = ho * wo;
    // padded gradOut: pixel (oy, ox) of the output at (oy + 2 − padH, ox + 2 − padW); an input pixel (iy, ix) meets
    // tap (ky, kx) at padded (iy + 2 − ky, ix + 2 − kx), inside the (h + 2) × (w + 2) frame for every pad ≤ 2
    int ph = h + 2;
    int pw = w + 2;
    int padded = ph * pw * co;
    int block = Math.max(1, Math.min(n, GRAD_BLOCK_FLOATS / padded));
    float[] dw = new float[c * 9 * co]; // [c][tap][o]
    int tasks = Math.max(1, Math.min(Cpu.threads(), c));
    Cpu.parallelFor(tasks, 1, (t0, t1) -> {
      for (int task = t0; task < t1; task++) {
        int c0 = (int) ((long) c * task / tasks);
        int c1 = (int) ((long) c * (task + 1) / tasks);
        int cs = c1 - c0;
        float[] gp = Scratch.floats(Scratch.SPARSE_CONV_PIXELS, block * padded);
        int[] index = Scratch.ints(Scratch.SPARSE_CONV_INDEX, block * cs * hw);
        float[] values = Scratch.floats(Scratch.SPARSE_CONV_VALUES, block * cs * hw);
        int[] starts = Scratch.ints(Scratch.SPARSE_CONV_LISTS, block * cs + 1);
        java.util.Arrays.fill(gp, 0, block * padded, 0f);
        for (int b0 = 0; b0 < n; b0 += block) {
          int nb = Math.min(block, n - b0);
          for (int i = 0; i < nb; i++) {
            gradPixels(g, goff + (b0 + i) * co * ohw, co, ho, wo, 2 - padH, 2 - padW, pw, gp, i * padded);
          }
          // the non-zeros of x[b0 + i, ch] for the task's channels: padded offsets of (iy + 2, ix + 2) and values
          int k = 0;
          for (int ch = c0; ch < c1; ch++) {
            for (int i = 0; i < nb; i++) {
              starts[(ch - c0) * nb + i] = k;
              k = nonZeroPixels(x, xoff + ((b0 + i) * c + ch) * hw, h, w, pw, i * ph * pw, index, values, k);
            }
          }
          starts[cs * nb] = k;
          for (int ch = c0; ch < c1; ch++) {
            for (int o = 0; o < co; o += L) {
              tapSums(gp, co, pw, o, index, values, starts[(ch - c0) * nb], starts[(ch - c0 + 1) * nb], dw,
                  ch * 9 * co + o, b0 == 0);
            }
          }
        }
      }
    });
    for (int o = 0; o < co; o++) {
      for (int ch = 0; ch < c; ch++) {
        int dst = (o * c + ch) * 9;
        for (int tap = 0; tap < 9; tap++) {
          gradW[dst + tap] = dw[(ch * 9 + tap) * co + o];
        }
      }
    }
  }

  /** gradOut of one image [co][ho][wo] into gp[off + ((oy + by) · pw + ox + bx) · co + o] (the border stays 0). */
  private static void gradPixels(float[] g, int gImg, int co, int ho, int wo, int by, int bx, int pw, float[] gp,
      int off) {
    for (int o = 0; o < co; o++) {
      int src = gImg + o * ho * wo;
      for (int oy = 0; oy < ho; oy++) {
        int dst = off + ((oy + by) * pw + bx) * co + o;
        int row = src + oy * wo;
        for (int ox = 0; ox < wo; ox++) {
          gp[dst + ox * co] = g[row + ox];
        }
      }
    }
  }

  /**
   * Appends the non-zeros of one channel of one image (x[row .. row + h·w)) at k: index = the image's first padded
   * pixel {@code base} + (iy + 2) · pw + ix + 2, value = x. Returns the new end.
   */
  private static int nonZeroPixels(float[] x, int row, int h, int w, int pw, int base, int[] index, float[] values,
      int k) {
    int hw = h * w;
    int bound = S.loopBound(hw);
    int p = 0;
    for (; p < bound; p += L) {
      long m = FloatVector.fromArray(S, x, row + p).compare(VectorOperators.NE, 0f).toLong();
      while (m != 0) {
        int q = p + Long.numberOfTrailingZeros(m);
        m &= m - 1;
        int iy = q / w;
        index[k] = base + (iy + 2) * pw + q - iy * w + 2;
        values[k++] = x[row + q];
      }
    }
    for (; p < hw; p++) {
      float v = x[row + p];
      if (v != 0f) {
        int iy = p / w;
        index[k] = base + (iy + 2) * pw + p - iy * w + 2;
        values[k++] = v;
      }
    }
    return k;
  }

  /**
   * dw[d + tap · co .. + L) (= when {@code first}, else +=) the nine taps' sums over the listed non-zeros
   * [k0, k1) of one channel of x (padded pixel indexes, values) of x · gradOut at pixel − tap, output channels
   * [o, o + L).
   */
  private static void tapSums(float[] gp, int co, int pw, int o, int[] index, float[] values, int k0, int k1,
      float[] dw, int d, boolean first) {
    FloatVector a0 = FloatVector.broadcast(S, 0f);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    FloatVector a8 = a0;
    int row = pw * co;
    for (int k = k0; k < k1; k++) {
      FloatVector v = FloatVector.broadcast(S, values[k]);
      int p = index[k] * co + o; // tap (0, 0); tap (ky, kx) at p − ky·row − kx·co
      a0 = FloatVector.fromArray(S, gp, p).fma(v, a0);
      a1 = FloatVector.fromArray(S, gp, p - co).fma(v, a1);
      a2 = FloatVector.fromArray(S, gp, p - 2 * co).fma(v, a2);
      a3 = FloatVector.fromArray(S, gp, p - row).fma(v, a3);
      a4 = FloatVector.fromArray(S, gp, p - row - co).fma(v, a4);
      a5 = FloatVector.fromArray(S, gp, p - row - 2 * co).fma(v, a5);
      a6 = FloatVector.fromArray(S, gp, p - 2 * row).fma(v, a6);
      a7 = FloatVector.fromArray(S, gp, p - 2 * row - co).fma(v, a7);
      a8 = FloatVector.fromArray(S, gp, p - 2 * row - 2 * co).fma(v, a8);
    }
    if (!first) {
      a0 = a0.add(FloatVector.fromArray(S, dw, d));
      a1 = a1.add(FloatVector.fromArray(S, dw, d + co));
      a2 = a2.add(FloatVector.fromArray(S, dw, d + 2 * co));
      a3 = a3.add(FloatVector.fromArray(S, dw, d + 3 * co));
      a4 = a4.add(FloatVector.fromArray(S, dw, d + 4 * co));
      a5 = a5.add(FloatVector.fromArray(S, dw, d + 5 * co));
      a6 = a6.add(FloatVector.fromArray(S, dw, d + 6 * co));
      a7 = a7.add(FloatVector.fromArray(S, dw, d + 7 * co));
      a8 = a8.add(FloatVector.fromArray(S, dw, d + 8 * co));
    }
    a0.intoArray(dw, d);
    a1.intoArray(dw, d + co);
    a2.intoArray(dw, d + 2 * co);
    a3.intoArray(dw, d + 3 * co);
    a4.intoArray(dw, d + 4 * co);
    a5.intoArray(dw, d + 5 * co);
    a6.intoArray(dw, d + 6 * co);
    a7.intoArray(dw, d + 7 * co);
    a8.intoArray(dw, d + 8 * co);
  }
}
