package org.neurospark.snn.neuron.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * SIMD forms of {@link KernelLoops} for the {@link AffineCharge} models (IF, LIF, PLIF) with a spiking surrogate,
 * eight neurons per vector. Lane for lane they perform the scalar loops' IEEE operations in the same order — the
 * charge in double rounded once to float32 (IF's float32 sum is that same value), fire, reset and the BPTT
 * recurrence in float32, dV/dH in double rounded once — so spikes, H, V and ∂L/∂X are bit-identical to the scalar
 * kernels. Only PLIF's ∂L/∂w (a double sum of float32 terms) is accumulated in another order.
 *
 * <p>Ranges must be multiples of {@link #LANES} neurons long; {@link MultiStepKernel} runs the remainder on the
 * scalar loops. Loaded only when the Vector API module is present.
 */
final class VectorNeuronLoops {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
  /** Neurons per vector. */
  static final int LANES = 8;

  private VectorNeuronLoops() {}

  /** Charge in double lanes (LIF/PLIF), rounded once to float: the scalar {@code (float) charge(v, x)}. */
  private static FloatVector chargeD(AffineCharge c, FloatVector v, FloatVector x) {
    DoubleVector vd = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    DoubleVector xd = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
    DoubleVector leak = vd.sub(c.vReset());
    leak = c.kind() == AffineCharge.LIF ? leak.div(c.k()) : leak.mul(c.k());
    DoubleVector h;
    if (c.decayInput()) {
      DoubleVector in = xd.sub(vd.sub(c.vReset()));
      h = vd.add(c.kind() == AffineCharge.LIF ? in.div(c.k()) : in.mul(c.k()));
    } else {
      h = vd.sub(leak).add(xd);
    }
    return (FloatVector) h.convertShape(VectorOperators.D2F, F, 0);
  }

  /** {@link KernelLoops#forward} over neurons [lo, hi), (hi − lo) a multiple of {@link #LANES}. */
  static void forward(AffineCharge c, NeuronSpec spec, int t, int n, float[] x, float[] vInit, float[] spike,
      float[] hSeq, float[] vSeq, float[] vFinal, int lo, int hi) {
    final float vth = spec.vThresholdF();
    final float vr = (float) spec.vInit();
    final boolean soft = spec.softReset();
    final boolean isIf = c.kind() == AffineCharge.IF;
    final FloatVector zero = FloatVector.zero(F);
    final FloatVector one = FloatVector.broadcast(F, 1f);
    for (int i = lo; i < hi; i += LANES) {
      FloatVector v = vInit == null ? FloatVector.broadcast(F, spec.vInitF()) : FloatVector.fromArray(F, vInit, i);
      for (int step = 0, idx = i; step < t; step++, idx += n) {
        FloatVector xv = FloatVector.fromArray(F, x, idx);
        FloatVector h = isIf ? v.add(xv) : chargeD(c, v, xv);
        VectorMask<Float> fired = h.sub(vth).compare(VectorOperators.GE, 0f);
        FloatVector s = zero.blend(one, fired);
        s.intoArray(spike, idx);
        if (hSeq != null) {
          h.intoArray(hSeq, idx);
        }
        v = soft ? h.sub(s.mul(vth)) : one.sub(s).mul(h).add(s.mul(vr));
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
    DoubleVector theta = DoubleVector.zero(D);
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
        theta = recurrence(c, spec, step, n, base, m, hSeq, gradSpike, gradVSeq, gradX, gradH, carry, sg, s, sPrev,
            vPrev, theta);
        float[] tmp = s;
        s = sPrev;
        sPrev = tmp;
      }
      if (gradVInit != null) {
        System.arraycopy(carry, 0, gradVInit, b0, m);
      }
    }
    return theta.reduceLanes(VectorOperators.ADD);
  }

  private static FloatVector fire(FloatVector h, float vth) {
    return FloatVector.zero(F).blend(1f, h.sub(vth).compare(VectorOperators.GE, 0f));
  }

  /** One step of the BPTT recurrence over a block of m neurons starting at flat index {@code base}. */
  private static DoubleVector recurrence(AffineCharge c, NeuronSpec spec, int step, int n, int base, int m,
      float[] hSeq, float[] gradSpike, float[] gradVSeq, float[] gradX, float[] gradH, float[] carry, float[] sg,
      float[] s, float[] sPrev, float[] vPrev, DoubleVector theta) {
    final float vth = spec.vThresholdF();
    final float vr = (float) spec.vInit();
    final boolean soft = spec.softReset();
    final boolean detach = spec.detachReset();
    final boolean param = c.kind() == AffineCharge.PLIF;
    final float dx = c.dHdX();
    final float dv = c.dHdV();
    final FloatVector one = FloatVector.broadcast(F, 1f);
    final int pb = base - n;
    DoubleVector acc = theta;
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
        vp = soft ? hp.sub(sp.mul(vth)) : one.sub(sp).mul(hp).add(sp.mul(vr));
      } else {
        vp = FloatVector.fromArray(F, vPrev, k);
      }
      FloatVector h = FloatVector.fromArray(F, hSeq, base + k);
      FloatVector g = FloatVector.fromArray(F, sg, k);
      FloatVector sv = FloatVector.fromArray(F, s, k);
      FloatVector dVdH;
      if (detach) {
        dVdH = soft ? one : one.sub(sv);
      } else {
        // (float) (1 − s + (V_reset − H)·sg) or (float) (1 − V_th·sg), in double as NeuronSpec.dVdH
        DoubleVector gd = (DoubleVector) g.convertShape(VectorOperators.F2D, D, 0);
        DoubleVector r;
        if (soft) {
          r = DoubleVector.broadcast(D, 1.0).sub(gd.mul((double) vth));
        } else {
          DoubleVector sd = (DoubleVector) sv.convertShape(VectorOperators.F2D, D, 0);
          DoubleVector hd = (DoubleVector) h.convertShape(VectorOperators.F2D, D, 0);
          r = DoubleVector.broadcast(D, 1.0).sub(sd).add(DoubleVector.broadcast(D, (double) vr).sub(hd).mul(gd));
        }
        dVdH = (FloatVector) r.convertShape(VectorOperators.D2F, F, 0);
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
        acc = acc.add(gH.mul(plifDTheta(c, vp, h)).convertShape(VectorOperators.F2D, D, 0));
      }
    }
    return acc;
  }

  /** PLIF ∂H/∂w rounded to float32, as {@code ParametricLifCharge.dHdTheta}. */
  private static FloatVector plifDTheta(AffineCharge c, FloatVector vp, FloatVector h) {
    DoubleVector vd = (DoubleVector) vp.convertShape(VectorOperators.F2D, D, 0);
    double d = c.k();
    DoubleVector r;
    if (c.decayInput()) {
      DoubleVector hd = (DoubleVector) h.convertShape(VectorOperators.F2D, D, 0);
      r = hd.sub(vd).mul(1.0 - d);
    } else {
      r = DoubleVector.broadcast(D, c.vReset()).sub(vd).mul(d).mul(1.0 - d);
    }
    return (FloatVector) r.convertShape(VectorOperators.D2F, F, 0);
  }
}
