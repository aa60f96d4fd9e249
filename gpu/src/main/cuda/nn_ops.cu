// Convolution (im2col / col2im around cuBLAS GEMMs), batch norm over [N, C, S], pooling, fused optimizers and
// Philox dropout masks of CudaBackend. Column layout of im2col: col[(c*kh + i)*kw + j][n*Ho*Wo + oh*Wo + ow] for the
// nb images of a chunk (ld = nb*Ho*Wo), so one GEMM per group covers the whole chunk.
#include "ns_common.cuh"

/** im2col of nb images x [nb, c, h, w] (contiguous from xb) into col [c*kh*kw, nb*ho*wo]; zero padding. */
template <typename T>
__device__ void im2col_kernel(const T* x, ConvGeom g, T* col) {
  long long total = (long long) g.c * g.kh * g.kw * g.ho * g.wo * g.nb;
  NS_GRID_LOOP(i, total) { col[i] = ns_im2col_value<T>(x, g, i); }
}
extern "C" __global__ void ns_im2col_f(const float* x, ConvGeom g, float* col) { im2col_kernel<float>(x, g, col); }
extern "C" __global__ void ns_im2col_d(const double* x, ConvGeom g, double* col) { im2col_kernel<double>(x, g, col); }

/** col2im: gx [nb, c, h, w] (overwritten), a deterministic gather per pixel (ns_col2im_value). */
template <typename T>
__device__ void col2im_kernel(const T* col, ConvGeom g, T* gx) {
  long long total = (long long) g.nb * g.c * g.h * g.w;
  NS_GRID_LOOP(i, total) { gx[i] = ns_col2im_value<T>(col, g, i); }
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
/** Max pooling over planes of contiguous x [planes, h, w]; argmax = flat h*W+w index in the plane (NaN wins). */
template <typename T>
__device__ void max_pool_kernel(const T* x, long long planes, PoolGeom p, T* out, int* arg) {
  NS_GRID_LOOP(i, planes * p.ho * p.wo) { ns_max_pool_value<T>(x, p, i, out + i, arg + i); }
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

template <typename T>
__device__ void avg_pool_kernel(const T* x, long long planes, PoolGeom p, T* out) {
  NS_GRID_LOOP(i, planes * p.ho * p.wo) { out[i] = ns_avg_pool_value<T>(x, p, i); }
}
template <typename T>
__device__ void avg_pool_bwd_kernel(const T* go, long long planes, PoolGeom p, T* gx) {
  NS_GRID_LOOP(i, planes * p.h * p.w) { gx[i] = ns_avg_pool_bwd_value<T>(go, p, i); }
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

template <typename T>
__device__ void adaptive_avg_kernel(const T* x, long long planes, int h, int w, int ho, int wo, T* out) {
  NS_GRID_LOOP(i, planes * ho * wo) { out[i] = ns_adaptive_avg_value<T>(x, h, w, ho, wo, i); }
}
template <typename T>
__device__ void adaptive_avg_bwd_kernel(const T* go, long long planes, int h, int w, int ho, int wo, T* gx) {
  NS_GRID_LOOP(i, planes * h * w) { gx[i] = ns_adaptive_avg_bwd_value<T>(go, h, w, ho, wo, i); }
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
/** mask[i] = uniform(key, offset + i) >= p ? scale : 0, p compared in double (Backend.dropoutMask, CpuBackend's). */
extern "C" __global__ void ns_dropout_mask_f(unsigned long long key, unsigned long long offset, double p,
    float scale, float* mask, long long n) {
  NS_GRID_LOOP(i, n) { mask[i] = (double) ns_dropout_uniform(key, offset, (uint64_t) i) >= p ? scale : 0.0f; }
}
extern "C" __global__ void ns_dropout_mask_d(unsigned long long key, unsigned long long offset, double p,
    double scale, double* mask, long long n) {
  NS_GRID_LOOP(i, n) { mask[i] = (double) ns_dropout_uniform(key, offset, (uint64_t) i) >= p ? scale : 0.0; }
}
/** out[i] = uniform(key, offset + i) <= probs[i] ? 1 : 0 (Backend.bernoulli, SpikingJelly's Poisson encoder). */
extern "C" __global__ void ns_bernoulli_f(unsigned long long key, unsigned long long offset, const float* probs,
    float* out, long long n) {
  NS_GRID_LOOP(i, n) { out[i] = ns_dropout_uniform(key, offset, (uint64_t) i) <= probs[i] ? 1.0f : 0.0f; }
}
