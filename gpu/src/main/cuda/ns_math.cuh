// Per-element math shared by the CUDA kernels and the host check (gpu/src/test/cuda/host_check.cpp, compiled with
// g++ -ffp-contract=off): every function here is __host__ __device__ and is compared against the Java CPU kernels
// (org.neurospark.snn.tensor.cpu) and the Java Philox reference (org.neurospark.snn.tensor.Philox).
// The device side is compiled with -fmad=false so no multiply-add is contracted into an FMA (Java never fuses).
#pragma once
#include <stdint.h>
#ifdef __CUDACC__
#define NS_HD __host__ __device__ __forceinline__
#else
#include <math.h>
#define NS_HD static inline
#endif

// ----------------------------------------------------------------------------------------------- element-wise ops
// Op codes are the ordinals of snn-core's UnaryOp / BinaryOp; float32 transcendentals go through float64 like the
// CPU kernels (KernelsF.unaryScalar / binaryScalar).

/**
 * Java's Math.pow where it differs from C's pow: a NaN exponent gives NaN (C: pow(1, NaN) = 1), and |x| = 1 with an
 * infinite exponent gives NaN (C: 1).
 */
NS_HD double ns_java_pow(double x, double y) {
  if (y != y) return y;
  if ((x == 1.0 || x == -1.0) && (y - y != 0.0)) return nan("");
  return pow(x, y);
}

template <typename T>
NS_HD T ns_unary(int op, T p, T x) {
  switch (op) {
    case 0: return -x;                                                   // NEG
    case 1: return (T) exp((double) x);                                  // EXP
    case 2: return (T) log((double) x);                                  // LOG
    case 3: return (T) (1.0 / (1.0 + exp(-(double) x)));                 // SIGMOID
    case 4: return (T) tanh((double) x);                                 // TANH
    case 5: return x > 0 ? x : (T) 0;                                    // RELU
    case 6: return (T) sqrt((double) x);                                 // SQRT
    case 7: return x != x ? x : (x <= (T) 0 ? (T) 0 - x : x);            // ABS
    case 8: return x > 0 ? (T) 1 : x < 0 ? (T) -1 : x == 0 ? (T) 0 : x; // SIGN
    case 9: return (T) 1 / x;                                            // RECIPROCAL
    case 10: return x * x;                                               // SQUARE
    case 11: return x + p;                                               // ADD_SCALAR
    case 12: return x * p;                                               // MUL_SCALAR
    case 13: return p - x;                                               // RSUB_SCALAR
    case 14: return p / x;                                               // RDIV_SCALAR
    case 15: return p == 2 ? x * x : p == 1 ? x : (T) ns_java_pow((double) x, (double) p); // POW_SCALAR
    case 16: return x < p ? p : x;                                       // CLAMP_MIN
    case 17: return x > p ? p : x;                                       // CLAMP_MAX
    case 18: return x >= p ? (T) 1 : (T) 0;                              // GE_SCALAR
    case 19: return x > p ? (T) 1 : (T) 0;                               // GT_SCALAR
    case 20: return x == p ? (T) 1 : (T) 0;                              // EQ_SCALAR
    default: return x;
  }
}

template <typename T>
NS_HD T ns_binary(int op, T x, T y) {
  switch (op) {
    case 0: return x + y;                                                 // ADD
    case 1: return x - y;                                                 // SUB
    case 2: return x * y;                                                 // MUL
    case 3: return x / y;                                                 // DIV
    case 4: return (T) ns_java_pow((double) x, (double) y);               // POW
    case 5: return x != x || y != y ? x + y : (x > y ? x : y == x ? (signbit((double) x) ? y : x) : y); // MAXIMUM
    case 6: return x != x || y != y ? x + y : (x < y ? x : y == x ? (signbit((double) x) ? x : y) : y); // MINIMUM
    case 7: return x > y ? (T) 1 : (T) 0;                                 // GT
    case 8: return x >= y ? (T) 1 : (T) 0;                                // GE
    case 9: return x == y ? (T) 1 : (T) 0;                                // EQ
    case 10: return x * y * ((T) 1 - y);                                  // SIGMOID_BACKWARD
    case 11: return x * ((T) 1 - y * y);                                  // TANH_BACKWARD
    case 12: return y > 0 ? x : (T) 0;                                    // RELU_BACKWARD
    default: return x;
  }
}

// ----------------------------------------------------------------------------------------------- Philox4x32-10
// Salmon et al., "Parallel random numbers: as easy as 1, 2, 3" (SC'11); the Random123 constants.
struct ns_u32x4 { uint32_t v[4]; };

NS_HD uint32_t ns_mulhilo32(uint32_t a, uint32_t b, uint32_t* hi) {
  uint64_t p = (uint64_t) a * (uint64_t) b;
  *hi = (uint32_t) (p >> 32);
  return (uint32_t) p;
}

/** Philox4x32 with 10 rounds: counter c (4 words), key k (2 words). */
NS_HD ns_u32x4 ns_philox4x32_10(ns_u32x4 c, uint32_t k0, uint32_t k1) {
  for (int r = 0; r < 10; r++) {
    if (r > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    uint32_t hi0, hi1;
    uint32_t lo0 = ns_mulhilo32(0xD2511F53u, c.v[0], &hi0);
    uint32_t lo1 = ns_mulhilo32(0xCD9E8D57u, c.v[2], &hi1);
    ns_u32x4 n;
    n.v[0] = hi1 ^ c.v[1] ^ k0;
    n.v[1] = lo1;
    n.v[2] = hi0 ^ c.v[3] ^ k1;
    n.v[3] = lo0;
    c = n;
  }
  return c;
}

/** Uniform float in [0, 1) from the top 24 bits of a 32-bit word: (w >> 8) * 2^-24 (exact in float). */
NS_HD float ns_uniform24(uint32_t w) {
  return (float) (w >> 8) * 5.9604644775390625e-8f;
}

/**
 * Element offset + i of the uniform stream of key (org.neurospark.snn.tensor.Philox, the stream of every backend):
 * element n is word n % 4 of the block with counter (n/4, (n/4) >> 32, 0, 0) and key (key, key >> 32). A dropout
 * mask keeps an element when its uniform is >= p (Backend.dropoutMask).
 */
NS_HD float ns_dropout_uniform(uint64_t key, uint64_t offset, uint64_t i) {
  uint64_t n = offset + i;
  uint64_t j = n >> 2;
  ns_u32x4 c;
  c.v[0] = (uint32_t) j;
  c.v[1] = (uint32_t) (j >> 32);
  c.v[2] = 0;
  c.v[3] = 0;
  ns_u32x4 r = ns_philox4x32_10(c, (uint32_t) key, (uint32_t) (key >> 32));
  return ns_uniform24(r.v[n & 3]);
}

// ----------------------------------------------------------------------------------------------- convolution
/** Geometry of an im2col/col2im over a chunk of nb images (nn_ops.cu; Structs.conv packs it). */
struct ConvGeom {
  int c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, ho, wo, nb;
};

/**
 * Element i of the column matrix col[(c*kh + ki)*kw + kj][n*ho*wo + oh*wo + ow] of the nb images x [nb, c, h, w]:
 * the input pixel the kernel tap reads, 0 in the zero padding.
 */
template <typename T>
NS_HD T ns_im2col_value(const T* x, const ConvGeom& g, long long i) {
  long long hw = (long long) g.ho * g.wo;
  long long cols = hw * g.nb;
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
  if (ih >= 0 && ih < g.h && iw >= 0 && iw < g.w) return x[(((long long) n * g.c + c) * g.h + ih) * g.w + iw];
  return (T) 0;
}

/**
 * Element i of gx [nb, c, h, w] = the sum, in float64 and in (ki, kj) order, of the column entries im2col read from
 * that pixel (the adjoint of ns_im2col_value).
 */
template <typename T>
NS_HD T ns_col2im_value(const T* col, const ConvGeom& g, long long i) {
  long long hw = (long long) g.ho * g.wo;
  long long cols = hw * g.nb;
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
  return (T) s;
}

// ----------------------------------------------------------------------------------------------- pooling
/** Geometry of a 2-D pooling (Structs.pool packs it). */
struct PoolGeom {
  int h, w, ho, wo, kh, kw, sh, sw, ph, pw;
};

/** Output i of max pooling over contiguous planes [*, h, w]: value and flat argmax in the plane (NaN wins). */
template <typename T>
NS_HD void ns_max_pool_value(const T* x, const PoolGeom& p, long long i, T* out, int* arg) {
  long long per = (long long) p.ho * p.wo;
  long long q = i / per;
  int o = (int) (i - q * per);
  int oh = o / p.wo;
  int ow = o - oh * p.wo;
  const T* xp = x + q * p.h * p.w;
  int hs = oh * p.sh - p.ph;
  int ws = ow * p.sw - p.pw;
  T best = (T) -INFINITY;
  int bi = -1;
  int he = hs + p.kh < p.h ? hs + p.kh : p.h;
  int we = ws + p.kw < p.w ? ws + p.kw : p.w;
  bool done = false;
  for (int a = hs > 0 ? hs : 0; a < he && !done; a++) {
    for (int b = ws > 0 ? ws : 0; b < we; b++) {
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
  *out = best;
  *arg = bi;
}

/** Output i of average pooling (count_include_pad), summed in window order like the CPU kernel. */
template <typename T>
NS_HD T ns_avg_pool_value(const T* x, const PoolGeom& p, long long i) {
  long long per = (long long) p.ho * p.wo;
  long long q = i / per;
  int o = (int) (i - q * per);
  int oh = o / p.wo;
  int ow = o - oh * p.wo;
  T inv = (T) (1.0 / (p.kh * p.kw));
  const T* xp = x + q * p.h * p.w;
  int hs = oh * p.sh - p.ph;
  int ws = ow * p.sw - p.pw;
  int he = hs + p.kh < p.h ? hs + p.kh : p.h;
  int we = ws + p.kw < p.w ? ws + p.kw : p.w;
  T s = 0;
  for (int a = hs > 0 ? hs : 0; a < he; a++)
    for (int b = ws > 0 ? ws : 0; b < we; b++) s += xp[a * p.w + b];
  return s * inv;
}

/**
 * Input-gradient pixel i of average pooling: a gather over the outputs whose window covers it, in output order
 * (the order in which the CPU kernel accumulates into the pixel).
 */
template <typename T>
NS_HD T ns_avg_pool_bwd_value(const T* go, const PoolGeom& p, long long i) {
  long long per = (long long) p.h * p.w;
  long long q = i / per;
  int pix = (int) (i - q * per);
  int ih = pix / p.w;
  int iw = pix - ih * p.w;
  T inv = (T) (1.0 / (p.kh * p.kw));
  const T* g = go + q * p.ho * p.wo;
  int oh0 = ih + p.ph - p.kh + 1 <= 0 ? 0 : (ih + p.ph - p.kh + p.sh) / p.sh;
  int oh1 = (ih + p.ph) / p.sh < p.ho - 1 ? (ih + p.ph) / p.sh : p.ho - 1;
  int ow0 = iw + p.pw - p.kw + 1 <= 0 ? 0 : (iw + p.pw - p.kw + p.sw) / p.sw;
  int ow1 = (iw + p.pw) / p.sw < p.wo - 1 ? (iw + p.pw) / p.sw : p.wo - 1;
  T s = 0;
  for (int oh = oh0; oh <= oh1; oh++)
    for (int ow = ow0; ow <= ow1; ow++) s += g[oh * p.wo + ow] * inv;
  return s;
}

/** Output i of adaptive average pooling (PyTorch's start = floor(o*in/out), end = ceil((o+1)*in/out)). */
template <typename T>
NS_HD T ns_adaptive_avg_value(const T* x, int h, int w, int ho, int wo, long long i) {
  long long per = (long long) ho * wo;
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
  return s * inv;
}

/** Input-gradient pixel i of adaptive average pooling, gathered in output order. */
template <typename T>
NS_HD T ns_adaptive_avg_bwd_value(const T* go, int h, int w, int ho, int wo, long long i) {
  long long per = (long long) h * w;
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
  return s;
}

// ----------------------------------------------------------------------------------------------- optimizers
// Scalars prepared on the host exactly as OptimizerKernels does (float32: factors rounded to float).
struct ns_adam_f { float stepSize, bc2Sqrt, decay, wd, w1, b2, w2, eps; int hasDecay, decoupled, amsgrad; };
struct ns_adam_d { double lr, beta1, beta2, eps, wd, stepSize, bc2Sqrt; int decoupled, amsgrad; };
struct ns_sgd_f { float lr, wd, mu, damp; int decay, mom, nesterov, first; };
struct ns_sgd_d { double lr, wd, mu, damp; int decay, mom, nesterov, first; };

/** One Adam/AdamW element update in float32 (OptimizerKernels.adam, float overload); vmax may be null. */
NS_HD void ns_adam_step_f(const ns_adam_f* h, float gi, float* p, float* m, float* v, float* vmax) {
  float pi = *p;
  if (h->hasDecay) {
    if (h->decoupled) {
      pi = pi * h->decay;
    } else {
      gi = gi + h->wd * pi;
    }
  }
  float mi = *m + h->w1 * (gi - *m);
  float g2 = h->w2 * gi;
  float vi = h->b2 * *v + g2 * gi;
  *m = mi;
  *v = vi;
  float vd = vi;
  if (h->amsgrad) {
    float old = *vmax;
    vd = (old != old || vi != vi) ? (old != old ? old : vi) : (old > vi ? old : vi);
    *vmax = vd;
  }
  float denom = sqrtf(vd) / h->bc2Sqrt + h->eps;
  *p = pi - h->stepSize * (mi / denom);
}

/** One Adam/AdamW element update in float64 (OptimizerKernels.adam, double overload). */
NS_HD void ns_adam_step_d(const ns_adam_d* h, double gi, double* p, double* m, double* v, double* vmax) {
  double pi = *p;
  if (h->wd != 0) {
    if (h->decoupled) {
      pi = pi * (1 - h->lr * h->wd);
    } else {
      gi = gi + h->wd * pi;
    }
  }
  double mi = *m + (1 - h->beta1) * (gi - *m);
  double vi = h->beta2 * *v + (1 - h->beta2) * gi * gi;
  *m = mi;
  *v = vi;
  double vd = vi;
  if (h->amsgrad) {
    double old = *vmax;
    vd = (old != old || vi != vi) ? (old != old ? old : vi) : (old > vi ? old : vi);
    *vmax = vd;
  }
  *p = pi - h->stepSize * (mi / (sqrt(vd) / h->bc2Sqrt + h->eps));
}

/** One SGD element update in float32 (OptimizerKernels.sgd); buf is ignored without momentum. */
NS_HD void ns_sgd_step_f(const ns_sgd_f* h, float g, float* p, float* buf) {
  float d = g;
  if (h->decay) {
    d = d + h->wd * *p;
  }
  if (h->mom) {
    float b = h->first ? d : h->mu * *buf + h->damp * d;
    *buf = b;
    d = h->nesterov ? d + h->mu * b : b;
  }
  *p = *p - h->lr * d;
}

/** One SGD element update in float64. */
NS_HD void ns_sgd_step_d(const ns_sgd_d* h, double g, double* p, double* buf) {
  double d = g;
  if (h->decay) {
    d = d + h->wd * *p;
  }
  if (h->mom) {
    double b = h->first ? d : h->mu * *buf + h->damp * d;
    *buf = b;
    d = h->nesterov ? d + h->mu * b : b;
  }
  *p = *p - h->lr * d;
}

// ----------------------------------------------------------------------------------------------- batch norm
/** Biased variance from the float64 sum of squared deviations over count elements (KernelsF.bnStats). */
NS_HD float ns_bn_var_f(double sqdev, double count) {
  return (float) (sqdev / count);
}

/** The per-channel factors of the batch-norm input gradient (KernelsF.bnBackward): k, meanG, coef. */
NS_HD void ns_bn_grad_factors_f(double sg, double sgx, double weight, double invstd, double count, float* k,
    float* meanG, float* coef) {
  *k = (float) (weight * invstd);
  *meanG = (float) (sg / count);
  *coef = (float) (sgx * invstd / count * invstd);
}

/** Batch-norm input gradient of one element in training mode: k * (g - meanG - (x - mean) * coef). */
NS_HD float ns_bn_grad_x_f(float k, float g, float meanG, float x, float mean, float coef) {
  return k * (g - meanG - (x - mean) * coef);
}

// ----------------------------------------------------------------------------------------------- conversions
/** Java's (int) cast of a float or double: NaN to 0, saturating at the int range, truncating toward zero. */
NS_HD int32_t ns_java_d2i(double x) {
  if (x != x) return 0;
  if (x >= 2147483647.0) return 2147483647;
  if (x <= -2147483648.0) return (int32_t) 0x80000000u;
  return (int32_t) x;
}

/** Java's (long) cast of a float or double. */
NS_HD int64_t ns_java_d2l(double x) {
  if (x != x) return 0;
  if (x >= 9223372036854775807.0) return (int64_t) 0x7FFFFFFFFFFFFFFFull;
  if (x <= -9223372036854775808.0) return (int64_t) 0x8000000000000000ull;
  return (int64_t) x;
}
