// Per-element math shared by the CUDA kernels and the host check (gpu/src/test/cuda/host_check.cpp, compiled with
// g++ -ffp-contract=off): every function here is __host__ __device__ and is compared against the Java CPU kernels
// (org.neurospark.snn.tensor.cpu) and the Java Philox reference (org.neurospark.gpu.random.Philox4x32).
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
 * The dropout draw of element i of a stream (seed, offset): counter (j, j>>32, offset, offset>>32) with
 * j = i / 4, key (seed, seed >> 32), word i % 4. Kept when the uniform is >= p.
 */
NS_HD float ns_dropout_uniform(uint64_t seed, uint64_t offset, uint64_t i) {
  uint64_t j = i >> 2;
  ns_u32x4 c;
  c.v[0] = (uint32_t) j;
  c.v[1] = (uint32_t) (j >> 32);
  c.v[2] = (uint32_t) offset;
  c.v[3] = (uint32_t) (offset >> 32);
  ns_u32x4 r = ns_philox4x32_10(c, (uint32_t) seed, (uint32_t) (seed >> 32));
  return ns_uniform24(r.v[i & 3]);
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
