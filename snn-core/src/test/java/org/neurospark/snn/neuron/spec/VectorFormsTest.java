package org.neurospark.snn.neuron.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * Every generated SIMD form ({@code VectorSurrogateMath}, {@code VectorDynamicsMath}, written by
 * {@link VectorEmitter}) equals its scalar fp32 twin ({@code SurrogateMath}/{@code DynamicsMath} {@code fF}) bit for
 * bit on every lane, for special values, a sweep and random inputs under two parameter sets; and the functions the
 * neuron kernels need are among them.
 */
class VectorFormsTest {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  private static double param(String name, int set) {
    double[] v = switch (name) {
      case "alpha" -> new double[] {4.0, 1.7};
      case "tau" -> new double[] {2.0, 3.7};
      case "decay" -> new double[] {0.5, 0.4084};
      case "k" -> new double[] {1.0, 2.5};
      case "beta" -> new double[] {0.9, 0.5};
      case "threshold", "vThreshold" -> new double[] {1.0, 0.7};
      case "vReset" -> new double[] {0.0, -0.25};
      default -> new double[] {0.3, 1.1};
    };
    return v[set];
  }

  private static float[] probes() {
    List<Float> v = new ArrayList<>(List.of(0f, -0f, 1f, -1f, 0.5f, -0.5f, 2f, 1e-30f, -1e30f, 87f, -88.5f,
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE));
    for (int i = -100; i <= 100; i++) {
      v.add(i / 25f);
    }
    SplittableRandom r = new SplittableRandom(11);
    while (v.size() % F.length() != 0 || v.size() < 512) {
      v.add((float) r.nextDouble(-4, 4));
    }
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }

  /** Compares every function of {@code fns} with a vector form in {@code vector}'s package; returns how many. */
  private static int check(String scalar, String vector, List<FunctionSpec> fns) throws Exception {
    Class<?> sc = Class.forName(scalar);
    Class<?> vc = Class.forName(vector);
    String pkg = vector.substring(0, vector.lastIndexOf('.'));
    float[] p = probes();
    SplittableRandom r = new SplittableRandom(5);
    int checked = 0;
    for (FunctionSpec f : fns) {
      if (!VectorEmitter.vectorizable(pkg, f)) {
        continue;
      }
      int np = f.params().size();
      int nv = f.vars().size();
      Class<?>[] st = new Class<?>[np + nv];
      Class<?>[] vt = new Class<?>[np + nv];
      for (int i = 0; i < np + nv; i++) {
        st[i] = i < np ? double.class : float.class;
        vt[i] = i < np ? double.class : FloatVector.class;
      }
      Method sm = sc.getDeclaredMethod(f.name() + "F", st);
      Method vm = vc.getDeclaredMethod(f.name() + "V", vt);
      sm.setAccessible(true);
      vm.setAccessible(true);
      for (int set = 0; set < 2; set++) {
        float[][] in = new float[nv][p.length];
        for (int j = 0; j < nv; j++) {
          for (int i = 0; i < p.length; i++) {
            float x = j == 0 ? p[i] : p[r.nextInt(p.length)];
            String name = f.vars().get(j);
            in[j][i] = (name.equals("s") || name.equals("r")) && r.nextInt(3) > 0 ? r.nextInt(2) : x;
          }
        }
        for (int i0 = 0; i0 < p.length; i0 += F.length()) {
          Object[] va = new Object[np + nv];
          for (int k = 0; k < np; k++) {
            va[k] = param(f.params().get(k), set);
          }
          for (int j = 0; j < nv; j++) {
            va[np + j] = FloatVector.fromArray(F, in[j], i0);
          }
          float[] lanes = ((FloatVector) vm.invoke(null, va)).toArray();
          for (int l = 0; l < F.length(); l++) {
            Object[] sa = new Object[np + nv];
            System.arraycopy(va, 0, sa, 0, np);
            for (int j = 0; j < nv; j++) {
              sa[np + j] = in[j][i0 + l];
            }
            float want = (Float) sm.invoke(null, sa);
            assertEquals(Float.floatToRawIntBits(want) == Float.floatToRawIntBits(lanes[l]) || (want != want
                && lanes[l] != lanes[l]), true, f.name() + " set " + set + " at " + java.util.Arrays.toString(sa)
                + ": scalar " + want + ", lane " + lanes[l]);
          }
        }
      }
      checked++;
    }
    return checked;
  }

  @Test
  void everyVectorFormEqualsItsScalarTwinOnEveryLane() throws Exception {
    int s = check("org.neurospark.snn.surrogate.SurrogateMath", "org.neurospark.snn.surrogate.VectorSurrogateMath",
        NeuronMath.surrogateFunctions());
    List<FunctionSpec> dyn = new ArrayList<>(NeuronMath.dynamicsFunctions());
    int d = check("org.neurospark.snn.neuron.dynamics.DynamicsMath",
        "org.neurospark.snn.neuron.kernels.VectorDynamicsMath", dyn);
    int step = check("org.neurospark.snn.surrogate.SurrogateMath",
        "org.neurospark.snn.neuron.kernels.VectorDynamicsMath", List.of(NeuronMath.STEP));
    assertEquals(4, s, "step, stepStrict, sigmoidGrad, atanGrad");
    assertEquals(1, step);
    assertTrue(d >= 24, "charge, reset, dV/dH, PLIF dH/dw, KLIF, activations, snnTorch forms: " + d);
  }
}
