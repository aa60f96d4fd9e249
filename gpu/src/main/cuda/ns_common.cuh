// Shared device helpers of the Neurospark kernels: the strided tensor descriptor passed by value to every kernel,
// 64-bit grid-stride loops and block reductions in float64.
#pragma once
#include "ns_math.cuh"

#define NS_MAX_DIMS 8

/**
 * A strided view: rank <= 8, shape and strides in elements, offset in elements from the storage base. Laid out as
 * org.neurospark.gpu.backend.TensorDesc writes it (little-endian, 144 bytes, 8-byte aligned).
 */
struct TDesc {
  int rank;
  int pad_;
  long long shape[NS_MAX_DIMS];
  long long stride[NS_MAX_DIMS];
  long long offset;
};

/** Element offset of the i-th element (row-major over d.shape) of the view d. */
__device__ __forceinline__ long long ns_offset(const TDesc& d, long long i) {
  long long off = d.offset;
  for (int k = d.rank - 1; k >= 0; k--) {
    long long s = d.shape[k];
    long long q = i / s;
    off += (i - q * s) * d.stride[k];
    i = q;
  }
  return off;
}

#define NS_GRID_LOOP(i, n) \
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
       i += (long long) blockDim.x * gridDim.x)

/** Sum of v over the block (blockDim.x a multiple of 32, at most 1024); the result is valid in every thread. */
__device__ __forceinline__ double ns_block_sum(double v) {
  __shared__ double warpSums[32];
  __shared__ double total;
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  int lane = threadIdx.x & 31;
  int warp = threadIdx.x >> 5;
  if (lane == 0) warpSums[warp] = v;
  __syncthreads();
  if (warp == 0) {
    int nw = blockDim.x >> 5;
    double s = lane < nw ? warpSums[lane] : 0.0;
    for (int o = 16; o > 0; o >>= 1) s += __shfl_down_sync(0xffffffffu, s, o);
    if (lane == 0) total = s;
  }
  __syncthreads();
  double r = total;
  __syncthreads();
  return r;
}

/** NaN-propagating maximum (Java's Math.max without the signed-zero rule, which a max over a row does not need). */
__device__ __forceinline__ double ns_nanmax(double a, double b) {
  return (a != a || b != b) ? (a != a ? a : b) : (a > b ? a : b);
}

/** NaN-propagating maximum of v over the block (blockDim.x a multiple of 32); valid in every thread. */
__device__ __forceinline__ double ns_block_max(double v) {
  __shared__ double warpMax[32];
  __shared__ double total;
  for (int o = 16; o > 0; o >>= 1) v = ns_nanmax(v, __shfl_down_sync(0xffffffffu, v, o));
  int lane = threadIdx.x & 31;
  int warp = threadIdx.x >> 5;
  if (lane == 0) warpMax[warp] = v;
  __syncthreads();
  if (warp == 0) {
    int nw = blockDim.x >> 5;
    double s = lane < nw ? warpMax[lane] : -INFINITY;
    for (int o = 16; o > 0; o >>= 1) s = ns_nanmax(s, __shfl_down_sync(0xffffffffu, s, o));
    if (lane == 0) total = s;
  }
  __syncthreads();
  double r = total;
  __syncthreads();
  return r;
}
