package org.neurospark.snn.neuron.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.EifCharge;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.KlifDynamics;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.neuron.dynamics.QifCharge;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SoftSign;
import org.neurospark.snn.surrogate.SurrogateFunction;

/**
 * Finite-difference checks of the closed-form BPTT of the fused kernels. With a surrogate in primitive mode
 * ({@code spiking=false}) the forward pass is smooth and the backward recurrence must be its exact gradient, through
 * charge, fire and (hard/soft, detached or not) reset, for ∂L/∂X, ∂L/∂V[−1] and the learnable scalar.
 * L = Σ a·S + Σ b·V_seq + Σ c·V_final with random weights. The generic kernel is checked in double precision
 * ({@link MultiStepKernelF64}); KLIF and Izhikevich (fp32 kernels) with a looser tolerance.
 */
class KernelGradientCheckTest {
  private static final int T = 6;
  private static final int N = 5;

  private static List<ChargeFunction> charges(double vReset) {
    List<ChargeFunction> l = new ArrayList<>();
    l.add(IfCharge.INSTANCE);
    l.add(new LifCharge(2.0, true, vReset));
    l.add(new LifCharge(3.0, false, vReset));
    l.add(new ParametricLifCharge(0.3, true, vReset, false));
    l.add(new ParametricLifCharge(-0.4, false, vReset, false));
    l.add(new QifCharge(2.0, 0.8, 1.0, 0.0));
    l.add(new EifCharge(2.0, 1.0, 0.8, 0.0));
    return l;
  }

  private static double[] random(Random r, int n, double lo, double hi) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = lo + (hi - lo) * r.nextDouble();
    }
    return a;
  }

  private static double loss(NeuronSpec spec, double[] x, double[] v0, double[] a, double[] b, double[] c) {
    double[] s = new double[T * N];
    double[] vs = new double[T * N];
    double[] vf = new double[N];
    MultiStepKernelF64.forward(spec, T, N, x, v0, s, null, vs, vf, 1);
    double l = 0;
    for (int i = 0; i < T * N; i++) {
      l += a[i] * s[i] + b[i] * vs[i];
    }
    for (int i = 0; i < N; i++) {
      l += c[i] * vf[i];
    }
    return l;
  }

  @Test
  void generic_kernel_fp64_matches_finite_differences() {
    Random r = new Random(7);
    SurrogateFunction[] sgs = {new Sigmoid(4.0, false), new ATan(2.0, false), new SoftSign(2.0, false)};
    Double[] resets = {0.0, -0.1, null};
    int checked = 0;
    for (Double vReset : resets) {
      for (ChargeFunction cf : charges(vReset == null ? 0.0 : vReset)) {
        for (SurrogateFunction sg : sgs) {
          // detach_reset=True deliberately drops the reset path, so finite differences cannot check it (the golden
          // cases do)
          for (boolean detach : new boolean[] {false}) {
            NeuronSpec spec = new NeuronSpec(cf, sg, 1.0, vReset, detach);
            double[] x = random(r, T * N, -0.4, 1.4);
            double[] v0 = random(r, N, -0.2, 0.6);
            double[] a = random(r, T * N, -1, 1);
            double[] b = random(r, T * N, -1, 1);
            double[] c = random(r, N, -1, 1);
            double[] h = new double[T * N];
            double[] s = new double[T * N];
            double[] vf = new double[N];
            MultiStepKernelF64.forward(spec, T, N, x, v0, s, h, null, vf, 1);
            double[] gx = new double[T * N];
            double[] gv0 = new double[N];
            double gTheta = MultiStepKernelF64.backward(spec, T, N, h, v0, a, b, c, gx, gv0, 1);
            String what = cf.getClass().getSimpleName() + " " + sg + " reset=" + vReset + " detach=" + detach;
            double eps = 1e-6;
            for (int i = 0; i < T * N; i++) {
              double[] xp = x.clone();
              double[] xm = x.clone();
              xp[i] += eps;
              xm[i] -= eps;
              double num = (loss(spec, xp, v0, a, b, c) - loss(spec, xm, v0, a, b, c)) / (2 * eps);
              assertEquals(num, gx[i], 1e-6 * Math.max(1, Math.abs(num)), what + " dL/dx[" + i + "]");
            }
            for (int i = 0; i < N; i++) {
              double[] vp = v0.clone();
              double[] vm = v0.clone();
              vp[i] += eps;
              vm[i] -= eps;
              double num = (loss(spec, x, vp, a, b, c) - loss(spec, x, vm, a, b, c)) / (2 * eps);
              assertEquals(num, gv0[i], 1e-6 * Math.max(1, Math.abs(num)), what + " dL/dv0[" + i + "]");
            }
            if (cf.hasParameter()) {
              double w = ((ParametricLifCharge) cf).w();
              NeuronSpec sp = spec.withCharge(cf.withParameter(w + eps));
              NeuronSpec sm = spec.withCharge(cf.withParameter(w - eps));
              double num = (loss(sp, x, v0, a, b, c) - loss(sm, x, v0, a, b, c)) / (2 * eps);
              assertEquals(num, gTheta, 1e-6 * Math.max(1, Math.abs(num)), what + " dL/dw");
            } else {
              assertEquals(0.0, gTheta);
            }
            checked++;
          }
        }
      }
    }
    assertEquals(3 * 7 * 3, checked);
  }

  /** The fp32 kernel computes the same recurrence as the fp64 twin (to float rounding). */
  @Test
  void fp32_kernel_agrees_with_fp64_kernel() {
    Random r = new Random(3);
    int n = 3000;
    for (ChargeFunction cf : charges(0.0)) {
      NeuronSpec spec = new NeuronSpec(cf, new Sigmoid(), 1.0, 0.0, false);
      double[] x = random(r, T * n, -0.5, 1.5);
      double[] a = random(r, T * n, -1, 1);
      float[] xf = new float[x.length];
      float[] af = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) x[i];
        a[i] = (float) a[i];
        xf[i] = (float) x[i];
        af[i] = (float) a[i];
      }
      double[] h = new double[T * n];
      double[] s = new double[T * n];
      MultiStepKernelF64.forward(spec, T, n, x, null, s, h, null, new double[n], 1);
      float[] hf = new float[T * n];
      float[] sf = new float[T * n];
      MultiStepKernel.forward(spec, T, n, xf, null, sf, hf, null, new float[n], 2);
      double[] gx = new double[T * n];
      MultiStepKernelF64.backward(spec, T, n, h, null, a, null, null, gx, null, 1);
      float[] gxf = new float[T * n];
      MultiStepKernel.backward(spec, T, n, hf, null, af, null, null, gxf, null, 2);
      int tiesSkipped = 0;
      for (int i = 0; i < T * n; i++) {
        if (s[i] != sf[i]) {
          tiesSkipped++;
          continue;
        }
        assertEquals(h[i], hf[i], 1e-5 * Math.max(1, Math.abs(h[i])), cf.getClass().getSimpleName());
      }
      assertEquals(0, tiesSkipped, "spikes of fp32 and fp64 kernels differ");
      for (int i = 0; i < n; i++) {
        assertEquals(gx[i], gxf[i], 1e-4 * Math.max(1, Math.abs(gx[i])), cf.getClass().getSimpleName());
      }
    }
  }

  @Test
  void klif_kernel_matches_finite_differences() {
    Random r = new Random(11);
    for (boolean scale : new boolean[] {false, true}) {
      for (Double vReset : new Double[] {0.0, null}) {
        NeuronSpec spec = new NeuronSpec(new LifCharge(2.0, true, vReset == null ? 0 : vReset),
            new Sigmoid(4.0, false), 1.0, vReset, false);
        float k = 1.3f;
        float[] x = toF(random(r, T * N, 0.2, 2.0));
        float[] a = toF(random(r, T * N, -1, 1));
        float[] h = new float[T * N];
        KlifKernel.forward(new KlifDynamics(spec, k, scale), T, N, x, null, new float[T * N], h, null,
            new float[N], 1);
        float[] gx = new float[T * N];
        double gk = KlifKernel.backward(new KlifDynamics(spec, k, scale), T, N, h, null, a, null, null, gx, null, 1);
        double eps = 1e-3;
        for (int i = 0; i < T * N; i++) {
          float[] xp = x.clone();
          float[] xm = x.clone();
          xp[i] += (float) eps;
          xm[i] -= (float) eps;
          double num = (klifLoss(spec, k, scale, xp, a) - klifLoss(spec, k, scale, xm, a))
              / ((double) xp[i] - xm[i]);
          assertEquals(num, gx[i], 2e-3 * Math.max(1, Math.abs(num)), "KLIF dL/dx[" + i + "] scale=" + scale);
        }
        double num = (klifLoss(spec, k + 1e-3f, scale, x, a) - klifLoss(spec, k - 1e-3f, scale, x, a))
            / ((double) (k + 1e-3f) - (k - 1e-3f));
        assertEquals(num, gk, 2e-3 * Math.max(1, Math.abs(num)), "KLIF dL/dk scale=" + scale);
      }
    }
  }

  private static double klifLoss(NeuronSpec spec, float k, boolean scale, float[] x, float[] a) {
    float[] s = new float[T * N];
    KlifKernel.forward(new KlifDynamics(spec, k, scale), T, N, x, null, s, null, null, new float[N], 1);
    double l = 0;
    for (int i = 0; i < s.length; i++) {
      l += (double) a[i] * s[i];
    }
    return l;
  }

  @Test
  void izhikevich_kernel_matches_finite_differences() {
    Random r = new Random(5);
    IzhikevichDynamics dyn = new IzhikevichDynamics(2.0, 0.8, 1.0, -0.1, 0.0, 3.0, 0.5, 0.2);
    for (Double vReset : new Double[] {0.0, null}) {
      NeuronSpec spec = new NeuronSpec(dyn, new ATan(2.0, false), 1.0, vReset, false);
      float[] x = toF(random(r, T * N, -0.3, 1.2));
      float[] a = toF(random(r, T * N, -1, 1));
      float[] b = toF(random(r, T * N, -1, 1));
      float[] h = new float[T * N];
      float[] wPrev = new float[T * N];
      IzhikevichKernel.forward(spec, dyn, T, N, x, null, null, new float[T * N], h, wPrev, null, new float[N],
          new float[N], 1);
      float[] gx = new float[T * N];
      IzhikevichKernel.backward(spec, dyn, T, N, h, wPrev, null, a, b, null, null, gx, null, null, 1);
      for (int i = 0; i < T * N; i++) {
        float[] xp = x.clone();
        float[] xm = x.clone();
        xp[i] += 1e-3f;
        xm[i] -= 1e-3f;
        double num = (izhLoss(spec, dyn, xp, a, b) - izhLoss(spec, dyn, xm, a, b)) / ((double) xp[i] - xm[i]);
        assertEquals(num, gx[i], 2e-3 * Math.max(1, Math.abs(num)), "Izhikevich dL/dx[" + i + "] reset=" + vReset);
      }
    }
  }

  private static double izhLoss(NeuronSpec spec, IzhikevichDynamics dyn, float[] x, float[] a, float[] b) {
    float[] s = new float[T * N];
    float[] vs = new float[T * N];
    IzhikevichKernel.forward(spec, dyn, T, N, x, null, null, s, null, null, vs, new float[N], new float[N], 1);
    double l = 0;
    for (int i = 0; i < s.length; i++) {
      l += (double) a[i] * s[i] + (double) b[i] * vs[i];
    }
    return l;
  }

  private static float[] toF(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
