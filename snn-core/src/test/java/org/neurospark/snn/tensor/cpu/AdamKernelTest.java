package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.AdamParams;

/**
 * The float32 Adam kernel (whole vectors through the Vector API, the rest scalar) against the element-by-element
 * definition, bit for bit: plain, L2 (coupled) and decoupled weight decay, AMSGrad, offsets, lengths that are and are
 * not multiples of the vector, zeros, large and tiny values, a NaN gradient.
 */
class AdamKernelTest {
  private static final int L = FloatVector.SPECIES_PREFERRED.length();

  @Test
  void vectorAndScalarElementsGiveTheDefinitionsBits() {
    Random r = new Random(7);
    AdamParams[] hs = {new AdamParams(1e-3, 0.9, 0.999, 1e-8, 0, false),
        new AdamParams(3e-2, 0.8, 0.99, 1e-6, 1e-2, false), new AdamParams(1e-3, 0.9, 0.999, 1e-8, 5e-2, true)};
    for (AdamParams h : hs) {
      for (boolean amsgrad : new boolean[] {false, true}) {
        for (int n : new int[] {3 * L + 5, 4 * L, L - 1}) {
          int off = 3;
          float[] p = values(r, off + n);
          float[] g = values(r, off + n);
          g[off + n / 2] = Float.NaN;
          float[] m = values(r, off + n);
          float[] v = abs(values(r, off + n));
          float[] vmax = amsgrad ? abs(values(r, off + n)) : null;
          float[] p2 = p.clone();
          float[] m2 = m.clone();
          float[] v2 = v.clone();
          float[] vmax2 = amsgrad ? vmax.clone() : null;
          long t = 7;
          OptimizerKernels.adam(h, t, p, off, g, off, m, off, v, off, vmax, off, n);
          reference(h, t, p2, g, m2, v2, vmax2, off, n);
          String what = h + " amsgrad " + amsgrad + " n " + n;
          for (int i = 0; i < off + n; i++) {
            assertEquals(Float.floatToRawIntBits(p2[i]), Float.floatToRawIntBits(p[i]), "param " + i + " " + what);
            assertEquals(Float.floatToRawIntBits(m2[i]), Float.floatToRawIntBits(m[i]), "m " + i + " " + what);
            assertEquals(Float.floatToRawIntBits(v2[i]), Float.floatToRawIntBits(v[i]), "v " + i + " " + what);
            if (amsgrad) {
              assertEquals(Float.floatToRawIntBits(vmax2[i]), Float.floatToRawIntBits(vmax[i]), "vmax " + i + " " + what);
            }
          }
        }
      }
    }
  }

  private static float[] values(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(10);
      a[i] = k == 0 ? 0f : k == 1 ? (float) (r.nextGaussian() * 1e4) : k == 2 ? (float) (r.nextGaussian() * 1e-20)
          : (float) r.nextGaussian();
    }
    return a;
  }

  private static float[] abs(float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.abs(a[i]);
    }
    return a;
  }

  /** Adam (PyTorch's float32 arithmetic: factors rounded to float first) one element at a time. */
  private static void reference(AdamParams h, long t, float[] p, float[] g, float[] m, float[] v, float[] vmax,
      int off, int n) {
    float stepSize = (float) (h.lr() / (1 - Math.pow(h.beta1(), t)));
    float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(h.beta2(), t));
    for (int i = off; i < off + n; i++) {
      float gi = g[i];
      float pi = p[i];
      if (h.weightDecay() != 0) {
        if (h.decoupled()) {
          pi = pi * (float) (1 - h.lr() * h.weightDecay());
        } else {
          gi = gi + (float) h.weightDecay() * pi;
        }
      }
      m[i] = m[i] + (float) (1 - h.beta1()) * (gi - m[i]);
      v[i] = (float) h.beta2() * v[i] + (float) (1 - h.beta2()) * gi * gi;
      float vd = v[i];
      if (vmax != null) {
        vd = Math.max(vmax[i], vd);
        vmax[i] = vd;
      }
      p[i] = pi - stepSize * (m[i] / ((float) Math.sqrt(vd) / bc2Sqrt + (float) h.eps()));
    }
  }
}
