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
          g[q] = flip ? w[base + 8 - q] : w[base + q];
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
          KernelsF.gemm(false, false, co, p, c, 1f, u, xi * co * c, c, v, xi * c * p, p, 0f, m, xi * co * p, p);
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
   * border); rows of A are [1 0], [1 1], [1 −1], [0 −1].
   */
  private static void gradTiles(float[] g, int go, int co, int ho, int wo, int th, int tw, float[] e, int p,
      int t0) {
    int plane = co * p;
    for (int k = 0; k < co; k++) {
      int gk = go + k * ho * wo;
      int ek = k * p + t0;
      for (int ty = 0; ty < th; ty++) {
        int y = 2 * ty;
        boolean lower = y + 1 < ho;
        for (int tx = 0; tx < tw; tx++) {
          int xx = 2 * tx;
          boolean right = xx + 1 < wo;
          int r = gk + y * wo + xx;
          float e00 = g[r];
          float e01 = right ? g[r + 1] : 0f;
          float e10 = lower ? g[r + wo] : 0f;
          float e11 = lower && right ? g[r + wo + 1] : 0f;
          // A e: rows [e0], [e0 + e1], [e0 − e1], [−e1] (e0, e1 the tile's rows), then each row (a, b) times Aᵀ
          int o = ek + ty * tw + tx;
          gradRow(e00, e01, e, o, plane, 0);
          gradRow(e00 + e10, e01 + e11, e, o, plane, 4);
          gradRow(e00 - e10, e01 - e11, e, o, plane, 8);
          gradRow(-e10, -e11, e, o, plane, 12);
        }
      }
    }
  }

  /** Row (a, b) of A e times Aᵀ: [a, a + b, a − b, −b] into E[xi .. xi + 3][o]. */
  private static void gradRow(float a, float b, float[] e, int o, int plane, int xi) {
    e[xi * plane + o] = a;
    e[(xi + 1) * plane + o] = a + b;
    e[(xi + 2) * plane + o] = a - b;
    e[(xi + 3) * plane + o] = -b;
  }

  /** V[ξ][ci][t0 + tile] = (Bᵀ d B)[ξ] for every channel and 4×4 input tile d of one image. */
  private static void inputTiles(float[] x, int xo, int c, int h, int w, int padH, int padW, int th, int tw,
      float[] v, int p, int t0) {
    float[] d = new float[16];
    int plane = c * p;
    for (int ci = 0; ci < c; ci++) {
      int xc = xo + ci * h * w;
      int vc = ci * p + t0;
      for (int ty = 0; ty < th; ty++) {
        int y0 = 2 * ty - padH;
        boolean rowsInside = y0 >= 0 && y0 + 4 <= h;
        for (int tx = 0; tx < tw; tx++) {
          int x0 = 2 * tx - padW;
          if (rowsInside && x0 >= 0 && x0 + 4 <= w) {
            int r = xc + y0 * w + x0;
            for (int i = 0; i < 4; i++, r += w) {
              d[4 * i] = x[r];
              d[4 * i + 1] = x[r + 1];
              d[4 * i + 2] = x[r + 2];
              d[4 * i + 3] = x[r + 3];
            }
          } else {
            for (int i = 0; i < 4; i++) {
              int y = y0 + i;
              for (int j = 0; j < 4; j++) {
                int xx = x0 + j;
                d[4 * i + j] = y >= 0 && y < h && xx >= 0 && xx < w ? x[xc + y * w + xx] : 0f;
              }
            }
          }
          int o = vc + ty * tw + tx;
          for (int j = 0; j < 4; j++) {
            // column j of Bᵀ d: rows of Bᵀ are [1 0 −1 0], [0 1 1 0], [0 −1 1 0], [0 1 0 −1]
            float a0 = d[j] - d[8 + j];
            float a1 = d[4 + j] + d[8 + j];
            float a2 = d[8 + j] - d[4 + j];
            float a3 = d[4 + j] - d[12 + j];
            d[j] = a0;
            d[4 + j] = a1;
            d[8 + j] = a2;
            d[12 + j] = a3;
          }
          for (int i = 0; i < 4; i++) {
            float a0 = d[4 * i];
            float a1 = d[4 * i + 1];
            float a2 = d[4 * i + 2];
            float a3 = d[4 * i + 3];
            int xi = 4 * i;
            v[xi * plane + o] = a0 - a2;
            v[(xi + 1) * plane + o] = a1 + a2;
            v[(xi + 2) * plane + o] = a2 - a1;
            v[(xi + 3) * plane + o] = a1 - a3;
          }
        }
      }
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
          transformOutput(m, base + tx0, plane, st);
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

  /** Aᵀ M A for L tiles starting at flat index t of every ξ plane: Y00, Y01, Y10, Y11 into st[0..4L). */
  private static void transformOutput(float[] m, int t, int plane, float[] st) {
    FloatVector s00 = col0(m, t, plane, 0);
    FloatVector s01 = col0(m, t, plane, 1);
    FloatVector s02 = col0(m, t, plane, 2);
    FloatVector s03 = col0(m, t, plane, 3);
    FloatVector s10 = col1(m, t, plane, 0);
    FloatVector s11 = col1(m, t, plane, 1);
    FloatVector s12 = col1(m, t, plane, 2);
    FloatVector s13 = col1(m, t, plane, 3);
    s00.add(s01).add(s02).intoArray(st, 0);
    s01.sub(s02).sub(s03).intoArray(st, L);
    s10.add(s11).add(s12).intoArray(st, 2 * L);
    s11.sub(s12).sub(s13).intoArray(st, 3 * L);
  }

  /** Row 0 of Aᵀ M at column j: m[j] + m[4 + j] + m[8 + j]. */
  private static FloatVector col0(float[] m, int t, int plane, int j) {
    return FloatVector.fromArray(F, m, j * plane + t).add(FloatVector.fromArray(F, m, (4 + j) * plane + t))
        .add(FloatVector.fromArray(F, m, (8 + j) * plane + t));
  }

  /** Row 1 of Aᵀ M at column j: m[4 + j] − m[8 + j] − m[12 + j]. */
  private static FloatVector col1(float[] m, int t, int plane, int j) {
    return FloatVector.fromArray(F, m, (4 + j) * plane + t).sub(FloatVector.fromArray(F, m, (8 + j) * plane + t))
        .sub(FloatVector.fromArray(F, m, (12 + j) * plane + t));
  }
}
