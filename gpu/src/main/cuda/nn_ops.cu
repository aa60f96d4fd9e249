// Convolution (im2col / col2im around cuBLAS GEMMs), batch norm over [N, C, S], pooling, fused optimizers and
// Philox dropout masks of CudaBackend. Column layout of im2col: col[(c*kh + i)*kw + j][n*Ho*Wo + oh*Wo + ow] for the
// nb images of a chunk (ld = nb*Ho*Wo), so one GEMM per group covers the whole chunk.
#include "ns_common.cuh"

struct ConvGeom {
  int c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, ho, wo, nb;
};

/** im2col of nb images x [nb, c, h, w] (contiguous from xb) into col [c*kh*kw, nb*ho*wo]; zero padding. */
template <typename T>
__device__ void im2col_kernel(const T* x, ConvGeom g, T* col) {
  long long hw = (long long) g.ho * g.wo;
  long long cols = hw * g.nb;
  long long total = (long long) g.c * g.kh * g.kw * cols;
  NS_GRID_LOOP(i, total) {
    long long row = i / cols;
    long long cidx = i - row * cols;
    int n = (int) (cidx / hw);
    long long p = cidx - n * hw;
    int oh = (int) (p / g.wo);
    int ow = (int) (p - (long long) oh * g.wo);
    int j = (int) (row % g.kw);
    int ki = (int) ((row / g.kw) % g.kh);
    int c = (int) (row / ((long long) g.kw * g.kh));
    int ih = oh * g.sh - g.ph + ki * g.dh;
    int iw = ow * g.sw - g.pw + j * g.dw;
    T v = 0;
    if (ih >= 0 && ih < g.h && iw >= 0 && iw < g.w) v = x[(((long long) n * g.c + c) * g.h + ih) * g.w + iw];
    col[i] = v;
  }
}
extern "C" __global__ void ns_im2col_f(const float* x, ConvGeom g, float* col) { im2col_kernel<float>(x, g, col); }
extern "C" __global__ void ns_im2col_d(const double* x, ConvGeom g, double* col) { im2col_kernel<double>(x, g, col); }

/**
 * col2im: gx [nb, c, h, w] (overwritten) = the sum of the col entries that im2col read from each pixel; a gather
 * per pixel in (ki, kj) order, so the result is deterministic.
 */
template <typename T>
__device__ void col2im_kernel(const T* col, ConvGeom g, T* gx) {
  long long hw = (long long) g.ho * g.wo;
  long long cols = hw * g.nb;
  long long total = (long long) g.nb * g.c * g.h * g.w;
  NS_GRID_LOOP(i, total) {
    int iw = (int) (i % g.w);
    int ih = (int) ((i / g.w) % g.h);
    int c = (int) ((i / ((long long) g.w * g.h)) % g.c);
    int n = (int) (i / ((long long) g.w * g.h * g.c));
    double s = 0;
    for (int ki = 0; ki < g.kh; ki++) {
      int th = ih + g.ph - ki * g.dh;
      if (th < 0 || th % g.sh != 0) continue;
      int oh = th / g.sh;
      if (oh >= g.ho) continue;
      for (int kj = 0; kj < g.kw; kj++) {
        int tw = iw + g.pw - kj * g.dw;
        if (tw < 0 || tw % g.sw != 0) continue;
        int ow = tw / g.sw;
        if (ow >= g.wo) continue;
        long long row = ((long long) c * g.kh + ki) * g.kw + kj;
        s += (double) col[row * cols + n * hw + (long long) oh * g.wo + ow];
      }
    }
    gx[i] = (T) s;
  }
}
extern "C" __global__ void ns_col2im_f(const float* col, ConvGeom g, float* gx) { col2im_kernel<float>(col, g, gx); }
extern "C" __global__ void ns_col2im_d(const double* col, ConvGeom g, double* gx) { col2im_kernel<double>(col, g, gx); }

// ------------------------------------------------------------------------------------------ batch norm
/** Mean and biased variance per channel of contiguous x [n, c, sp]: one block per channel, two float64 passes. */
template <typename T>
__device__ void bn_stats_kernel(const T* x, long long n, long long c, long long sp, T* mean, T* var) {
  long long cnt = n * sp;
  for (long long ch = blockIdx.x; ch < c; ch += gridDim.x) {
    double s = 0;
    for (long long j = threadIdx.x; j < cnt; j += blockDim.x) {
      long long i = j / sp;
      s += (double) x[(i * c + ch) * sp + (j - i * sp)];
    }
    double m = ns_block_sum(s) / (double) cnt;
    double q = 0;
    for (long long j = threadIdx.x; j < cnt; j += blockDim.x) {
      long long i = j / sp;
      double d = (double) x[(i * c + ch) * sp + (j - i * sp)] - m;
      q += d * d;
    }
    q = ns_block_sum(q);
    if (threadIdx.x == 0) {
      mean[ch] = (T) m;
      var[ch] = (T) (q / (double) cnt);
    }
  }
}
extern "C" __global__ void ns_bn_stats_f(const float* x, long long n, long long c, long long sp, float* mean,
    float* var) {
  bn_stats_kernel<float>(x, n, c, sp, mean, var);
}
extern "C" __global__ void ns_bn_stats_d(const double* x, long long n, long long c, long long sp, double* mean,
    double* var) {
  bn_stats_kernel<double>(x, n, c, sp, mean, var);
}

/** out = x * scale + shift with scale = invstd*w, shift = b - mean*scale per channel (w, b may be null). */
template <typename T>
__device__ void bn_apply_kernel(const T* x, long long n, long long c, long long sp, const T* mean, const T* invstd,
    const T* w, const T* b, T* out) {
  NS_GRID_LOOP(i, n * c * sp) {
    long long ch = (i / sp) % c;
    T scale = w == nullptr ? invstd[ch] : invstd[ch] * w[ch];
    T shift = (b == nullptr ? (T) 0 : b[ch]) - mean[ch] * scale;
    out[i] = x[i] * scale + shift;
  }
}
extern "C" __global__ void ns_bn_apply_f(const float* x, long long n, long long c, long long sp, const float* mean,
    const float* invstd, const float* w, const float* b, float* out) {
  bn_apply_kernel<float>(x, n, c, sp, mean, invstd, w, b, out);
}
extern "C" __global__ void ns_bn_apply_d(const double* x, long long n, long long c, long long sp,
    const double* mean, const double* invstd, const double* w, const double* b, double* out) {
  bn_apply_kernel<double>(x, n, c, sp, mean, invstd, w, b, out);
}

/**
 * Batch-norm backward, one block per channel: Σg and Σg(x−mean) in float64, then gw = Σg(x−mean)·invstd,
 * gb = Σg and gx (any of the three may be null) as KernelsF.bnBackward computes them.
 */
template <typename T>
__device__ void bn_backward_kernel(const T* g, const T* x, long long n, long long c, long long sp, const T* mean,
    const T* invstd, const T* w, int batchStats, T* gx, T* gw, T* gb) {
  long long cnt = n * sp;
  for (long long ch = blockIdx.x; ch < c; ch += gridDim.x) {
    double m = (double) mean[ch];
    double is = (double) invstd[ch];
    double sg = 0;
    double sx = 0;
    for (long long j = threadIdx.x; j < cnt; j += blockDim.x) {
      long long i = j / sp;
      long long o = (i * c + ch) * sp + (j - i * sp);
      double gv = (double) g[o];
      sg += gv;
      sx += gv * ((double) x[o] - m);
    }
    sg = ns_block_sum(sg);
    sx = ns_block_sum(sx);
    if (threadIdx.x == 0) {
      if (gw != nullptr) gw[ch] = (T) (sx * is);
      if (gb != nullptr) gb[ch] = (T) sg;
    }
    if (gx == nullptr) continue;
    double wv = w == nullptr ? 1.0 : (double) w[ch];
    T k, meanG, coef;
    if (sizeof(T) == 4) {
      float kf, mf, cf;
      ns_bn_grad_factors_f(sg, sx, wv, is, (double) cnt, &kf, &mf, &cf);
      k = (T) kf;
      meanG = (T) mf;
      coef = (T) cf;
    } else {
      k = (T) (wv * is);
      meanG = (T) (sg / (double) cnt);
      coef = (T) (sx * is / (double) cnt * is);
    }
    T mt = (T) m;
    for (long long j = threadIdx.x; j < cnt; j += blockDim.x) {
      long long i = j / sp;
      long long o = (i * c + ch) * sp + (j - i * sp);
      gx[o] = batchStats ? k * (g[o] - meanG - (x[o] - mt) * coef) : k * g[o];
    }
  }
}
extern "C" __global__ void ns_bn_backward_f(const float* g, const float* x, long long n, long long c, long long sp,
    const float* mean, const float* invstd, const float* w, int batchStats, float* gx, float* gw, float* gb) {
  bn_backward_kernel<float>(g, x, n, c, sp, mean, invstd, w, batchStats, gx, gw, gb);
}
extern "C" __global__ void ns_bn_backward_d(const double* g, const double* x, long long n, long long c,
    long long sp, const double* mean, const double* invstd, const double* w, int batchStats, double* gx,
    double* gw, double* gb) {
  bn_backward_kernel<double>(g, x, n, c, sp, mean, invstd, w, batchStats, gx, gw, gb);
}

// ------------------------------------------------------------------------------------------ pooling
struct PoolGeom {
  int h, w, ho, wo, kh, kw, sh, sw, ph, pw;
};

/** Max pooling over planes of contiguous x [planes, h, w]; argmax = flat h*W+w index in the plane (NaN wins). */
template <typename T>
__device__ void max_pool_kernel(const T* x, long long planes, PoolGeom p, T* out, int* arg) {
  long long per = (long long) p.ho * p.wo;
  NS_GRID_LOOP(i, planes * per) {
    long long q = i / per;
    int o = (int) (i - q * per);
    int oh = o / p.wo;
    int ow = o - oh * p.wo;
    const T* xp = x + q * p.h * p.w;
    int hs = oh * p.sh - p.ph;
    int ws = ow * p.sw - p.pw;
    T best = (T) -INFINITY;
    int bi = -1;
    int he = min(hs + p.kh, p.h);
    int we = min(ws + p.kw, p.w);
    bool done = false;
    for (int a = max(hs, 0); a < he && !done; a++) {
      for (int b = max(ws, 0); b < we; b++) {
        T v = xp[a * p.w + b];
        if (v > best || v != v || bi < 0) {
          best = v;
          bi = a * p.w + b;
          if (v != v) {
            done = true;
            break;
          }
        }
      }
    }
    out[i] = best;
    arg[i] = bi;
  }
}
extern "C" __global__ void ns_max_pool_f(const float* x, long long planes, PoolGeom p, float* out, int* arg) {
  max_pool_kernel<float>(x, planes, p, out, arg);
}
extern "C" __global__ void ns_max_pool_d(const double* x, long long planes, PoolGeom p, double* out, int* arg) {
  max_pool_kernel<double>(x, planes, p, out, arg);
}

/**
 * Max-pool backward: gx (zeroed by the caller, [planes, h, w]) += go at each output's argmax. Atomic adds: exact
 * and deterministic when windows do not overlap (stride >= kernel, each pixel receives at most one gradient);
 * with overlapping windows the order of the float additions into a pixel is not fixed. The forward geometry is not
 * needed (Backend.maxPool2dBackward does not receive it).
 */
template <typename T>
__device__ void max_pool_bwd_kernel(const T* go, const int* arg, long long planes, long long hw, long long ohw,
    T* gx) {
  NS_GRID_LOOP(i, planes * ohw) {
    long long q = i / ohw;
    atomicAdd(gx + q * hw + arg[i], go[i]);
  }
}
extern "C" __global__ void ns_max_pool_bwd_f(const float* go, const int* arg, long long planes, long long hw,
    long long ohw, float* gx) {
  max_pool_bwd_kernel<float>(go, arg, planes, hw, ohw, gx);
}
extern "C" __global__ void ns_max_pool_bwd_d(const double* go, const int* arg, long long planes, long long hw,
    long long ohw, double* gx) {
  max_pool_bwd_kernel<double>(go, arg, planes, hw, ohw, gx);
}

/** Average pooling (count_include_pad) forward; backward as a per-pixel gather in output order. */
template <typename T>
__device__ void avg_pool_kernel(const T* x, long long planes, PoolGeom p, T* out) {
  long long per = (long long) p.ho * p.wo;
  T inv = (T) (1.0 / (p.kh * p.kw));
  NS_GRID_LOOP(i, planes * per) {
    long long q = i / per;
    int o = (int) (i - q * per);
    int oh = o / p.wo;
    int ow = o - oh * p.wo;
    const T* xp = x + q * p.h * p.w;
    int hs = oh * p.sh - p.ph;
    int ws = ow * p.sw - p.pw;
    T s = 0;
    for (int a = max(hs, 0); a < min(hs + p.kh, p.h); a++)
      for (int b = max(ws, 0); b < min(ws + p.kw, p.w); b++) s += xp[a * p.w + b];
    out[i] = s * inv;
  }
}
template <typename T>
__device__ void avg_pool_bwd_kernel(const T* go, long long planes, PoolGeom p, T* gx) {
  long long per = (long long) p.h * p.w;
  T inv = (T) (1.0 / (p.kh * p.kw));
  NS_GRID_LOOP(i, planes * per) {
    long long q = i / per;
    int pix = (int) (i - q * per);
    int ih = pix / p.w;
    int iw = pix - ih * p.w;
    const T* g = go + q * p.ho * p.wo;
    int oh0 = ih + p.ph - p.kh + 1 <= 0 ? 0 : (ih + p.ph - p.kh + p.sh) / p.sh;
    int oh1 = min(p.ho - 1, (ih + p.ph) / p.sh);
    int ow0 = iw + p.pw - p.kw + 1 <= 0 ? 0 : (iw + p.pw - p.kw + p.sw) / p.sw;
    int ow1 = min(p.wo - 1, (iw + p.pw) / p.sw);
    T s = 0;
    for (int oh = oh0; oh <= oh1; oh++)
      for (int ow = ow0; ow <= ow1; ow++) s += g[oh * p.wo + ow] * inv;
    gx[i] = s;
  }
}
extern "C" __global__ void ns_avg_pool_f(const float* x, long long planes, PoolGeom p, float* out) {
  avg_pool_kernel<float>(x, planes, p, out);
}
extern "C" __global__ void ns_avg_pool_d(const double* x, long long planes, PoolGeom p, double* out) {
  avg_pool_kernel<double>(x, planes, p, out);
}
extern "C" __global__ void ns_avg_pool_bwd_f(const float* go, long long planes, PoolGeom p, float* gx) {
  avg_pool_bwd_kernel<float>(go, planes, p, gx);
}
extern "C" __global__ void ns_avg_pool_bwd_d(const double* go, long long planes, PoolGeom p, double* gx) {
  avg_pool_bwd_kernel<double>(go, planes, p, gx);
}

/** Adaptive average pooling (PyTorch's start = floor(o*in/out), end = ceil((o+1)*in/out)). */
template <typename T>
__device__ void adaptive_avg_kernel(const T* x, long long planes, int h, int w, int ho, int wo, T* out) {
  long long per = (long long) ho * wo;
  NS_GRID_LOOP(i, planes * per) {
    long long q = i / per;
    int o = (int) (i - q * per);
    int oh = o / wo;
    int ow = o - oh * wo;
    int hs = oh * h / ho, he = ((oh + 1) * h + ho - 1) / ho;
    int ws = ow * w / wo, we = ((ow + 1) * w + wo - 1) / wo;
    T inv = (T) (1.0 / ((he - hs) * (we - ws)));
    const T* xp = x + q * h * w;
    T s = 0;
    for (int a = hs; a < he; a++)
      for (int b = ws; b < we; b++) s += xp[a * w + b];
    out[i] = s * inv;
  }
}
template <typename T>
__device__ void adaptive_avg_bwd_kernel(const T* go, long long planes, int h, int w, int ho, int wo, T* gx) {
  long long per = (long long) h * w;
  NS_GRID_LOOP(i, planes * per) {
    long long q = i / per;
    int pix = (int) (i - q * per);
    int ih = pix / w;
    int iw = pix - ih * w;
    const T* g = go + q * ho * wo;
    T s = 0;
    for (int oh = 0; oh < ho; oh++) {
      int hs = oh * h / ho, he = ((oh + 1) * h + ho - 1) / ho;
      if (ih < hs || ih >= he) continue;
      for (int ow = 0; ow < wo; ow++) {
        int ws = ow * w / wo, we = ((ow + 1) * w + wo - 1) / wo;
        if (iw < ws || iw >= we) continue;
        T inv = (T) (1.0 / ((he - hs) * (we - ws)));
        s += g[oh * wo + ow] * inv;
      }
    }
    gx[i] = s;
  }
}
extern "C" __global__ void ns_adaptive_avg_f(const float* x, long long planes, int h, int w, int ho, int wo,
    float* out) {
  adaptive_avg_kernel<float>(x, planes, h, w, ho, wo, out);
}
extern "C" __global__ void ns_adaptive_avg_d(const double* x, long long planes, int h, int w, int ho, int wo,
    double* out) {
  adaptive_avg_kernel<double>(x, planes, h, w, ho, wo, out);
}
extern "C" __global__ void ns_adaptive_avg_bwd_f(const float* go, long long planes, int h, int w, int ho, int wo,
    float* gx) {
  adaptive_avg_bwd_kernel<float>(go, planes, h, w, ho, wo, gx);
}
extern "C" __global__ void ns_adaptive_avg_bwd_d(const double* go, long long planes, int h, int w, int ho, int wo,
    double* gx) {
  adaptive_avg_bwd_kernel<double>(go, planes, h, w, ho, wo, gx);
}

// ------------------------------------------------------------------------------------------ optimizers
extern "C" __global__ void ns_adam_update_f(ns_adam_f h, float* p, TDesc g, const float* gb, float* m, float* v,
    float* vmax, long long n) {
  NS_GRID_LOOP(i, n) {
    ns_adam_step_f(&h, gb[ns_offset(g, i)], p + i, m + i, v + i, vmax == nullptr ? nullptr : vmax + i);
  }
}
extern "C" __global__ void ns_adam_update_d(ns_adam_d h, double* p, TDesc g, const double* gb, double* m, double* v,
    double* vmax, long long n) {
  NS_GRID_LOOP(i, n) {
    ns_adam_step_d(&h, gb[ns_offset(g, i)], p + i, m + i, v + i, vmax == nullptr ? nullptr : vmax + i);
  }
}
extern "C" __global__ void ns_sgd_update_f(ns_sgd_f h, float* p, TDesc g, const float* gb, float* buf, long long n) {
  NS_GRID_LOOP(i, n) { ns_sgd_step_f(&h, gb[ns_offset(g, i)], p + i, buf == nullptr ? nullptr : buf + i); }
}
extern "C" __global__ void ns_sgd_update_d(ns_sgd_d h, double* p, TDesc g, const double* gb, double* buf, long long n) {
  NS_GRID_LOOP(i, n) { ns_sgd_step_d(&h, gb[ns_offset(g, i)], p + i, buf == nullptr ? nullptr : buf + i); }
}

// ------------------------------------------------------------------------------------------ dropout
/** mask[i] = uniform(seed, offset, i) >= p ? scale : 0 (org.neurospark.gpu.random.PhiloxDropout on the host). */
extern "C" __global__ void ns_dropout_mask_f(unsigned long long seed, unsigned long long offset, float p,
    float scale, float* mask, long long n) {
  NS_GRID_LOOP(i, n) { mask[i] = ns_dropout_uniform(seed, offset, (uint64_t) i) >= p ? scale : 0.0f; }
}
extern "C" __global__ void ns_dropout_mask_d(unsigned long long seed, unsigned long long offset, float p,
    double scale, double* mask, long long n) {
  NS_GRID_LOOP(i, n) { mask[i] = ns_dropout_uniform(seed, offset, (uint64_t) i) >= p ? scale : 0.0; }
}
