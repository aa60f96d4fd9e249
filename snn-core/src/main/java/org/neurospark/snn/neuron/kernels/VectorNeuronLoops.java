package org.neurospark.snn.neuron.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * SIMD forms of {@link KernelLoops} for the {@link AffineCharge} models (IF, LIF, PLIF) with a spiking surrogate,
 * one float vector of neurons at a time. The equations (charge, fire, reset, the fused dV/dH, PLIF's ∂H/∂w) are the
 * generated {@link VectorDynamicsMath} forms of the neuron spec, lane for lane the scalar kernels' float32
 * operations in the same order, so spikes, H, V and ∂L/∂X are bit-identical to the scalar kernels. Only PLIF's ∂L/∂w (a double sum of float32 terms) is accumulated in another
 * order.
 *
 * <p>Uses the preferred float species, the one species of the whole code base: mixing vector shapes makes the
 * JDK's shared vector methods polymorphic and the JIT then boxes vectors. Ranges must be multiples of
 * {@link #LANES} neurons long; {@link MultiStepKernel} runs the remainder on the scalar loops. Loaded only when the
 * Vector API module is present.
 */
final class VectorNeuronLoops {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  /** Neurons per vector. */
  static final int LANES = F.length();

  private VectorNeuronLoops() {}

  /** The charge H = f(V, X) of {@code LifCharge}/{@code ParametricLifCharge}: the generated fp32 forms. */
  private static FloatVector charge(AffineCharge c, FloatVector v, FloatVector x) {
    if (c.kind() == AffineCharge.IF) {
      return VectorDynamicsMath.ifChargeV(v, x);
    }
    if (c.kind() == AffineCharge.LIF) {
      return c.decayInput() ? VectorDynamicsMath.lifDecayInputChargeV(c.k(), c.vReset(), v, x)
          : VectorDynamicsMath.lifChargeV(c.k(), c.vReset(), v, x);
    }
    return c.decayInput() ? VectorDynamicsMath.plifDecayInputChargeV(c.k(), c.vReset(), v, x)
        : VectorDynamicsMath.plifChargeV(c.k(), c.vReset(), v, x);
  }

  /** Θ(H − V_th) as 0/1. */
  private static FloatVector fire(FloatVector h, float vth) {
    return VectorDynamicsMath.stepV(h.sub(vth));
  }

  /** V after reset, as {@code NeuronSpec.reset(float, float)} for a spiking surrogate. */
  private static FloatVector reset(FloatVector h, FloatVector s, boolean soft, float vth, float vr) {
    return soft ? VectorDynamicsMath.resetSoftV(vth, h, s) : VectorDynamicsMath.resetHardV(vr, h, s);
  }

  /** {@link KernelLoops#forward} over neurons [lo, hi), (hi − lo) a multiple of {@link #LANES}. */
  static void forward(AffineCharge c, NeuronSpec spec, int t, int n, float[] x, float[] vInit, float[] spike,
      float[] hSeq, float[] vSeq, float[] vFinal, int lo, int hi) {
    final float vth = spec.vThresholdF();
    final float vr = spec.vInitF();
    final boolean soft = spec.softReset();
    for (int i = lo; i < hi; i += LANES) {
      FloatVector v = vInit == null ? FloatVector.broadcast(F, vr) : FloatVector.fromArray(F, vInit, i);
      for (int step = 0, idx = i; step < t; step++, idx += n) {
        FloatVector h = charge(c, v, FloatVector.fromArray(F, x, idx));
        FloatVector s = fire(h, vth);
        s.intoArray(spike, idx);
        if (hSeq != null) {
          h.intoArray(hSeq, idx);
        }
        v = reset(h, s, soft, vth, vr);
        if (vSeq != null) {
          v.intoArray(vSeq, idx);
        }
      }
      v.intoArray(vFinal, i);
    }
  }

  /**
   * {@link KernelLoops#backward} over neurons [lo, hi), (hi − lo) a multiple of {@link #LANES}: per block of
   * {@link KernelLoops#BLOCK} neurons and step, the surrogate's block derivative, then the recurrence on lanes.
   */
  static double backward(AffineCharge c, NeuronSpec spec, int t, int n, float[] hSeq, float[] vInit,
      float[] gradSpike, float[] gradVSeq, float[] gradVFinal, float[] gradX, float[] gradVInit, float[] gradH,
      int lo, int hi) {
    final SurrogateFunction sf = spec.surrogate();
    final int block = KernelLoops.BLOCK;
    final float vth = spec.vThresholdF();
    final float[] carry = new float[block];
    final float[] sg = new float[block];
    float[] s = new float[block];
    float[] sPrev = new float[block];
    final float[] vPrev = new float[block];
    double theta = 0;
    for (int b0 = lo; b0 < hi; b0 += block) {
      final int m = Math.min(hi, b0 + block) - b0;
      for (int k = 0; k < m; k++) {
        carry[k] = gradVFinal == null ? 0f : gradVFinal[b0 + k];
      }
      final int last = (t - 1) * n + b0;
      for (int k = 0; k < m; k += LANES) {
        fire(FloatVector.fromArray(F, hSeq, last + k), vth).intoArray(s, k);
      }
      for (int step = t - 1; step >= 0; step--) {
        final int base = step * n + b0;
        sf.gradF(hSeq, base, vth, sg, m);
        if (step == 0) {
          if (vInit == null) {
            java.util.Arrays.fill(vPrev, 0, m, spec.vInitF());
          } else {
            System.arraycopy(vInit, b0, vPrev, 0, m);
          }
        }
        theta += recurrence(c, spec, step, n, base, m, hSeq, gradSpike, gradVSeq, gradX, gradH, carry, sg, s, sPrev,
            vPrev);
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

  /** One step of the BPTT recurrence over a block of m neurons at flat index {@code base}; returns its ∂L/∂w. */
  private static double recurrence(AffineCharge c, NeuronSpec spec, int step, int n, int base, int m,
      float[] hSeq, float[] gradSpike, float[] gradVSeq, float[] gradX, float[] gradH, float[] carry, float[] sg,
      float[] s, float[] sPrev, float[] vPrev) {
    final float vth = spec.vThresholdF();
    final float vr = spec.vInitF();
    final boolean soft = spec.softReset();
    final boolean detach = spec.detachReset();
    final boolean param = c.kind() == AffineCharge.PLIF;
    final float dx = c.dHdX();
    final float dv = c.dHdV();
    // the previous step's offset; at step 0 (never read there) base itself, so that C2's range-check predicate for
    // the hSeq loads of the 'step > 0' branch, hoisted before the loop from the profile, holds at every step (it
    // failed at step 0, which finished that call in the interpreter)
    final int pb = step > 0 ? base - n : base;
    DoubleVector acc = DoubleVector.zero(D);
    for (int k = 0; k < m; k += LANES) {
      FloatVector cv = FloatVector.fromArray(F, carry, k);
      if (gradVSeq != null) {
        cv = cv.add(FloatVector.fromArray(F, gradVSeq, base + k));
      }
      FloatVector vp;
      if (step > 0) {
        FloatVector hp = FloatVector.fromArray(F, hSeq, pb + k);
        FloatVector sp = fire(hp, vth);
        sp.intoArray(sPrev, k);
        vp = reset(hp, sp, soft, vth, vr);
      } else {
        vp = FloatVector.fromArray(F, vPrev, k);
      }
      FloatVector h = FloatVector.fromArray(F, hSeq, base + k);
      FloatVector g = FloatVector.fromArray(F, sg, k);
      FloatVector sv = FloatVector.fromArray(F, s, k);
      FloatVector dVdH;
      if (soft) {
        dVdH = detach ? FloatVector.broadcast(F, 1f) : VectorDynamicsMath.dVdHSoftV(vth, g);
      } else {
        dVdH = detach ? VectorDynamicsMath.dVdHHardDetachedV(sv) : VectorDynamicsMath.dVdHHardV(vr, h, sv, g);
      }
      FloatVector gH = cv.mul(dVdH);
      if (gradSpike != null) {
        gH = gH.add(FloatVector.fromArray(F, gradSpike, base + k).mul(g));
      }
      if (gradH != null) {
        gH = gH.add(FloatVector.fromArray(F, gradH, base + k));
      }
      gH.mul(dx).intoArray(gradX, base + k);
      gH.mul(dv).intoArray(carry, k);
      if (param) {
        FloatVector term = gH.mul(plifDTheta(c, vp, h));
        acc = acc.add(term.convertShape(VectorOperators.F2D, D, 0)).add(term.convertShape(VectorOperators.F2D, D, 1));
      }
    }
    return param ? acc.reduceLanes(VectorOperators.ADD) : 0.0;
  }

  /** PLIF ∂H/∂w in float32, as {@code ParametricLifCharge.dHdTheta(float, float)}. */
  private static FloatVector plifDTheta(AffineCharge c, FloatVector vp, FloatVector h) {
    return c.decayInput() ? VectorDynamicsMath.plifDecayInputDHdThetaV(c.k(), c.vReset(), vp, h)
        : VectorDynamicsMath.plifDHdThetaV(c.k(), c.vReset(), vp, h);
  }
}
