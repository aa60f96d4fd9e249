// Element-wise, copy/convert, fill, reductions, softmax and index kernels of CudaBackend
// (org.neurospark.gpu.backend.CudaBackend). Op codes are the ordinals of snn-core's UnaryOp and BinaryOp enums;
// dtype codes are the ordinals of DType (0 FLOAT32, 1 FLOAT64, 2 INT32, 3 INT64). Semantics follow the CPU kernels
// (org.neurospark.snn.tensor.cpu.KernelsF/KernelsD): float32 math goes through float64 where the CPU does.
#include "ns_common.cuh"

// ------------------------------------------------------------------------------------------ unary / binary
template <typename T>
__device__ void unary_kernel(int op, double p, TDesc a, const T* __restrict__ ab, T* out, long long n) {
  T pt = (T) p;
  NS_GRID_LOOP(i, n) { out[i] = ns_unary<T>(op, pt, ab[ns_offset(a, i)]); }
}

template <typename T>
__device__ void binary_kernel(int op, TDesc a, const T* ab, TDesc b, const T* bb, T* out, long long n) {
  NS_GRID_LOOP(i, n) { out[i] = ns_binary<T>(op, ab[ns_offset(a, i)], bb[ns_offset(b, i)]); }
}

extern "C" __global__ void ns_unary_f(int op, double p, TDesc a, const float* ab, float* out, long long n) {
  unary_kernel<float>(op, p, a, ab, out, n);
}
extern "C" __global__ void ns_unary_d(int op, double p, TDesc a, const double* ab, double* out, long long n) {
  unary_kernel<double>(op, p, a, ab, out, n);
}
extern "C" __global__ void ns_binary_f(int op, TDesc a, const float* ab, TDesc b, const float* bb, float* out,
    long long n) {
  binary_kernel<float>(op, a, ab, b, bb, out, n);
}
extern "C" __global__ void ns_binary_d(int op, TDesc a, const double* ab, TDesc b, const double* bb, double* out,
    long long n) {
  binary_kernel<double>(op, a, ab, b, bb, out, n);
}

// ------------------------------------------------------------------------------------------ copy / fill
// Loads element as both a double and an int64 so every conversion is exact where Java's is.
struct ns_val { double d; long long l; int isInt; };

__device__ __forceinline__ ns_val ns_load(const void* base, int dt, long long off) {
  ns_val v;
  switch (dt) {
    case 0: v.d = ((const float*) base)[off]; v.isInt = 0; v.l = 0; break;
    case 1: v.d = ((const double*) base)[off]; v.isInt = 0; v.l = 0; break;
    case 2: v.l = ((const int*) base)[off]; v.isInt = 1; v.d = 0; break;
    default: v.l = ((const long long*) base)[off]; v.isInt = 1; v.d = 0; break;
  }
  return v;
}

__device__ __forceinline__ void ns_store(void* base, int dt, long long off, ns_val v) {
  switch (dt) {
    case 0: ((float*) base)[off] = v.isInt ? __ll2float_rn(v.l) : (float) v.d; break;
    case 1: ((double*) base)[off] = v.isInt ? __ll2double_rn(v.l) : v.d; break;
    case 2: ((int*) base)[off] = v.isInt ? (int) v.l : ns_java_d2i(v.d); break;
    default: ((long long*) base)[off] = v.isInt ? v.l : ns_java_d2l(v.d); break;
  }
}

/** dst (any strides, dtype ddt) = src (any strides, dtype sdt), element by element in row-major order. */
extern "C" __global__ void ns_copy(TDesc s, const void* sb, int sdt, TDesc d, void* db, int ddt, long long n) {
  NS_GRID_LOOP(i, n) { ns_store(db, ddt, ns_offset(d, i), ns_load(sb, sdt, ns_offset(s, i))); }
}

/** Sets every element of the view d to the value (as double for floats, as int64 for integers). */
extern "C" __global__ void ns_fill(TDesc d, void* db, int dt, double v, long long iv, long long n) {
  ns_val x;
  x.d = v;
  x.l = iv;
  x.isInt = dt >= 2;
  NS_GRID_LOOP(i, n) { ns_store(db, dt, ns_offset(d, i), x); }
}

// ------------------------------------------------------------------------------------------ reductions
/**
 * out[o] = sum of the r elements of output o, the view a being ordered [kept dims..., reduced dims...] so output o
 * owns the contiguous range [o*r, (o+1)*r) of a's logical index. One block per output (grid-stride), float64 sums.
 */
template <typename T>
__device__ void sum_kernel(TDesc a, const T* ab, T* out, long long outN, long long r) {
  for (long long o = blockIdx.x; o < outN; o += gridDim.x) {
    double s = 0;
    for (long long j = threadIdx.x; j < r; j += blockDim.x) s += (double) ab[ns_offset(a, o * r + j)];
    s = ns_block_sum(s);
    if (threadIdx.x == 0) out[o] = (T) s;
  }
}
/** As sum_kernel with one thread per output, for short reductions (r small): same float64 order (j ascending). */
template <typename T>
__device__ void sum_small_kernel(TDesc a, const T* ab, T* out, long long outN, long long r) {
  NS_GRID_LOOP(o, outN) {
    double s = 0;
    for (long long j = 0; j < r; j++) s += (double) ab[ns_offset(a, o * r + j)];
    out[o] = (T) s;
  }
}
extern "C" __global__ void ns_sum_small_f(TDesc a, const float* ab, float* out, long long outN, long long r) {
  sum_small_kernel<float>(a, ab, out, outN, r);
}
extern "C" __global__ void ns_sum_small_d(TDesc a, const double* ab, double* out, long long outN, long long r) {
  sum_small_kernel<double>(a, ab, out, outN, r);
}
extern "C" __global__ void ns_sum_f(TDesc a, const float* ab, float* out, long long outN, long long r) {
  sum_kernel<float>(a, ab, out, outN, r);
}
extern "C" __global__ void ns_sum_d(TDesc a, const double* ab, double* out, long long outN, long long r) {
  sum_kernel<double>(a, ab, out, outN, r);
}

/** Max over the middle dim of contiguous a [outer, n, inner] with the first index of the maximum (NaN wins). */
template <typename T>
__device__ void max_kernel(const T* a, long long outer, long long n, long long inner, T* out, int* arg) {
  NS_GRID_LOOP(i, outer * inner) {
    long long q = i / inner;
    long long in = i - q * inner;
    const T* base = a + q * n * inner + in;
    T best = base[0];
    int bi = 0;
    for (long long k = 1; k < n && best == best; k++) {
      T v = base[k * inner];
      if (v > best || v != v) {
        best = v;
        bi = (int) k;
      }
    }
    out[i] = best;
    arg[i] = bi;
  }
}
extern "C" __global__ void ns_max_f(const float* a, long long outer, long long n, long long inner, float* out,
    int* arg) {
  max_kernel<float>(a, outer, n, inner, out, arg);
}
extern "C" __global__ void ns_max_d(const double* a, long long outer, long long n, long long inner, double* out,
    int* arg) {
  max_kernel<double>(a, outer, n, inner, out, arg);
}

// ------------------------------------------------------------------------------------------ softmax
/** (Log-)softmax of contiguous rows [rows, n]; one block per row, float64 sums (KernelsF.softmax). */
template <typename T>
__device__ void softmax_kernel(const T* a, long long rows, long long n, int logm, T* out) {
  for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
    const T* ar = a + r * n;
    T* orow = out + r * n;
    double m = -INFINITY;
    for (long long i = threadIdx.x; i < n; i += blockDim.x) m = ns_nanmax(m, (double) ar[i]);
    T mx = (T) ns_block_max(m);
    double s = 0;
    for (long long i = threadIdx.x; i < n; i += blockDim.x) s += exp((double) (ar[i] - mx));
    s = ns_block_sum(s);
    if (logm) {
      T ls = (T) log(s) + mx;
      for (long long i = threadIdx.x; i < n; i += blockDim.x) orow[i] = ar[i] - ls;
    } else {
      T inv = (T) (1.0 / s);
      for (long long i = threadIdx.x; i < n; i += blockDim.x) orow[i] = (T) exp((double) (ar[i] - mx)) * inv;
    }
  }
}
extern "C" __global__ void ns_softmax_f(const float* a, long long rows, long long n, int logm, float* out) {
  softmax_kernel<float>(a, rows, n, logm, out);
}
extern "C" __global__ void ns_softmax_d(const double* a, long long rows, long long n, int logm, double* out) {
  softmax_kernel<double>(a, rows, n, logm, out);
}

template <typename T>
__device__ void softmax_bwd_kernel(const T* g, const T* y, long long rows, long long n, int logm, T* gx) {
  for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
    const T* gr = g + r * n;
    const T* yr = y + r * n;
    T* o = gx + r * n;
    double s = 0;
    for (long long i = threadIdx.x; i < n; i += blockDim.x) s += logm ? (double) gr[i] : (double) (gr[i] * yr[i]);
    s = ns_block_sum(s);
    T st = (T) s;
    for (long long i = threadIdx.x; i < n; i += blockDim.x) {
      o[i] = logm ? gr[i] - (T) exp((double) yr[i]) * st : yr[i] * (gr[i] - st);
    }
  }
}
extern "C" __global__ void ns_softmax_bwd_f(const float* g, const float* y, long long rows, long long n, int logm,
    float* gx) {
  softmax_bwd_kernel<float>(g, y, rows, n, logm, gx);
}
extern "C" __global__ void ns_softmax_bwd_d(const double* g, const double* y, long long rows, long long n, int logm,
    double* gx) {
  softmax_bwd_kernel<double>(g, y, rows, n, logm, gx);
}

// ------------------------------------------------------------------------------------------ index ops
__device__ __forceinline__ long long ns_load_index(const void* base, int dt, long long off) {
  return dt == 2 ? (long long) ((const int*) base)[off] : ((const long long*) base)[off];
}

/**
 * Offset in the view t of the element at the row-major position i of the index view idx (same rank), with the
 * coordinate along dim replaced by the index value v.
 */
__device__ __forceinline__ long long ns_indexed_offset(const TDesc& idx, const TDesc& t, int dim, long long i,
    long long v) {
  long long off = t.offset;
  for (int k = idx.rank - 1; k >= 0; k--) {
    long long s = idx.shape[k];
    long long q = i / s;
    long long c = i - q * s;
    off += (k == dim ? v : c) * t.stride[k];
    i = q;
  }
  return off;
}

/** out[i] = src[... index[i] along dim ...]; elemBytes 4 or 8 (a move, any dtype); err[0] = 1 on a bad index. */
extern "C" __global__ void ns_gather(TDesc src, const void* sb, int dim, TDesc idx, const void* ib, int idt,
    void* out, int elemBytes, long long n, int* err) {
  long long limit = src.shape[dim];
  NS_GRID_LOOP(i, n) {
    long long v = ns_load_index(ib, idt, ns_offset(idx, i));
    if (v < 0 || v >= limit) {
      atomicExch(err, 1);
      continue;
    }
    long long so = ns_indexed_offset(idx, src, dim, i, v);
    if (elemBytes == 4) {
      ((unsigned int*) out)[i] = ((const unsigned int*) sb)[so];
    } else {
      ((unsigned long long*) out)[i] = ((const unsigned long long*) sb)[so];
    }
  }
}

/**
 * Scatter, first pass: win[position in dst's row-major order] = the largest index position writing it (win
 * preset to -1), so the last write in row-major order wins as on the CPU. Bad indices set err[0].
 */
extern "C" __global__ void ns_scatter_claim(TDesc dst, int dim, TDesc idx, const void* ib, int idt,
    long long* win, long long n, int* err) {
  long long limit = dst.shape[dim];
  NS_GRID_LOOP(i, n) {
    long long v = ns_load_index(ib, idt, ns_offset(idx, i));
    if (v < 0 || v >= limit) {
      atomicExch(err, 1);
      continue;
    }
    // row-major position of the target within dst's logical shape
    long long rem = i;
    long long pos = 0;
    long long mul = 1;
    for (int k = idx.rank - 1; k >= 0; k--) {
      long long s = idx.shape[k];
      long long q = rem / s;
      long long c = rem - q * s;
      pos += (k == dim ? v : c) * mul;
      mul *= dst.shape[k];
      rem = q;
    }
    atomicMax(win + pos, i);
  }
}

/** Scatter, second pass: the winner of each target writes src[i] (elemBytes 4 or 8); add != 0: atomic add. */
extern "C" __global__ void ns_scatter_write(TDesc dst, void* db, int dim, TDesc idx, const void* ib, int idt,
    TDesc src, const void* sb, int elemBytes, const long long* win, long long n) {
  NS_GRID_LOOP(i, n) {
    long long v = ns_load_index(ib, idt, ns_offset(idx, i));
    if (v < 0 || v >= dst.shape[dim]) continue;
    long long rem = i;
    long long pos = 0;
    long long mul = 1;
    for (int k = idx.rank - 1; k >= 0; k--) {
      long long s = idx.shape[k];
      long long q = rem / s;
      long long c = rem - q * s;
      pos += (k == dim ? v : c) * mul;
      mul *= dst.shape[k];
      rem = q;
    }
    if (win[pos] != i) continue;
    long long doff = ns_indexed_offset(idx, dst, dim, i, v);
    long long so = ns_offset(src, i);
    if (elemBytes == 4) {
      ((unsigned int*) db)[doff] = ((const unsigned int*) sb)[so];
    } else {
      ((unsigned long long*) db)[doff] = ((const unsigned long long*) sb)[so];
    }
  }
}

/** dst[... index[i] ...] += src[i] with atomics (float32/float64; summation order not deterministic). */
extern "C" __global__ void ns_scatter_add(TDesc dst, void* db, int ddt, int dim, TDesc idx, const void* ib, int idt,
    TDesc src, const void* sb, long long n, int* err) {
  NS_GRID_LOOP(i, n) {
    long long v = ns_load_index(ib, idt, ns_offset(idx, i));
    if (v < 0 || v >= dst.shape[dim]) {
      atomicExch(err, 1);
      continue;
    }
    long long doff = ns_indexed_offset(idx, dst, dim, i, v);
    long long so = ns_offset(src, i);
    if (ddt == 0) {
      atomicAdd(((float*) db) + doff, ((const float*) sb)[so]);
    } else {
      atomicAdd(((double*) db) + doff, ((const double*) sb)[so]);
    }
  }
}

/** out (zeroed, contiguous [n, classes]) gets 1 at [i, labels[i]]; err[0] = 1 on a label outside [0, classes). */
extern "C" __global__ void ns_one_hot(TDesc labels, const void* lb, int ldt, int classes, void* out, int odt,
    long long n, int* err) {
  NS_GRID_LOOP(i, n) {
    long long v = ns_load_index(lb, ldt, ns_offset(labels, i));
    if (v < 0 || v >= classes) {
      atomicExch(err, 1);
      continue;
    }
    if (odt == 0) {
      ((float*) out)[i * classes + v] = 1.0f;
    } else {
      ((double*) out)[i * classes + v] = 1.0;
    }
  }
}
