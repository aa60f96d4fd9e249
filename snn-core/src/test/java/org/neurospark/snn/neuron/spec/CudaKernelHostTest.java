package org.neurospark.snn.neuron.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.EifCharge;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.neuron.dynamics.QifCharge;
import org.neurospark.snn.neuron.kernels.MultiStepKernel;
import org.neurospark.snn.neuron.kernels.MultiStepKernelF64;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.surrogate.Surrogates;

/**
 * The fused kernels of {@link CudaKernelEmitter}, run on the host: their per-neuron bodies
 * ({@code ns_fwd_..._neuron}, {@code ns_bwd_..._neuron}), compiled with gcc, against {@code MultiStepKernel} (fp32)
 * and {@code MultiStepKernelF64} (fp64) on the same random sequences, for IF/LIF/PLIF/QIF/EIF, both decay_input
 * forms, hard and soft reset, with and without detach_reset, spiking and primitive forward, with V_init given or
 * not, gradients through S, V_seq and V[T−1]. fp32 spikes, H, V and gradients match bit for bit except where the
 * charge calls libm (EIF's exp, evaluated in double); ∂L/∂θ is a sum in another order (relative 1e−9). Skips,
 * saying why, without gcc.
 */
class CudaKernelHostTest {
  private static final int T = 6;
  private static final int N = 97;
  private static final List<NeuronSpec> SPECS = new ArrayList<>();
  private static final List<Boolean> FP32 = new ArrayList<>();
  private static Path dir;

  @BeforeAll
  static void compile(@TempDir Path tmp) throws Exception {
    Path gcc = NativeToolchain.find("gcc");
    assumeTrue(gcc != null, "gcc not on the PATH: the host check of the emitted CUDA kernels did not run");
    dir = tmp;
    for (boolean fp32 : new boolean[] {true, false}) {
      for (Double vReset : new Double[] {null, 0.0, -0.2}) {
        double vr = vReset == null ? 0 : vReset;
        ChargeFunction[] charges = {IfCharge.INSTANCE, new LifCharge(2.0, true, vr), new LifCharge(3.0, false, vr),
            new ParametricLifCharge(-0.3, true, vr, fp32), new ParametricLifCharge(0.4, false, vr, fp32),
            new QifCharge(2.5, 0.8, 1.3, -0.1), new EifCharge(2.5, 0.7, 0.8, -0.1)};
        for (ChargeFunction cf : charges) {
          SurrogateFunction[] sfs = {new Sigmoid(), new ATan(3.0, true), Surrogates.parse("Sigmoid(spiking=False)"),
              Surrogates.parse("fast_sigmoid")};
          for (SurrogateFunction sf : sfs) {
            for (boolean detach : new boolean[] {false, true}) {
              SPECS.add(new NeuronSpec(cf, sf, 1.0, vReset, detach));
              FP32.add(fp32);
            }
          }
        }
      }
    }
    List<KernelConfig> configs = new ArrayList<>();
    StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stdlib.h>\n#include \"kernels.h\"\n");
    c.append("static double rd(FILE *f) { double d; if (fread(&d, 8, 1, f) != 1) exit(3); return d; }\n");
    for (int k = 0; k < SPECS.size(); k++) {
      KernelConfig cfg = CudaKernelEmitter.config(SPECS.get(k), FP32.get(k));
      if (!configs.contains(cfg)) {
        configs.add(cfg);
      }
      String t = cfg.fp32() ? "float" : "double";
      String tag = cfg.tag();
      c.append("static void run").append(k).append("(FILE *in, FILE *out) {\n");
      c.append("  int64_t steps = (int64_t) rd(in), n = (int64_t) rd(in), tn = steps * n;\n");
      c.append("  double vThreshold = rd(in), vReset = rd(in), haveInit = rd(in);\n");
      StringBuilder names = new StringBuilder("steps, n, vThreshold, vReset");
      for (String p : cfg.charge().params()) {
        c.append("  double c_").append(p).append(" = rd(in);\n");
        names.append(", c_").append(p);
      }
      for (String p : cfg.surrogate().params()) {
        c.append("  double s_").append(p).append(" = rd(in);\n");
        names.append(", s_").append(p);
      }
      for (String a : new String[] {"x", "gs", "gvs", "spike", "h", "v", "gx"}) {
        c.append("  ").append(t).append(" *").append(a).append(" = malloc(sizeof(").append(t).append(") * tn);\n");
      }
      for (String a : new String[] {"vi", "gvf", "vf", "gvi"}) {
        c.append("  ").append(t).append(" *").append(a).append(" = malloc(sizeof(").append(t).append(") * n);\n");
      }
      c.append("  for (int64_t i = 0; i < tn; i++) x[i] = (").append(t).append(") rd(in);\n");
      c.append("  for (int64_t i = 0; i < tn; i++) gs[i] = (").append(t).append(") rd(in);\n");
      c.append("  for (int64_t i = 0; i < tn; i++) gvs[i] = (").append(t).append(") rd(in);\n");
      c.append("  for (int64_t i = 0; i < n; i++) vi[i] = (").append(t).append(") rd(in);\n");
      c.append("  for (int64_t i = 0; i < n; i++) gvf[i] = (").append(t).append(") rd(in);\n");
      c.append("  const ").append(t).append(" *init = haveInit != 0 ? vi : NULL;\n");
      c.append("  for (int64_t i = 0; i < n; i++) ns_fwd_").append(tag).append("_neuron(i, x, init, spike, h, v, vf, ")
          .append(names).append(");\n");
      c.append("  double theta = 0;\n");
      c.append("  for (int64_t i = 0; i < n; i++) theta += ns_bwd_").append(tag)
          .append("_neuron(i, h, init, gs, gvs, gvf, NULL, gx, gvi, ").append(names).append(");\n");
      c.append("  double d;\n");
      for (String a : new String[] {"spike", "h", "v", "gx"}) {
        c.append("  for (int64_t i = 0; i < tn; i++) { d = ").append(a).append("[i]; fwrite(&d, 8, 1, out); }\n");
      }
      for (String a : new String[] {"vf", "gvi"}) {
        c.append("  for (int64_t i = 0; i < n; i++) { d = ").append(a).append("[i]; fwrite(&d, 8, 1, out); }\n");
      }
      c.append("  fwrite(&theta, 8, 1, out);\n}\n");
    }
    NativeToolchain.compileDriver(gcc, dir, CudaKernelEmitter.source(configs), c, SPECS.size());
  }

  @Test
  void fusedKernelBodiesComputeWhatMultiStepKernelComputes() throws Exception {
    SplittableRandom r = new SplittableRandom(42);
    int exact = 0;
    for (int k = 0; k < SPECS.size(); k++) {
      NeuronSpec spec = SPECS.get(k);
      boolean fp32 = FP32.get(k);
      boolean haveInit = k % 2 == 0;
      double[] x = fill(r, T * N, 1.2, fp32);
      double[] gs = fill(r, T * N, 1, fp32);
      double[] gvs = fill(r, T * N, 0.5, fp32);
      double[] vi = fill(r, N, 0.8, fp32);
      double[] gvf = fill(r, N, 0.5, fp32);
      ByteBuffer in = ByteBuffer.allocate(8 * (8 + 3 * T * N + 2 * N + 8)).order(ByteOrder.nativeOrder());
      in.putDouble(T).putDouble(N).putDouble(spec.vThreshold()).putDouble(spec.vInit()).putDouble(haveInit ? 1 : 0);
      for (double p : CudaKernelEmitter.chargeParams(spec.charge())) {
        in.putDouble(p);
      }
      for (double p : CudaKernelEmitter.surrogateParams(spec.surrogate())) {
        in.putDouble(p);
      }
      for (double[] a : new double[][] {x, gs, gvs, vi, gvf}) {
        for (double d : a) {
          in.putDouble(d);
        }
      }
      ByteBuffer out = NativeToolchain.runDriver(dir, k, in);

      double[][] want = reference(spec, fp32, x, gs, gvs, haveInit ? vi : null, gvf);
      boolean bitExact = fp32 && !(spec.charge() instanceof EifCharge);
      String what = spec + " " + spec.charge().getClass().getSimpleName() + (fp32 ? " fp32" : " fp64")
          + (haveInit ? " vInit" : "");
      String[] names = {"spike", "H", "V", "gradX", "vFinal", "gradVInit"};
      for (int a = 0; a < names.length; a++) {
        for (int i = 0; i < want[a].length; i++) {
          double got = out.getDouble();
          double w = want[a][i];
          if (bitExact) {
            assertEquals(Double.doubleToLongBits(w), Double.doubleToLongBits(got), what + " " + names[a] + "[" + i
                + "]: C " + got + ", Java " + w);
          } else {
            assertEquals(w, got, 1e-5 * Math.max(1, Math.abs(w)), what + " " + names[a] + "[" + i + "]");
          }
        }
      }
      double theta = out.getDouble();
      assertEquals(want[6][0], theta, 1e-9 * Math.max(1, Math.abs(want[6][0])), what + " dL/dtheta");
      if (spec.charge().hasParameter()) {
        assertTrue(theta != 0, what + ": a PLIF kernel accumulates dL/dtheta");
      }
      exact += bitExact ? 1 : 0;
    }
    System.out.printf("CudaKernelHostTest: %d neuron configurations, %d checked bit for bit%n", SPECS.size(), exact);
  }

  private static double[] fill(SplittableRandom r, int n, double scale, boolean fp32) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      double d = r.nextDouble(-scale, 1.5 * scale);
      a[i] = fp32 ? (float) d : d;
    }
    return a;
  }

  /** spike, H, V, gradX, vFinal, gradVInit, {theta} from the Java kernels (one thread). */
  private static double[][] reference(NeuronSpec spec, boolean fp32, double[] x, double[] gs, double[] gvs,
      double[] vi, double[] gvf) {
    int tn = T * N;
    if (fp32) {
      float[] spike = new float[tn];
      float[] h = new float[tn];
      float[] v = new float[tn];
      float[] vf = new float[N];
      float[] gx = new float[tn];
      float[] gvi = new float[N];
      MultiStepKernel.forward(spec, T, N, f(x), vi == null ? null : f(vi), spike, h, v, vf, 1);
      double theta = MultiStepKernel.backward(spec, T, N, h, vi == null ? null : f(vi), f(gs), f(gvs), f(gvf), gx,
          gvi, 1);
      return new double[][] {d(spike), d(h), d(v), d(gx), d(vf), d(gvi), {theta}};
    }
    double[] spike = new double[tn];
    double[] h = new double[tn];
    double[] v = new double[tn];
    double[] vf = new double[N];
    double[] gx = new double[tn];
    double[] gvi = new double[N];
    MultiStepKernelF64.forward(spec, T, N, x, vi, spike, h, v, vf, 1);
    double theta = MultiStepKernelF64.backward(spec, T, N, h, vi, gs, gvs, gvf, gx, gvi, 1);
    return new double[][] {spike, h, v, gx, vf, gvi, {theta}};
  }

  private static float[] f(double[] a) {
    float[] r = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (float) a[i];
    }
    return r;
  }

  private static double[] d(float[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i];
    }
    return r;
  }
}
