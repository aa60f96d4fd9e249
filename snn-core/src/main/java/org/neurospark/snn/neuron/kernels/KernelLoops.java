package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;

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

  static double backward(NeuronSpec spec, int t, int n, float[] hSeq, float[] vInit, float[] gradSpike,
      float[] gradVSeq, float[] gradVFinal, float[] gradX, float[] gradVInit, float[] gradH, int lo, int hi) {
    final ChargeFunction cf = spec.charge();
    final boolean param = cf.hasParameter();
    final float v0 = spec.vInitF();
    float[] carry = new float[BLOCK];
    double theta = 0;
    for (int b0 = lo; b0 < hi; b0 += BLOCK) {
      int b1 = Math.min(hi, b0 + BLOCK);
      for (int i = b0; i < b1; i++) {
        carry[i - b0] = gradVFinal == null ? 0f : gradVFinal[i];
      }
      for (int step = t - 1; step >= 0; step--) {
        int base = step * n;
        for (int i = b0; i < b1; i++) {
          int idx = base + i;
          float h = hSeq[idx];
          float s = spec.fire(h);
          float sg = spec.fireGrad(h);
          float gV = carry[i - b0];
          if (gradVSeq != null) {
            gV += gradVSeq[idx];
          }
          float gH = gV * spec.dVdH(h, s, sg);
          if (gradSpike != null) {
            gH += gradSpike[idx] * sg;
          }
          if (gradH != null) {
            gH += gradH[idx];
          }
          float vPrev;
          if (step > 0) {
            float hp = hSeq[idx - n];
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
  }
}
