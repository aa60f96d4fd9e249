package org.neurospark.snn.surrogate;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API (incubator module {@code jdk.incubator.vector}) block loops of the fp32 surrogate math: the
 * surrogates' lane math is the generated {@link VectorSurrogateMath} (from the neuron spec), and {@link #exp} is
 * {@link FastMathF#exp} lane for lane, so the results are bit-identical to the scalar code. Loaded only when {@link FastMathF#VECTOR} is true.
 */
final class VectorMathF {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  private VectorMathF() {}

  /** {@link FastMathF#exp} on every lane. */
  static FloatVector exp(FloatVector x) {
    FloatVector xc = x.max(-87f).min(88f);
    FloatVector k = xc.mul(FastMathF.LOG2E).add(FastMathF.SHIFTER);
    FloatVector nf = k.sub(FastMathF.SHIFTER);
    IntVector n = ((IntVector) k.reinterpretAsInts()).sub(FastMathF.SHIFTER_BITS);
    FloatVector r = xc.sub(nf.mul(FastMathF.LN2_HI)).add(nf.mul(FastMathF.LN2_LO));
    FloatVector p = r.mul(FastMathF.P0).add(FastMathF.P1);
    p = p.mul(r).add(FastMathF.P2);
    p = p.mul(r).add(FastMathF.P3);
    p = p.mul(r).add(FastMathF.P4);
    p = p.mul(r).add(FastMathF.P5);
    FloatVector y = p.mul(r).mul(r).add(r).add(1f);
    FloatVector scale = (FloatVector) n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector res = y.mul(scale);
    res = res.blend(0f, x.compare(VectorOperators.LT, -87f));
    res = res.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 88f));
    return res.blend(x, x.test(VectorOperators.IS_NAN));
  }

  /** out[k] = {@link Sigmoid#gradF}(x[off + k] − shift) with slope a, for k in [0, len). */
  static void sigmoidGrad(float a, float[] x, int off, float shift, float[] out, int len) {
    int k = 0;
    for (int upper = F.loopBound(len); k < upper; k += F.length()) {
      VectorSurrogateMath.sigmoidGradV(a, FloatVector.fromArray(F, x, off + k).sub(shift)).intoArray(out, k);
    }
    for (; k < len; k++) {
      out[k] = Sigmoid.gradF(a, x[off + k] - shift);
    }
  }

  /**
   * out[k] = {@link ATan#gradF(float)}(x[off + k] − shift) with slope alpha, lane for lane the float32 operations of
   * the generated {@code SurrogateMath.atanGradF}: a2 / (1 + (c·x)²), c = (float) (π/2·α), a2 = (float) (α/2).
   */
  static void atanGrad(double alpha, float[] x, int off, float shift, float[] out, int len) {
    int k = 0;
    for (int upper = F.loopBound(len); k < upper; k += F.length()) {
      VectorSurrogateMath.atanGradV(alpha, FloatVector.fromArray(F, x, off + k).sub(shift)).intoArray(out, k);
    }
    for (; k < len; k++) {
      out[k] = SurrogateMath.atanGradF(alpha, x[off + k] - shift);
    }
  }
}
