package org.neurospark.snn.neuron.kernels;

import java.lang.invoke.MethodHandle;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;

/**
 * Fused multi-step forward (FPTT) and closed-form backward (BPTT) of a {@link NeuronSpec} neuron over sequences
 * laid out time-major, {@code [T, N]} flattened to {@code float[T*N]} (element (t, n) at {@code t*N + n}).
 *
 * <p>Forward saves only H[t] (the charged potential) for backward; spikes and the post-reset potentials V[t] are
 * recomputed from it, V[−1] is {@code vInit}. Backward runs SpikingJelly's recurrence:
 * <pre>
 *   gV = ∂L/∂V[t] (from V_seq and from step t+1);  s = Θ(H − V_th);  sg = surrogate'(H − V_th)
 *   gH = gV · dV/dH + ∂L/∂S[t] · sg
 *   ∂L/∂X[t] = gH · ∂H/∂X;  ∂L/∂V[t−1] += gH · ∂H/∂V;  ∂L/∂θ += gH · ∂H/∂θ
 * </pre>
 * Work is split over N into contiguous chunks ({@link Parallel}), each processed in cache-sized blocks of neurons
 * for all T, so every array is streamed once per pass. No allocation per element. The loops live in
 * {@link KernelLoops}, specialised per model by {@link KernelSpecializer}; IF, LIF and PLIF with a spiking
 * surrogate run on SIMD lanes ({@link VectorNeuronLoops}, bit-identical) when the Vector API is present.
 */
public final class MultiStepKernel {
  /** Neurons per block (their carried state stays in L1 while the block walks over T). */
  static final int BLOCK = KernelLoops.BLOCK;

  private MultiStepKernel() {}

  static void checkLength(String name, float[] a, long expected) {
    if (a != null && a.length < expected) {
      throw new IllegalArgumentException(name + " has " + a.length + " elements, need " + expected);
    }
  }

  /**
   * Multi-step forward.
   *
   * @param x input X, [T, N]
   * @param vInit V[−1], [N]; null means every neuron starts at {@link NeuronSpec#vInit()}
   * @param spike out: S, [T, N]
   * @param hSeq out (nullable, for backward): H, [T, N]
   * @param vSeq out (nullable, store_v_seq): V after reset, [T, N]
   * @param vFinal out: V[T−1], [N] (may be the same array as vInit)
   * @param threads worker threads (≥ 1)
   */
  public static void forward(NeuronSpec spec, int t, int n, float[] x, float[] vInit, float[] spike, float[] hSeq,
      float[] vSeq, float[] vFinal, int threads) {
    long tn = (long) t * n;
    checkLength("x", x, tn);
    checkLength("spike", spike, tn);
    checkLength("hSeq", hSeq, tn);
    checkLength("vSeq", vSeq, tn);
    checkLength("vInit", vInit, n);
    checkLength("vFinal", vFinal, n);
    if (vFinal == null || spike == null || x == null) {
      throw new IllegalArgumentException("x, spike and vFinal are required");
    }
    final MethodHandle loop = KernelSpecializer.loops(spec).forward;
    final AffineCharge simd = AffineCharge.of(spec);
    Parallel.forRange(n, threads, t, (lo, hi) -> {
      try {
        int mid = lo;
        if (simd != null) {
          mid = lo + (hi - lo) / VectorNeuronLoops.LANES * VectorNeuronLoops.LANES;
          VectorNeuronLoops.forward(simd, spec, t, n, x, vInit, spike, hSeq, vSeq, vFinal, lo, mid);
        }
        return mid == hi ? 0.0 : (double) loop.invokeExact(spec, t, n, x, vInit, spike, hSeq, vSeq, vFinal, mid, hi);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /**
   * Multi-step backward through the sequence of a {@link #forward} call.
   *
   * @param hSeq H saved by forward, [T, N]
   * @param vInit V[−1] used by forward, [N]; null means {@link NeuronSpec#vInit()}
   * @param gradSpike ∂L/∂S, [T, N] (nullable = 0)
   * @param gradVSeq ∂L/∂V[t], [T, N] (nullable = 0)
   * @param gradVFinal ∂L/∂V[T−1] from later use of the state, [N] (nullable = 0)
   * @param gradX out: ∂L/∂X, [T, N]
   * @param gradVInit out (nullable): ∂L/∂V[−1], [N]
   * @return ∂L/∂θ of the charge function's learnable scalar (0 if none)
   */
  public static double backward(NeuronSpec spec, int t, int n, float[] hSeq, float[] vInit, float[] gradSpike,
      float[] gradVSeq, float[] gradVFinal, float[] gradX, float[] gradVInit, int threads) {
    return backward(spec, t, n, hSeq, vInit, gradSpike, gradVSeq, gradVFinal, gradX, gradVInit, threads, null);
  }

  /**
   * As {@link #backward(NeuronSpec, int, int, float[], float[], float[], float[], float[], float[], float[], int)}
   * with an extra direct gradient ∂L/∂H[t] ({@code gradH} [T, N], nullable) for outputs that read H itself (LIAF).
   */
  public static double backward(NeuronSpec spec, int t, int n, float[] hSeq, float[] vInit, float[] gradSpike,
      float[] gradVSeq, float[] gradVFinal, float[] gradX, float[] gradVInit, int threads, float[] gradH) {
    checkLength("gradH", gradH, (long) t * n);
    long tn = (long) t * n;
    checkLength("hSeq", hSeq, tn);
    checkLength("gradSpike", gradSpike, tn);
    checkLength("gradVSeq", gradVSeq, tn);
    checkLength("gradX", gradX, tn);
    checkLength("vInit", vInit, n);
    checkLength("gradVFinal", gradVFinal, n);
    checkLength("gradVInit", gradVInit, n);
    if (hSeq == null || gradX == null) {
      throw new IllegalArgumentException("hSeq and gradX are required");
    }
    final MethodHandle loop = KernelSpecializer.loops(spec).backward;
    final AffineCharge simd = AffineCharge.of(spec);
    return Parallel.forRange(n, threads, t, (lo, hi) -> {
      try {
        int mid = lo;
        double theta = 0;
        if (simd != null) {
          mid = lo + (hi - lo) / VectorNeuronLoops.LANES * VectorNeuronLoops.LANES;
          theta = VectorNeuronLoops.backward(simd, spec, t, n, hSeq, vInit, gradSpike, gradVSeq, gradVFinal, gradX,
              gradVInit, gradH, lo, mid);
        }
        return mid == hi ? theta : theta + (double) loop.invokeExact(spec, t, n, hSeq, vInit, gradSpike, gradVSeq,
            gradVFinal, gradX, gradVInit, gradH, mid, hi);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
