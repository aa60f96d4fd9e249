package org.neurospark.snn.neuron.spec;

import java.util.List;
import java.util.Objects;

/**
 * The CUDA C source of the fused multi-step kernels of one neuron configuration, and how to launch them.
 *
 * <p>Kernels ({@code extern "C"}, one thread per neuron, grid-stride, 64-bit indices, block size {@code NS_BLOCK} =
 * 256 unless defined otherwise when compiling, launch bounds of at least {@code NS_MIN_BLOCKS} = 4 (fp32) or
 * {@code NS_MIN_BLOCKS_F64} = 2 (fp64) resident blocks; {@code T} is {@code float} or {@code double}; sequences are
 * time-major {@code [T, N]}, element (t, n) at {@code t*N + n}; nullable pointers may be NULL):
 * <ul>
 *   <li>{@link #forward()}{@code (const T* x, const T* vInit?, T* spike, T* hSeq?, T* vSeq?, T* vFinal,
 *       int64_t steps, int64_t n, double vThreshold, double vReset, <chargeParams>, <surrogateParams>)}: as
 *       {@code MultiStepKernel.forward}; {@code vReset} is V_reset (0 for soft reset), also the initial V when
 *       {@code vInit} is NULL.</li>
 *   <li>{@link #backward()}{@code (const T* hSeq, const T* vInit?, const T* gradSpike?, const T* gradVSeq?,
 *       const T* gradVFinal?, const T* gradH?, T* gradX, T* gradVInit?, int64_t steps, int64_t n,
 *       double vThreshold, double vReset, <chargeParams>, <surrogateParams>, [const double* thetaValue?,]
 *       double* thetaPartial?)}: as {@code MultiStepKernel.backward}; with a learnable charge (PLIF) each block
 *       writes its ∂L/∂θ partial sum (fixed-order tree) to {@code thetaPartial[blockIdx.x]}.</li>
 *   <li>With a learnable charge (PLIF) both kernels take {@code const double* thetaValue} after the scalars: when
 *       non-NULL, the charge's first parameter (PLIF's decay) is read from {@code thetaValue[0]} (written on the
 *       device by {@code ns_plif_decay(const float* wF, const double* wD, int32_t roundToFloat, double* out)}), so
 *       the host never reads w.</li>
 *   <li>{@code ns_reduce_partials(const double* partial, int64_t count, double* out)}: one block of NS_BLOCK threads
 *       sums the partials in a fixed order into {@code out[0]} (deterministic for a fixed grid size).</li>
 * </ul>
 * Also holds {@code ns_fwd_..._neuron}/{@code ns_bwd_..._neuron} ({@code __host__ __device__}), the per-neuron
 * bodies of the kernels, which a host compiler can run.
 *
 * @param source the complete CUDA C source (neuron math header included)
 * @param forward the forward kernel's name
 * @param backward the backward kernel's name
 * @param chargeParams the charge parameters' values, in kernel-argument order
 * @param surrogateParams the surrogate parameters' values, in kernel-argument order
 */
public record FusedKernel(String source, String forward, String backward, List<Double> chargeParams,
    List<Double> surrogateParams) {
  public FusedKernel {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(backward, "backward");
    chargeParams = List.copyOf(chargeParams);
    surrogateParams = List.copyOf(surrogateParams);
  }
}
