package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;

/**
 * Double-precision twin of {@link MultiStepKernel} (same recurrence, same {@link NeuronSpec} equations, fp64
 * storage): for float64 tensors and finite-difference gradient checks.
 *
 * <p>Fused multi-step forward (FPTT) and closed-form backward (BPTT) of a {@link NeuronSpec} neuron over sequences
 * laid out time-major, {@code [T, N]} flattened to {@code double[T*N]} (element (t, n) at {@code t*N + n}).
 *
 * <p>Forward saves only H[t] (the charged potential) for backward; spikes and the post-reset potentials V[t] are
 * recomputed from it, V[−1] is {@code vInit}. Backward runs SpikingJelly's recurrence:
 * <pre>
 *   gV = ∂L/∂V[t] (from V_seq and from step t+1);  s = Θ(H − V_th);  sg = surrogate'(H − V_th)
 *   gH = gV · dV/dH + ∂L/∂S[t] · sg
 *   ∂L/∂X[t] = gH · ∂H/∂X;  ∂L/∂V[t−1] += gH · ∂H/∂V;  ∂L/∂θ += gH · ∂H/∂θ
 * </pre>
 * Work is split over N into contiguous chunks ({@link Parallel}), each processed in cache-sized blocks of neurons
 * for all T, so every array is streamed once per pass. No allocation per element.
 */
public final class MultiStepKernelF64 {
  private MultiStepKernelF64() {}

  static void checkLength(String name, double[] a, long expected) {
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
  public static void forward(NeuronSpec spec, int t, int n, double[] x, double[] vInit, double[] spike, double[] hSeq,
      double[] vSeq, double[] vFinal, int threads) {
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
    final double v0 = spec.vInit();
    Parallel.forRange(n, threads, t, (lo, hi) -> {
      for (int b0 = lo; b0 < hi; b0 += MultiStepKernel.BLOCK) {
        int b1 = Math.min(hi, b0 + MultiStepKernel.BLOCK);
        for (int i = b0; i < b1; i++) {
          vFinal[i] = vInit == null ? v0 : vInit[i];
        }
        for (int step = 0; step < t; step++) {
          int base = step * n;
          for (int i = b0; i < b1; i++) {
            int idx = base + i;
            double h = spec.charge(vFinal[i], x[idx]);
            double s = spec.fire(h);
            spike[idx] = s;
            double v = spec.reset(h, s);
            vFinal[i] = v;
            if (hSeq != null) {
              hSeq[idx] = h;
            }
            if (vSeq != null) {
              vSeq[idx] = v;
            }
          }
        }
      }
      return 0.0;
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
  public static double backward(NeuronSpec spec, int t, int n, double[] hSeq, double[] vInit, double[] gradSpike,
      double[] gradVSeq, double[] gradVFinal, double[] gradX, double[] gradVInit, int threads) {
    return backward(spec, t, n, hSeq, vInit, gradSpike, gradVSeq, gradVFinal, gradX, gradVInit, threads, null);
  }

  /**
   * As {@link #backward(NeuronSpec, int, int, double[], double[], double[], double[], double[], double[], double[], int)}
   * with an extra direct gradient ∂L/∂H[t] ({@code gradH} [T, N], nullable) for outputs that read H itself (LIAF).
   */
  public static double backward(NeuronSpec spec, int t, int n, double[] hSeq, double[] vInit, double[] gradSpike,
      double[] gradVSeq, double[] gradVFinal, double[] gradX, double[] gradVInit, int threads, double[] gradH) {
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
    final ChargeFunction cf = spec.charge();
    final boolean param = cf.hasParameter();
    final double v0 = spec.vInit();
    return Parallel.forRange(n, threads, t, (lo, hi) -> {
      double[] carry = new double[MultiStepKernel.BLOCK];
      double theta = 0;
      for (int b0 = lo; b0 < hi; b0 += MultiStepKernel.BLOCK) {
        int b1 = Math.min(hi, b0 + MultiStepKernel.BLOCK);
        for (int i = b0; i < b1; i++) {
          carry[i - b0] = gradVFinal == null ? 0.0 : gradVFinal[i];
        }
        for (int step = t - 1; step >= 0; step--) {
          int base = step * n;
          for (int i = b0; i < b1; i++) {
            int idx = base + i;
            double h = hSeq[idx];
            double s = spec.fire(h);
            double sg = spec.fireGrad(h);
            double gV = carry[i - b0];
            if (gradVSeq != null) {
              gV += gradVSeq[idx];
            }
            double gH = gV * spec.dVdH(h, s, sg);
            if (gradSpike != null) {
              gH += gradSpike[idx] * sg;
            }
            if (gradH != null) {
              gH += gradH[idx];
            }
            double vPrev;
            if (step > 0) {
              double hp = hSeq[idx - n];
              vPrev = spec.reset(hp, spec.fire(hp));
            } else {
              vPrev = vInit == null ? v0 : vInit[i];
            }
            gradX[idx] = gH * cf.dHdX(vPrev);
            carry[i - b0] = gH * cf.dHdV(vPrev);
            if (param) {
              theta += gH * cf.dHdTheta(vPrev, h);
            }
          }
        }
        if (gradVInit != null) {
          System.arraycopy(carry, 0, gradVInit, b0, b1 - b0);
        }
      }
      return theta;
    });
  }
}
