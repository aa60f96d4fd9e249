package org.neurospark.snn.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.neurospark.snn.tensor.ConvParams;

/**
 * Winograd F(2×2, 3×3) convolution (Lavin &amp; Gray, "Fast Algorithms for Convolutional Neural Networks", 2016)
 * for fp32 3×3 kernels with stride 1, dilation 1 and one group: every 2×2 output tile is computed from a 4×4
 * input tile with 16 multiplies per (input, output) channel pair instead of 36, as 16 GEMMs
 * {@code M[ξ] = U[ξ] · V[ξ]} over the transformed weights {@code U = G g Gᵀ} ([16][Co][C]) and inputs
 * {@code V = Bᵀ d B} ([16][C][tiles]), then {@code Y = Aᵀ M A}. The transform constants are 0, ±1 and ½, exact in
 * binary; results equal direct convolution to a few float32 ulps (a different summation order).
 *
 * <p>The gradient with respect to the input of a stride-1 convolution is the same kind of convolution of gradOut
 * with the kernels rotated by 180° and the channel axes swapped, padded by 2 − pad, so both passes use this
 * kernel ({@link #weights} with {@code flip}). Images are processed in chunks (one per task of the backend's
 * threads) with each thread's context scratch, the GEMMs single-threaded inside a task.
 */
final class WinogradF {
  /** Below this many input or output channels the transforms cost more than they save. */
  static final int MIN_CHANNELS = 16;
  /** Output tiles per chunk: the transformed input and the GEMM result of a chunk are 16·C·P and 16·Co·P floats. */
  private static final int TILES_PER_CHUNK = 196;

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  private WinogradF() {}

  /** The calling thread's scratch array: 0 = transformed inputs V, 1 = GEMM results M / E, 2 = a tile row. */
  private static float[] scratch(int slot, int n) {
    return Scratch.floats(Scratch.WINOGRAD_V + slot, n);
  }

  /**
   * True when this kernel handles the convolution (3×3, stride 1, dilation 1, groups 1, pad ≤ 2, wide enough) and
   * the calling thread's {@link CpuContext} has Winograd on.
   */
  static boolean applicable(int c, int co, int kh, int kw, ConvParams p) {
    return KernelsF.VECTOR && Cpu.winograd() && kh == 3 && kw == 3 && p.strideH() == 1 && p.strideW() == 1
        && p.dilationH() == 1 && p.dilationW() == 1 && p.groups() == 1 && p.padH() <= 2 && p.padW() <= 2 && c >= MIN_CHANNELS
        && co >= MIN_CHANNELS;
  }

  /**
   * Transformed kernels U[ξ][o][i] = (G g Gᵀ)[ξ] of w [Co, C, 3, 3]. With {@code flip} the kernels of the
   * input-gradient convolution: o runs over C, i over Co, and g is w[i][o] rotated by 180°.
   */
  static float[] weights(float[] w, int off, int co, int c, boolean flip) {
    int outs = flip ? c : co;
    int ins = flip ? co : c;
    float[] u = new float[16 * outs * ins];
    float[] g = new float[9];
    float[] t = new float[12];
    for (int o = 0; o < outs; o++) {
      for (int i = 0; i < ins; i++) {
        int base = flip ? off + (i * c + o) * 9 : off + (o * c + i) * 9;
        for (int q = 0; q < 9; q++) {
          // one load at a chosen index (a load in each branch got a range-check predicate that failed)
          g[q] = w[base + (flip ? 8 - q : q)];
        }
        // t = G g (4×3), rows of G: [1 0 0], [½ ½ ½], [½ −½ ½], [0 0 1]
        for (int col = 0; col < 3; col++) {
          float g0 = g[col];
          float g1 = g[3 + col];
          float g2 = g[6 + col];
          t[col] = g0;
          t[3 + col] = 0.5f * (g0 + g1 + g2);
          t[6 + col] = 0.5f * (g0 - g1 + g2);
          t[9 + col] = g2;
        }
        // U = t Gᵀ (4×4)
        for (int row = 0; row < 4; row++) {
          float a = t[row * 3];
          float b = t[row * 3 + 1];
          float d = t[row * 3 + 2];
          int xi = row * 4;
          u[((xi) * outs + o) * ins + i] = a;
          u[((xi + 1) * outs + o) * ins + i] = 0.5f * (a + b + d);
          u[((xi + 2) * outs + o) * ins + i] = 0.5f * (a - b + d);
          u[((xi + 3) * outs + o) * ins + i] = d;
        }
      }
    }
    return u;
  }

  /**
   * out[n, co, ho, wo] (overwritten) = 3×3 stride-1 convolution of x[n, c, h, w] (zero padding padH/padW) with the
   * kernels transformed by {@link #weights}.
   */
  static void conv2d(float[] x, int xoff, int n, int c, int h, int w, float[] u, int co, int padH, int padW,
      float[] out, int ho, int wo) {
    int th = (ho + 1) / 2;
    int tw = (wo + 1) / 2;
    int tilesPerImage = th * tw;
    int imagesPerChunk = Math.max(1, Math.min(n, TILES_PER_CHUNK / Math.max(1, tilesPerImage)));
    int chunks = (n + imagesPerChunk - 1) / imagesPerChunk;
    // the 16 transformed kernel matrices are the GEMMs' A for every chunk: packed once here, not once per chunk
    float[][] up = new float[16][];
    for (int xi = 0; xi < 16; xi++) {
      up[xi] = VectorGemmF.packedA(u, xi * co * c, c, co, c, 1f);
    }
    Cpu.parallelFor(chunks, 1, (c0, c1) -> {
      for (int ch = c0; ch < c1; ch++) {
        int n0 = ch * imagesPerChunk;
        int ns = Math.min(imagesPerChunk, n - n0);
        int p = ns * tilesPerImage;
        float[] v = scratch(0, 16 * c * p);
        float[] m = scratch(1, 16 * co * p + L);
        for (int s = 0; s < ns; s++) {
          inputTiles(x, xoff + (n0 + s) * c * h * w, c, h, w, padH, padW, th, tw, v, p, s * tilesPerImage);
        }
        for (int xi = 0; xi < 16; xi++) {
          VectorGemmF.gemmPackedA(up[xi], co, p, c, false, v, xi * c * p, p, m, xi * co * p, p, true);
        }
        for (int s = 0; s < ns; s++) {
          outputTiles(m, p, s * tilesPerImage, co, th, tw, out, (n0 + s) * co * ho * wo, ho, wo);
        }
      }
    });
  }

  /**
   * gradW[co, c, 3, 3] (overwritten) of the 3×3 stride-1 convolution of x[n, c, h, w] (padding padH/padW) from
   * gradOut g[n, co, ho, wo], with Winograd F(3×3, 2×2): every 2×2 gradOut tile e and the 4×4 input tile d under it
   * contribute {@code Gᵀ [(A e Aᵀ) ⊙ (Bᵀ d B)] G} (A, G, B of F(2×2, 3×3) in swapped roles); the sum over tiles is
   * taken in the transformed domain as 16 GEMMs {@code M[ξ] += E[ξ] · V[ξ]ᵀ} (inner dimension: tiles), each task
   * summing its images into its own M, reduced at the end.
   */
  static void conv2dWeightGrad(float[] g, int goff, float[] x, int xoff, int n, int c, int h, int w, int co,
      int padH, int padW, float[] gradW, int ho, int wo) {
    int th = (ho + 1) / 2;
    int tw = (wo + 1) / 2;
    int tilesPerImage = th * tw;
    int imagesPerChunk = Math.max(1, Math.min(n, TILES_PER_CHUNK / Math.max(1, tilesPerImage)));
    int chunks = (n + imagesPerChunk - 1) / imagesPerChunk;
    int tasks = Math.max(1, Math.min(Cpu.threads(), chunks));
    float[][] parts = new float[tasks][];
    Cpu.parallelFor(tasks, 1, (k0, k1) -> {
      for (int task = k0; task < k1; task++) {
        float[] acc = new float[16 * co * c];
        parts[task] = acc;
        int ch1 = (int) ((long) chunks * (task + 1) / tasks);
        for (int ch = (int) ((long) chunks * task / tasks); ch < ch1; ch++) {
          int n0 = ch * imagesPerChunk;
          int ns = Math.min(imagesPerChunk, n - n0);
          int p = ns * tilesPerImage;
          float[] v = scratch(0, 16 * c * p);
          float[] e = scratch(1, 16 * co * p + L);
          for (int s = 0; s < ns; s++) {
            inputTiles(x, xoff + (n0 + s) * c * h * w, c, h, w, padH, padW, th, tw, v, p, s * tilesPerImage);
            gradTiles(g, goff + (n0 + s) * co * ho * wo, co, ho, wo, th, tw, e, p, s * tilesPerImage);
          }
          for (int xi = 0; xi < 16; xi++) {
            KernelsF.gemm(false, true, co, c, p, 1f, e, xi * co * p, p, v, xi * c * p, p, 1f, acc, xi * co * c, c);
          }
        }
      }
    });
    float[] m = parts[0];
    for (int t = 1; t < tasks; t++) {
      float[] part = parts[t];
      for (int i = 0; i < m.length; i++) {
        m[i] += part[i];
      }
    }
    // gradW = Gᵀ M G per (o, i): rows of Gᵀ are [1 ½ ½ 0], [0 ½ −½ 0], [0 ½ ½ 1]
    int plane = co * c;
    float[] t = new float[12];
    for (int o = 0; o < co; o++) {
      for (int i = 0; i < c; i++) {
        int q = o * c + i;
        for (int j = 0; j < 4; j++) {
          float m0 = m[j * plane + q];
          float m1 = m[(4 + j) * plane + q];
          float m2 = m[(8 + j) * plane + q];
          float m3 = m[(12 + j) * plane + q];
          t[j] = m0 + 0.5f * (m1 + m2);
          t[4 + j] = 0.5f * (m1 - m2);
          t[8 + j] = 0.5f * (m1 + m2) + m3;
        }
        int gw = q * 9;
        for (int r = 0; r < 3; r++) {
          float a0 = t[4 * r];
          float a1 = t[4 * r + 1];
          float a2 = t[4 * r + 2];
          float a3 = t[4 * r + 3];
          gradW[gw + 3 * r] = a0 + 0.5f * (a1 + a2);
          gradW[gw + 3 * r + 1] = 0.5f * (a1 - a2);
          gradW[gw + 3 * r + 2] = 0.5f * (a1 + a2) + a3;
        }
      }
    }
  }

  /**
   * E[ξ][k][t0 + tile] = (A e Aᵀ)[ξ] for every output channel and 2×2 gradOut tile e of one image (zero past the
   * border); rows of A are [1 0], [1 1], [1 −1], [0 −1]. Vectorised over a row of tiles as {@link #inputTiles}:
   * each channel is split into even and odd (zero-padded) columns first.
   */
  private static void gradTiles(float[] g, int go, int co, int ho, int wo, int th, int tw, float[] e, int p,
      int t0) {
    final int plane = co * p;
    final int rows = 2 * th;
    final int stride = (tw + L - 1) / L * L;
    final int odd = rows * stride;
    final int cut = 2 * odd;
    float[] eo = Scratch.floats(Scratch.WINOGRAD_PLANES, cut + 16 * L);
    for (int k = 0; k < co; k++) {
      int gk = go + k * ho * wo;
      for (int r = 0; r < rows; r++) {
        int er = r * stride;
        if (r >= ho) {
          java.util.Arrays.fill(eo, er, er + tw, 0f);
          java.util.Arrays.fill(eo, odd + er, odd + er + tw, 0f);
          continue;
        }
        int gr = gk + r * wo;
        split(g, gr, eo, er, tw, 0, wo);
        split(g, gr + 1, eo, odd + er, tw, -1, wo);
      }
      int ek = k * p + t0;
      for (int ty = 0; ty < th; ty++) {
        for (int tx0 = 0; tx0 < tw; tx0 += L) {
          int b0 = 2 * ty * stride + tx0;
          FloatVector e00 = FloatVector.fromArray(F, eo, b0);
          FloatVector e01 = FloatVector.fromArray(F, eo, odd + b0);
          FloatVector e10 = FloatVector.fromArray(F, eo, b0 + stride);
          FloatVector e11 = FloatVector.fromArray(F, eo, odd + b0 + stride);
          int o = ek + ty * tw + tx0;
          // as in inputTiles: whole vectors may run onto later tiles of this channel, except at its end
          int n = o + L <= k * p + p ? L : k * p + p - o;
          // A e: rows [e0], [e0 + e1], [e0 − e1], [−e1] (e0, e1 the tile's rows); each row (a, b) times Aᵀ:
          // [a, a + b, a − b, −b]
          FloatVector a1 = e00.add(e10);
          FloatVector b1 = e01.add(e11);
          FloatVector a2 = e00.sub(e10);
          FloatVector b2 = e01.sub(e11);
          FloatVector v0 = e00;
          FloatVector v1 = e00.add(e01);
          FloatVector v2 = e00.sub(e01);
          FloatVector v3 = e01.neg();
          FloatVector v4 = a1;
          FloatVector v5 = a1.add(b1);
          FloatVector v6 = a1.sub(b1);
          FloatVector v7 = b1.neg();
          FloatVector v8 = a2;
          FloatVector v9 = a2.add(b2);
          FloatVector v10 = a2.sub(b2);
          FloatVector v11 = b2.neg();
          FloatVector v12 = e10.neg();
          FloatVector v13 = e10.add(e11).neg();
          FloatVector v14 = e11.sub(e10);
          FloatVector v15 = e11;
          if (n == L) {
            v0.intoArray(e, o);
            v1.intoArray(e, plane + o);
            v2.intoArray(e, 2 * plane + o);
            v3.intoArray(e, 3 * plane + o);
            v4.intoArray(e, 4 * plane + o);
            v5.intoArray(e, 5 * plane + o);
            v6.intoArray(e, 6 * plane + o);
            v7.intoArray(e, 7 * plane + o);
            v8.intoArray(e, 8 * plane + o);
            v9.intoArray(e, 9 * plane + o);
            v10.intoArray(e, 10 * plane + o);
            v11.intoArray(e, 11 * plane + o);
            v12.intoArray(e, 12 * plane + o);
            v13.intoArray(e, 13 * plane + o);
            v14.intoArray(e, 14 * plane + o);
            v15.intoArray(e, 15 * plane + o);
          } else {
            v0.intoArray(eo, cut);
            v1.intoArray(eo, cut + L);
            v2.intoArray(eo, cut + 2 * L);
            v3.intoArray(eo, cut + 3 * L);
            v4.intoArray(eo, cut + 4 * L);
            v5.intoArray(eo, cut + 5 * L);
            v6.intoArray(eo, cut + 6 * L);
            v7.intoArray(eo, cut + 7 * L);
            v8.intoArray(eo, cut + 8 * L);
            v9.intoArray(eo, cut + 9 * L);
            v10.intoArray(eo, cut + 10 * L);
            v11.intoArray(eo, cut + 11 * L);
            v12.intoArray(eo, cut + 12 * L);
            v13.intoArray(eo, cut + 13 * L);
            v14.intoArray(eo, cut + 14 * L);
            v15.intoArray(eo, cut + 15 * L);
            for (int xi = 0; xi < 16; xi++) {
              System.arraycopy(eo, cut + xi * L, e, xi * plane + o, n);
            }
          }
        }
      }
    }
  }

  /**
   * V[ξ][ci][t0 + tile] = (Bᵀ d B)[ξ] for every channel and 4×4 input tile d of one image, a row of tiles per
   * vector: each channel is first split into its even and odd (zero-padded) columns, so that column j of the tiles
   * ty, tx0 .. tx0 + L − 1 is one contiguous load (tile tx covers padded columns 2tx .. 2tx + 3: even tx, odd tx,
   * even tx + 1, odd tx + 1).
   */
  private static void inputTiles(float[] x, int xo, int c, int h, int w, int padH, int padW, int th, int tw,
      float[] v, int p, int t0) {
    final int plane = c * p;
    final int rows = 2 * th + 2; // padded rows the tiles read
    final int cols = tw + 1; // even (odd) padded columns the tiles read
    final int stride = (cols + L - 1) / L * L + L; // room for a full vector at offset tx0 + 1
    // the even and odd padded planes, then 16 vectors for the cut stores at a chunk's end
    final int cut = 2 * rows * stride;
    float[] eo = Scratch.floats(Scratch.WINOGRAD_PLANES, cut + 16 * L);
    final int odd = rows * stride;
    for (int ci = 0; ci < c; ci++) {
      int xc = xo + ci * h * w;
      for (int r = 0; r < rows; r++) {
        int y = r - padH;
        int er = r * stride;
        if (y < 0 || y >= h) {
          java.util.Arrays.fill(eo, er, er + cols, 0f);
          java.util.Arrays.fill(eo, odd + er, odd + er + cols, 0f);
          continue;
        }
        // even padded column 2k is input column 2k − padW, odd 2k + 1 − padW: copied where inside the row, zero
        // elsewhere, as three plain loops (a conditional load in one loop got a profile-based predicate that failed
        // for other shapes, each failure finishing that call in the interpreter)
        int xr = xc + y * w - padW;
        split(x, xr, eo, er, cols, padW, w);
        split(x, xr + 1, eo, odd + er, cols, padW - 1, w);
      }
      int vc = ci * p + t0;
      for (int ty = 0; ty < th; ty++) {
        for (int tx0 = 0; tx0 < tw; tx0 += L) {
          int b0 = 2 * ty * stride + tx0;
          int b1 = b0 + stride;
          int b2 = b1 + stride;
          int b3 = b2 + stride;
          // d[r][j]: padded row 2ty + r, tile column j (even tx, odd tx, even tx + 1, odd tx + 1)
          FloatVector d00 = FloatVector.fromArray(F, eo, b0);
          FloatVector d01 = FloatVector.fromArray(F, eo, odd + b0);
          FloatVector d02 = FloatVector.fromArray(F, eo, b0 + 1);
          FloatVector d03 = FloatVector.fromArray(F, eo, odd + b0 + 1);
          FloatVector d10 = FloatVector.fromArray(F, eo, b1);
          FloatVector d11 = FloatVector.fromArray(F, eo, odd + b1);
          FloatVector d12 = FloatVector.fromArray(F, eo, b1 + 1);
          FloatVector d13 = FloatVector.fromArray(F, eo, odd + b1 + 1);
          FloatVector d20 = FloatVector.fromArray(F, eo, b2);
          FloatVector d21 = FloatVector.fromArray(F, eo, odd + b2);
          FloatVector d22 = FloatVector.fromArray(F, eo, b2 + 1);
          FloatVector d23 = FloatVector.fromArray(F, eo, odd + b2 + 1);
          FloatVector d30 = FloatVector.fromArray(F, eo, b3);
          FloatVector d31 = FloatVector.fromArray(F, eo, odd + b3);
          FloatVector d32 = FloatVector.fromArray(F, eo, b3 + 1);
          FloatVector d33 = FloatVector.fromArray(F, eo, odd + b3 + 1);
          int o = vc + ty * tw + tx0;
          // A full vector past this row's tiles lands on tiles of later rows or images of this channel, written
          // after this; only where it would pass the channel's end (the chunk's last image) do the 16 results go to
          // the end of eo first and only their first n lanes to V. (All inline: a FloatVector passed to a method
          // that C2 does not inline is boxed, and such callees are "too large" at the cold sites of OSR code.)
          int n = o + L <= ci * p + p ? L : ci * p + p - o;
          // the 16 results go to V[ξ] at o (dst = v, step = plane), or at a cut to the end of eo (step = L)
          float[] dst = n == L ? v : eo;
          int at = n == L ? o : cut;
          int step = n == L ? plane : L;
          // rows of Bᵀ d (rows of Bᵀ: [1 0 −1 0], [0 1 1 0], [0 −1 1 0], [0 1 0 −1]), each times B:
          // (a0 a1 a2 a3) -> [a0 − a2, a1 + a2, a2 − a1, a1 − a3]; each row stored as soon as it is done (fewer
          // live vectors: with all 16 kept to the end, C2 left the last rows' stores as calls)
          FloatVector a0 = d00.sub(d20);
          FloatVector a1 = d01.sub(d21);
          FloatVector a2 = d02.sub(d22);
          FloatVector a3 = d03.sub(d23);
          a0.sub(a2).intoArray(dst, at);
          a1.add(a2).intoArray(dst, at + step);
          a2.sub(a1).intoArray(dst, at + 2 * step);
          a1.sub(a3).intoArray(dst, at + 3 * step);
          a0 = d10.add(d20);
          a1 = d11.add(d21);
          a2 = d12.add(d22);
          a3 = d13.add(d23);
          a0.sub(a2).intoArray(dst, at + 4 * step);
          a1.add(a2).intoArray(dst, at + 5 * step);
          a2.sub(a1).intoArray(dst, at + 6 * step);
          a1.sub(a3).intoArray(dst, at + 7 * step);
          a0 = d20.sub(d10);
          a1 = d21.sub(d11);
          a2 = d22.sub(d12);
          a3 = d23.sub(d13);
          a0.sub(a2).intoArray(dst, at + 8 * step);
          a1.add(a2).intoArray(dst, at + 9 * step);
          a2.sub(a1).intoArray(dst, at + 10 * step);
          a1.sub(a3).intoArray(dst, at + 11 * step);
          a0 = d10.sub(d30);
          a1 = d11.sub(d31);
          a2 = d12.sub(d32);
          a3 = d13.sub(d33);
          a0.sub(a2).intoArray(dst, at + 12 * step);
          a1.add(a2).intoArray(dst, at + 13 * step);
          a2.sub(a1).intoArray(dst, at + 14 * step);
          a1.sub(a3).intoArray(dst, at + 15 * step);
          if (n < L) {
            for (int xi = 0; xi < 16; xi++) {
              System.arraycopy(eo, cut + xi * L, v, xi * plane + o, n);
            }
          }
        }
      }
    }
  }

  /**
   * dst[d + k] = src[s + 2k] for the k in [0, cols) whose column 2k − pad lies in [0, w), zero for the others.
   */
  private static void split(float[] src, int s, float[] dst, int d, int cols, int pad, int w) {
    int k0 = Math.min(cols, Math.max(0, (pad + 1) / 2)); // first k with 2k ≥ pad
    int k1 = Math.max(k0, Math.min(cols, (w + pad + 1) / 2)); // first k with 2k − pad ≥ w
    for (int k = 0; k < k0; k++) {
      dst[d + k] = 0f;
    }
    for (int k = k0; k < k1; k++) {
      dst[d + k] = src[s + 2 * k];
    }
    for (int k = k1; k < cols; k++) {
      dst[d + k] = 0f;
    }
  }

  /**
   * out tile = Aᵀ M A for every output channel and tile of one image (rows of Aᵀ: [1 1 1 0], [0 1 −1 −1]), a row
   * of tiles per vector; m must have {@link #L} readable floats past its last plane.
   */
  private static void outputTiles(float[] m, int p, int t0, int co, int th, int tw, float[] out, int oo, int ho,
      int wo) {
    final int plane = co * p;
    float[] st = scratch(2, 4 * L);
    for (int k = 0; k < co; k++) {
      int ok = oo + k * ho * wo;
      for (int ty = 0; ty < th; ty++) {
        int base = k * p + t0 + ty * tw;
        int y = 2 * ty;
        for (int tx0 = 0; tx0 < tw; tx0 += L) {
          // Aᵀ M A for the L tiles from flat index t of every ξ plane (inline, see inputTiles): Y00, Y01, Y10, Y11
          // into st[0 .. 4L); rows of Aᵀ M at column j: m[j] + m[4 + j] + m[8 + j] and m[4 + j] − m[8 + j] − m[12 + j]
          int t = base + tx0;
          FloatVector m0 = FloatVector.fromArray(F, m, t);
          FloatVector m1 = FloatVector.fromArray(F, m, plane + t);
          FloatVector m2 = FloatVector.fromArray(F, m, 2 * plane + t);
          FloatVector m3 = FloatVector.fromArray(F, m, 3 * plane + t);
          FloatVector m4 = FloatVector.fromArray(F, m, 4 * plane + t);
          FloatVector m5 = FloatVector.fromArray(F, m, 5 * plane + t);
          FloatVector m6 = FloatVector.fromArray(F, m, 6 * plane + t);
          FloatVector m7 = FloatVector.fromArray(F, m, 7 * plane + t);
          FloatVector m8 = FloatVector.fromArray(F, m, 8 * plane + t);
          FloatVector m9 = FloatVector.fromArray(F, m, 9 * plane + t);
          FloatVector m10 = FloatVector.fromArray(F, m, 10 * plane + t);
          FloatVector m11 = FloatVector.fromArray(F, m, 11 * plane + t);
          FloatVector s00 = m0.add(m4).add(m8);
          FloatVector s01 = m1.add(m5).add(m9);
          FloatVector s02 = m2.add(m6).add(m10);
          FloatVector s03 = m3.add(m7).add(m11);
          FloatVector s10 = m4.sub(m8).sub(FloatVector.fromArray(F, m, 12 * plane + t));
          FloatVector s11 = m5.sub(m9).sub(FloatVector.fromArray(F, m, 13 * plane + t));
          FloatVector s12 = m6.sub(m10).sub(FloatVector.fromArray(F, m, 14 * plane + t));
          FloatVector s13 = m7.sub(m11).sub(FloatVector.fromArray(F, m, 15 * plane + t));
          s00.add(s01).add(s02).intoArray(st, 0);
          s01.sub(s02).sub(s03).intoArray(st, L);
          s10.add(s11).add(s12).intoArray(st, 2 * L);
          s11.sub(s12).sub(s13).intoArray(st, 3 * L);
          int n = Math.min(L, tw - tx0);
          int r = ok + y * wo + 2 * tx0;
          boolean lower = y + 1 < ho;
          for (int i = 0; i < n; i++) {
            int xx = 2 * (tx0 + i);
            out[r + 2 * i] = st[i];
            if (xx + 1 < wo) {
              out[r + 2 * i + 1] = st[L + i];
            }
            if (lower) {
              out[r + wo + 2 * i] = st[2 * L + i];
              if (xx + 1 < wo) {
                out[r + wo + 2 * i + 1] = st[3 * L + i];
              }
            }
          }
        }
      }
    }
  }
}
