package org.neurospark.snn.neuron.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.EifCharge;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.surrogate.FastMathF;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SnnTorchATan;
import org.neurospark.snn.surrogate.SoftSign;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * The SIMD kernels against the scalar loops they replace: spikes, H, V, final V, ∂L/∂X and ∂L/∂V[−1] bit for bit,
 * PLIF's ∂L/∂w to summation-order rounding, for IF/LIF/PLIF × decay_input × hard/soft reset × detach_reset ×
 * three surrogates × optional inputs, on a neuron count that leaves a scalar remainder.
 */
class VectorNeuronLoopsTest {
  private static final int T = 5;
  private static final int N = 1037;

  private static List<NeuronSpec> specs() {
    List<NeuronSpec> l = new ArrayList<>();
    SurrogateFunction[] sfs = {new ATan(), new Sigmoid(), new SoftSign(2.0, true)};
    for (Double vReset : new Double[] {0.0, -0.25, null}) {
      double vr = vReset == null ? 0.0 : vReset;
      ChargeFunction[] cfs = {IfCharge.INSTANCE, new LifCharge(2.0, true, vr), new LifCharge(3.0, false, vr),
          new ParametricLifCharge(0.3, true, vr, true), new ParametricLifCharge(-0.4, false, vr, true)};
      for (ChargeFunction cf : cfs) {
        for (SurrogateFunction sf : sfs) {
          for (boolean detach : new boolean[] {false, true}) {
            l.add(new NeuronSpec(cf, sf, 1.0, vReset, detach));
          }
        }
      }
    }
    return l;
  }

  private static float[] random(Random r, int n, float scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * scale);
    }
    return a;
  }

  @Test
  void simdKernelsEqualScalarLoops() {
    assumeTrue(FastMathF.VECTOR, "Vector API module not present");
    Random r = new Random(7);
    int cases = 0;
    for (NeuronSpec spec : specs()) {
      assertNotNull(AffineCharge.of(spec), spec.toString());
      for (int variant = 0; variant < 4; variant++) {
        boolean withInit = (variant & 1) != 0;
        boolean allGrads = (variant & 2) != 0;
        float[] x = random(r, T * N, 0.9f);
        // a few exact threshold crossings: H == V_th must fire (Θ(0) = 1)
        for (int i = 0; i < N; i += 97) {
          x[i] = 1.0f;
        }
        float[] vInit = withInit ? random(r, N, 0.5f) : null;
        float[] s1 = new float[T * N];
        float[] h1 = new float[T * N];
        float[] v1 = new float[T * N];
        float[] f1 = new float[N];
        KernelLoops.forward(spec, T, N, x, vInit, s1, h1, v1, f1, 0, N);
        float[] s2 = new float[T * N];
        float[] h2 = new float[T * N];
        float[] v2 = new float[T * N];
        float[] f2 = new float[N];
        MultiStepKernel.forward(spec, T, N, x, vInit, s2, h2, v2, f2, 3);
        String what = spec + " variant " + variant;
        assertArrayEquals(s1, s2, "spikes " + what);
        assertArrayEquals(h1, h2, "H " + what);
        assertArrayEquals(v1, v2, "V " + what);
        assertArrayEquals(f1, f2, "final V " + what);

        float[] gs = random(r, T * N, 1f);
        float[] gv = allGrads ? random(r, T * N, 0.3f) : null;
        float[] gf = allGrads ? random(r, N, 0.3f) : null;
        float[] gh = allGrads && variant == 3 ? random(r, T * N, 0.2f) : null;
        float[] gx1 = new float[T * N];
        float[] gi1 = new float[N];
        double th1 = KernelLoops.backward(spec, T, N, h1, vInit, gs, gv, gf, gx1, gi1, gh, 0, N);
        float[] gx2 = new float[T * N];
        float[] gi2 = new float[N];
        double th2 = MultiStepKernel.backward(spec, T, N, h1, vInit, gs, gv, gf, gx2, gi2, 3, gh);
        assertArrayEquals(gx1, gx2, "grad X " + what);
        assertArrayEquals(gi1, gi2, "grad V init " + what);
        assertEquals(th1, th2, 1e-9 * (1 + Math.abs(th1)), "grad w " + what);
        cases++;
      }
    }
    assertEquals(specs().size() * 4, cases);
  }

  @Test
  void otherModelsAndSurrogatesStayOnScalarLoops() {
    assertNull(AffineCharge.of(new NeuronSpec(new EifCharge(2.0, 1.0, 0.8, 0.0), new ATan(), 1.0, 0.0, false)));
    assertNull(AffineCharge.of(new NeuronSpec(IfCharge.INSTANCE, new ATan(2.0, false), 1.0, 0.0, false)),
        "primitive (non-spiking) mode");
    assertNull(AffineCharge.of(new NeuronSpec(IfCharge.INSTANCE, new SnnTorchATan(), 1.0, 0.0, false)),
        "snnTorch's strict threshold overrides heavisideF");
  }

  @Test
  void atanBlockGradientEqualsElementwise() {
    Random r = new Random(3);
    for (double alpha : new double[] {2.0, 0.5, 7.3}) {
      ATan a = new ATan(alpha, true);
      float[] x = random(r, 203, 3f);
      x[5] = Float.NaN;
      x[6] = Float.POSITIVE_INFINITY;
      x[7] = 1e30f;
      float[] out = new float[200];
      a.gradF(x, 3, 1.0f, out, 200);
      for (int k = 0; k < 200; k++) {
        assertEquals(Float.floatToIntBits(a.gradF(x[3 + k] - 1.0f)), Float.floatToIntBits(out[k]), "k=" + k);
      }
    }
  }
}
