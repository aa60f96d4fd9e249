package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * The loops of {@link MultiStepKernel} over one neuron range [lo, hi). {@link KernelSpecializer} loads a private
 * copy of this class per (charge function, surrogate) class pair, so that the JIT's type profile at every call into
 * the dynamics is monomorphic in each copy and the equations are inlined, whatever other models the JVM runs.
 * Must stay free of lambdas and nested classes (it is cloned from its bytecode).
 */
final class KernelLoops {
  /** Neurons per block (their carried state stays in L1 while the block walks over T). */
  static final int BLOCK = 512;

  private KernelLoops() {}

  static double forward(NeuronSpec spec, int t, int n, float[] x, float[] vInit, float[] spike, float[] hSeq,
      float[] vSeq, float[] vFinal, int lo, int hi) {
    final float v0 = spec.vInitF();
    for (int b0 = lo; b0 < hi; b0 += BLOCK) {
      int b1 = Math.min(hi, b0 + BLOCK);
      for (int i = b0; i < b1; i++) {
        vFinal[i] = vInit == null ? v0 : vInit[i];
      }
      for (int step = 0; step < t; step++) {
        int base = step * n;
        for (int i = b0; i < b1; i++) {
          int idx = base + i;
          float h = spec.charge(vFinal[i], x[idx]);
          float s = spec.fire(h);
          spike[idx] = s;
          float v = spec.reset(h, s);
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
  }

  /**
   * Backward over neurons [lo, hi), block by block. Per block and step (descending) it makes two passes over
   * block-sized scratch arrays: (1) the surrogate derivative sg of the step, a block call the surrogate may run on
   * SIMD lanes ({@link SurrogateFunction#gradF(float[], int, float, float[], int)}); (2) the recurrence, which also
   * fires the previous step's H once (branch-free) and keeps that spike as the next step's S. The scratch arrays
   * stay in L1.
   */
  static double backward(NeuronSpec spec, int t, int n, float[] hSeq, float[] vInit, float[] gradSpike,
      float[] gradVSeq, float[] gradVFinal, float[] gradX, float[] gradVInit, float[] gradH, int lo, int hi) {
    final ChargeFunction cf = spec.charge();
    final SurrogateFunction sf = spec.surrogate();
    final boolean param = cf.hasParameter();
    final float v0 = spec.vInitF();
    final float vth = spec.vThresholdF();
    final float[] carry = new float[BLOCK];
    final float[] sg = new float[BLOCK];
    float[] s = new float[BLOCK];
    float[] sPrev = new float[BLOCK];
    final float[] vPrev = new float[BLOCK];
    double theta = 0;
    for (int b0 = lo; b0 < hi; b0 += BLOCK) {
      final int m = Math.min(hi, b0 + BLOCK) - b0;
      for (int k = 0; k < m; k++) {
        carry[k] = gradVFinal == null ? 0f : gradVFinal[b0 + k];
      }
      final int last = (t - 1) * n + b0;
      for (int k = 0; k < m; k++) {
        s[k] = spec.fire(hSeq[last + k]);
      }
      for (int step = t - 1; step >= 0; step--) {
        final int base = step * n + b0;
        sf.gradF(hSeq, base, vth, sg, m);
        if (step == 0) {
          if (vInit == null) {
            java.util.Arrays.fill(vPrev, 0, m, v0);
          } else {
            System.arraycopy(vInit, b0, vPrev, 0, m);
          }
        }
        if (gradVSeq != null) {
          for (int k = 0; k < m; k++) {
            carry[k] += gradVSeq[base + k];
          }
        }
        // the recurrence, with the previous step's spike and post-reset potential computed in the same pass (each H
        // is fired once; sPrev becomes the next step's s); the tests below are loop-invariant and predicted
        final int pb = base - n;
        for (int k = 0; k < m; k++) {
          float vp;
          if (step > 0) {
            float hp = hSeq[pb + k];
            float sp = spec.fire(hp);
            sPrev[k] = sp;
            vp = spec.reset(hp, sp);
          } else {
            vp = vPrev[k];
          }
          float h = hSeq[base + k];
          float g = sg[k];
          float gH = carry[k] * spec.dVdH(h, s[k], g);
          if (gradSpike != null) {
            gH += gradSpike[base + k] * g;
          }
          if (gradH != null) {
            gH += gradH[base + k];
          }
          gradX[base + k] = gH * cf.dHdX(vp);
          carry[k] = gH * cf.dHdV(vp);
          if (param) {
            theta += gH * cf.dHdTheta(vp, h);
          }
        }
        float[] tmp = s;
        s = sPrev;
        sPrev = tmp;
      }
      if (gradVInit != null) {
        System.arraycopy(carry, 0, gradVInit, b0, m);
      }
    }
    return theta;
  }
}
