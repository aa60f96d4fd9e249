package org.neurospark.snn.neuron.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.neuron.dynamics.AnalogActivation;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ResetMechanism;
import org.neurospark.snn.neuron.dynamics.SnnTorchDynamics;
import org.neurospark.snn.neuron.kernels.CpuNeuronModelKernels;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.surrogate.FastSigmoid;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SnnTorchATan;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * The fused model kernels of {@link CudaModelKernelEmitter}, run on the host: their per-neuron bodies
 * ({@code ns_fwd_..._neuron}, {@code ns_bwd_..._neuron}: the whole T-step recurrence of one neuron), compiled with gcc
 * ({@code -ffp-contract=off}), against {@link CpuNeuronModelKernels} on the same random sequences: KLIF (both LIF
 * charges, hard/soft reset, detach_reset, scale_reset on/off, Sigmoid/ATan), LIAF (every {@link AnalogActivation},
 * offset 0 or V_th), Izhikevich (hard/soft, detach_reset, a and b non-zero), snnTorch Leaky (learnable β inside and
 * outside [0, 1]) and Synaptic, every reset mechanism, with and without initial states, gradients through S, V/U
 * sequences and final states. Sequences and per-element gradients match bit for bit (LIAF's Sigmoid/Tanh, which
 * call libm in double, within 1e−6); ∂L/∂k and ∂L/∂β are sums in another order (relative 1e−5). Skips, saying why,
 * without gcc.
 */
class CudaModelKernelHostTest {
  private static final int T = 6;
  private static final int N = 97;
  private static final List<Case> CASES = new ArrayList<>();
  private static Path dir;

  /** One configuration with its parameter values, inputs, the C calls and the CPU reference. */
  private static final class Case {
    final ModelKernelConfig cfg;
    final String what;
    final Map<String, Double> scalars = new LinkedHashMap<>();
    /** Inputs in reading order: name to [T*N] or [N] data, or null (passed as NULL). */
    final Map<String, float[]> inputs = new LinkedHashMap<>();
    final Map<String, Integer> inputLengths = new LinkedHashMap<>();
    /** Outputs in writing order: name to length. */
    final Map<String, Integer> outputs = new LinkedHashMap<>();
    String fwdCall;
    String bwdCall;
    boolean exact = true;
    /** The CPU's outputs (same names) and ∂L/∂θ under key "theta". */
    Supplier<Map<String, float[]>> reference;
    double wantTheta;
    /** Leaky's raw β lies outside [0, 1] (no gradient through the clamp). */
    boolean betaOutside;

    Case(ModelKernelConfig cfg, String what) {
      this.cfg = cfg;
      this.what = what;
    }

    /** Adds the input {@code name} ({@code length} elements, or NULL when {@code data} is null); returns data. */
    float[] in(String name, float[] data, int length) {
      inputs.put(name, data);
      inputLengths.put(name, length);
      return data;
    }

    /** Adds outputs of {@code length} elements each, in writing order. */
    void outputs(int length, String... names) {
      for (String o : names) {
        outputs.put(o, length);
      }
    }
  }

  private static float[] rand(SplittableRandom r, int n, double lo, double hi) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextDouble(lo, hi);
    }
    return a;
  }

  private static Tensor t(float[] a, int... shape) {
    return a == null ? null : Tensor.fromArray(CpuBackend.INSTANCE, a.clone(), shape);
  }

  private static Tensor z(int... shape) {
    return Tensor.zeros(CpuBackend.INSTANCE, DType.FLOAT32, shape);
  }

  private static SurrogateSpec spec(SurrogateFunction sf) {
    return NeuronMath.surrogate(sf.getClass().getSimpleName());
  }

  private static void surrogateScalars(Case c, SurrogateFunction sf) {
    List<Double> v = CudaKernelEmitter.surrogateParams(sf);
    for (int i = 0; i < v.size(); i++) {
      c.scalars.put("s_" + c.cfg.surrogate().params().get(i), v.get(i));
    }
  }

  private static String args(Case c) {
    return String.join(", ", c.scalars.keySet());
  }

  private static void klif(SplittableRandom r, boolean decayInput, SurrogateFunction sf, boolean soft, boolean detach,
      boolean scaleReset, boolean init) {
    Double vReset = soft ? null : -0.2;
    NeuronSpec spec = new NeuronSpec(new LifCharge(2.0, decayInput, soft ? 0.0 : -0.2), sf, 1.0, vReset, detach);
    ModelKernelConfig cfg = ModelKernelConfig.klif(decayInput ? NeuronMath.LIF_DECAY_INPUT : NeuronMath.LIF, spec(sf),
        soft, detach, scaleReset);
    Case c = new Case(cfg, "KLIF " + spec + " scale_reset=" + scaleReset + (init ? " vInit" : ""));
    float k = (float) r.nextDouble(0.6, 1.8);
    c.scalars.put("vThreshold", spec.vThreshold());
    c.scalars.put("vReset", spec.vInit());
    c.scalars.put("c_tau", 2.0);
    c.scalars.put("c_vReset", spec.vInit());
    surrogateScalars(c, sf);
    float[] x = c.in("x", rand(r, T * N, -0.5, 2.5), T * N);
    float[] vInit = c.in("vInit", init ? rand(r, N, -0.3, 0.9) : null, N);
    float[] gs = c.in("gradSpike", rand(r, T * N, -1, 1), T * N);
    float[] gvs = c.in("gradVSeq", init ? rand(r, T * N, -0.5, 0.5) : null, T * N);
    c.outputs(T * N, "spike", "h", "vSeq", "gradX");
    c.outputs(N, "vFinal", "gradVInit");
    String kArg = Double.toString(k);
    c.fwdCall = "ns_fwd_" + cfg.tag() + "_neuron(i, x, vInit, spike, h, vSeq, vFinal, " + kArg + ", steps, n, "
        + args(c) + ")";
    c.bwdCall = "ns_bwd_" + cfg.tag() + "_neuron(i, h, vInit, gradSpike, gradVSeq, NULL, gradX, gradVInit, " + kArg
        + ", steps, n, " + args(c) + ")";
    c.reference = () -> {
      CpuNeuronModelKernels cpu = CpuNeuronModelKernels.INSTANCE;
      Tensor kt = t(new float[] {k}, 1);
      Tensor spike = z(T, N);
      Tensor h = z(T, N);
      Tensor vSeq = z(T, N);
      Tensor vFinal = z(N);
      cpu.klifForward(spec, scaleReset, kt, t(x, T, N), t(vInit, N), spike, h, vSeq, vFinal);
      Tensor gx = z(T, N);
      Tensor gvi = z(N);
      Tensor gk = z(1);
      cpu.klifBackward(spec, scaleReset, kt, h, t(vInit, N), t(gs, T, N), t(gvs, T, N), gx, gvi, gk);
      c.wantTheta = gk.floatData()[0];
      return outputs(spike, h, vSeq, gx, vFinal, gvi);
    };
    CASES.add(c);
  }

  private static Map<String, float[]> outputs(Tensor... ts) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < ts.length; i++) {
      m.put(Integer.toString(i), ts[i].floatData());
    }
    return m;
  }

  private static void liaf(SplittableRandom r, boolean decayInput, boolean soft, boolean detach, AnalogActivation act,
      boolean thresholdRelated, boolean init) {
    SurrogateFunction sf = new Sigmoid();
    NeuronSpec spec = new NeuronSpec(new LifCharge(3.0, decayInput, 0.0), sf, 1.0, soft ? null : 0.0, detach);
    ModelKernelConfig cfg = ModelKernelConfig.liaf(decayInput ? NeuronMath.LIF_DECAY_INPUT : NeuronMath.LIF,
        spec(sf), soft, detach);
    float offset = thresholdRelated ? 1f : 0f;
    Case c = new Case(cfg, "LIAF " + act + " offset " + offset + " " + spec + (init ? " vInit" : ""));
    c.exact = act != AnalogActivation.SIGMOID && act != AnalogActivation.TANH;
    c.scalars.put("vThreshold", 1.0);
    c.scalars.put("vReset", 0.0);
    c.scalars.put("c_tau", 3.0);
    c.scalars.put("c_vReset", 0.0);
    surrogateScalars(c, sf);
    c.scalars.put("act", (double) act.ordinal());
    c.scalars.put("offset", (double) offset);
    float[] x = c.in("x", rand(r, T * N, -0.5, 2.5), T * N);
    float[] vInit = c.in("vInit", init ? rand(r, N, -0.3, 0.9) : null, N);
    float[] gy = c.in("gradY", rand(r, T * N, -1, 1), T * N);
    float[] gvs = c.in("gradVSeq", init ? rand(r, T * N, -0.5, 0.5) : null, T * N);
    c.outputs(T * N, "y", "h", "vSeq", "gradX");
    c.outputs(N, "vFinal", "gradVInit");
    String sc = args(c).replace("act", "(int32_t) act");
    c.fwdCall = "ns_fwd_" + cfg.tag() + "_neuron(i, x, vInit, y, h, vSeq, vFinal, steps, n, " + sc + ")";
    c.bwdCall = "ns_bwd_" + cfg.tag() + "_neuron(i, h, vInit, gradY, gradVSeq, NULL, gradX, gradVInit, steps, n, "
        + sc + ")";
    c.reference = () -> {
      CpuNeuronModelKernels cpu = CpuNeuronModelKernels.INSTANCE;
      Tensor y = z(T, N);
      Tensor h = z(T, N);
      Tensor vSeq = z(T, N);
      Tensor vFinal = z(N);
      cpu.liafForward(spec, act, offset, t(x, T, N), t(vInit, N), y, h, vSeq, vFinal);
      Tensor gx = z(T, N);
      Tensor gvi = z(N);
      cpu.liafBackward(spec, act, offset, h, t(vInit, N), t(gy, T, N), t(gvs, T, N), gx, gvi);
      c.wantTheta = 0;
      return outputs(y, h, vSeq, gx, vFinal, gvi);
    };
    CASES.add(c);
  }

  private static void izhikevich(SplittableRandom r, SurrogateFunction sf, boolean soft, boolean detach,
      boolean init) {
    IzhikevichDynamics dyn = new IzhikevichDynamics(2.0, 0.8, 1.0, -0.1, 0.05, 3.0, 0.3, 0.2);
    NeuronSpec spec = new NeuronSpec(IfCharge.INSTANCE, sf, 1.0, soft ? null : 0.0, detach);
    ModelKernelConfig cfg = ModelKernelConfig.izhikevich(spec(sf), soft, detach);
    Case c = new Case(cfg, "Izhikevich " + spec + (init ? " vInit/wInit" : ""));
    c.scalars.put("vThreshold", 1.0);
    c.scalars.put("vReset", spec.vInit());
    double[] p = {dyn.tau(), dyn.vC(), dyn.a0(), dyn.vRest(), dyn.wRest(), dyn.tauW(), dyn.a(), dyn.b()};
    for (int i = 0; i < p.length; i++) {
      c.scalars.put("i_" + CudaModelKernelEmitter.IZHIKEVICH_PARAMS.get(i), p[i]);
    }
    surrogateScalars(c, sf);
    float[] x = c.in("x", rand(r, T * N, -0.5, 2.5), T * N);
    float[] vInit = c.in("vInit", init ? rand(r, N, -0.3, 0.9) : null, N);
    float[] wInit = c.in("wInit", init ? rand(r, N, -0.2, 0.2) : null, N);
    float[] gs = c.in("gradSpike", rand(r, T * N, -1, 1), T * N);
    float[] gvs = c.in("gradVSeq", init ? rand(r, T * N, -0.5, 0.5) : null, T * N);
    float[] gwf = c.in("gradWFinal", init ? rand(r, N, -0.5, 0.5) : null, N);
    c.outputs(T * N, "spike", "h", "wPrev", "vSeq", "gradX");
    c.outputs(N, "vFinal", "wFinal", "gradVInit", "gradWInit");
    c.fwdCall = "ns_fwd_" + cfg.tag() + "_neuron(i, x, vInit, wInit, spike, h, wPrev, vSeq, vFinal, wFinal, steps, n, "
        + args(c) + ")";
    c.bwdCall = "ns_bwd_" + cfg.tag() + "_neuron(i, h, wPrev, vInit, gradSpike, gradVSeq, NULL, gradWFinal, gradX, "
        + "gradVInit, gradWInit, steps, n, " + args(c) + ")";
    c.reference = () -> {
      CpuNeuronModelKernels cpu = CpuNeuronModelKernels.INSTANCE;
      Tensor spike = z(T, N);
      Tensor h = z(T, N);
      Tensor wPrev = z(T, N);
      Tensor vSeq = z(T, N);
      Tensor vFinal = z(N);
      Tensor wFinal = z(N);
      cpu.izhikevichForward(spec, dyn, t(x, T, N), t(vInit, N), t(wInit, N), spike, h, wPrev, vSeq, vFinal, wFinal);
      Tensor gx = z(T, N);
      Tensor gvi = z(N);
      Tensor gwi = z(N);
      cpu.izhikevichBackward(spec, dyn, h, wPrev, t(vInit, N), t(gs, T, N), t(gvs, T, N), t(gwf, N), gx, gvi, gwi);
      c.wantTheta = 0;
      return outputs(spike, h, wPrev, vSeq, gx, vFinal, wFinal, gvi, gwi);
    };
    CASES.add(c);
  }

  private static void snnTorch(SplittableRandom r, boolean synaptic, SurrogateFunction sf, ResetMechanism reset,
      Float betaParam, boolean init) {
    SnnTorchDynamics d = new SnnTorchDynamics(synaptic, synaptic ? 0.7f : 0f, synaptic ? 0.85f : 0f, 1.0f, sf, reset);
    ModelKernelConfig cfg = ModelKernelConfig.snnTorch(synaptic, spec(sf), reset);
    Case c = new Case(cfg, (synaptic ? "Synaptic " : "Leaky ") + reset + " " + sf + " beta=" + betaParam
        + (init ? " init" : ""));
    float beta = betaParam == null ? d.beta() : Math.min(1f, Math.max(0f, betaParam));
    c.scalars.put("threshold", (double) d.threshold());
    c.scalars.put("alpha", (double) d.alpha());
    c.scalars.put("beta", (double) beta);
    surrogateScalars(c, sf);
    float[] x = c.in("x", rand(r, T * N, -0.5, 2.0), T * N);
    float[] uInit = c.in("uInit", init ? rand(r, N, -0.3, 1.4) : null, N);
    float[] iInit = c.in("iInit", init && synaptic ? rand(r, N, -0.3, 0.9) : null, N);
    float[] gs = c.in("gradSpike", rand(r, T * N, -1, 1), T * N);
    float[] gus = c.in("gradUSeq", init ? rand(r, T * N, -0.5, 0.5) : null, T * N);
    float[] gif = c.in("gradIFinal", init && synaptic ? rand(r, N, -0.5, 0.5) : null, N);
    c.outputs(T * N, "spike", "uSeq", "gradX");
    c.outputs(N, "iFinal", "gradUInit", "gradIInit");
    c.fwdCall = "ns_fwd_" + cfg.tag() + "_neuron(i, x, uInit, iInit, spike, uSeq, iFinal, steps, n, " + args(c) + ")";
    c.bwdCall = "ns_bwd_" + cfg.tag() + "_neuron(i, uSeq, uInit, gradSpike, gradUSeq, gradIFinal, gradX, gradUInit, "
        + "gradIInit, steps, n, " + args(c) + ")";
    boolean inRange = betaParam == null ? d.beta() >= 0 && d.beta() <= 1 : betaParam >= 0 && betaParam <= 1;
    c.reference = () -> {
      CpuNeuronModelKernels cpu = CpuNeuronModelKernels.INSTANCE;
      Tensor bt = betaParam == null ? null : t(new float[] {betaParam}, 1);
      Tensor spike = z(T, N);
      Tensor uSeq = z(T, N);
      Tensor iFinal = z(N);
      cpu.snnTorchForward(d, bt, t(x, T, N), t(uInit, N), t(iInit, N), spike, uSeq, iFinal);
      Tensor gx = z(T, N);
      Tensor gui = z(N);
      Tensor gii = z(N);
      Tensor gb = z(1);
      cpu.snnTorchBackward(d, bt, uSeq, t(uInit, N), t(gs, T, N), t(gus, T, N), t(gif, N), gx, gui, gii, gb);
      c.wantTheta = gb.floatData()[0];
      return outputs(spike, uSeq, gx, iFinal, gui, gii);
    };
    // the kernel wrapper zeroes the partials outside [0, 1]; the per-neuron body returns the unclamped sum
    c.betaOutside = !inRange;
    CASES.add(c);
  }

  @BeforeAll
  static void compile(@TempDir Path tmp) throws Exception {
    Path gcc = NativeToolchain.find("gcc");
    assumeTrue(gcc != null, "gcc not on the PATH: the host check of the emitted CUDA model kernels did not run");
    dir = tmp;
    SplittableRandom r = new SplittableRandom(7);
    int k = 0;
    for (boolean decayInput : new boolean[] {true, false}) {
      for (SurrogateFunction sf : new SurrogateFunction[] {new Sigmoid(), new ATan(3.0, true)}) {
        for (boolean soft : new boolean[] {false, true}) {
          for (boolean detach : new boolean[] {false, true}) {
            for (boolean scaleReset : new boolean[] {false, true}) {
              klif(r, decayInput, sf, soft, detach, scaleReset, k++ % 2 == 0);
            }
          }
        }
      }
      for (AnalogActivation act : AnalogActivation.values()) {
        for (boolean soft : new boolean[] {false, true}) {
          for (boolean detach : new boolean[] {false, true}) {
            liaf(r, decayInput, soft, detach, act, detach, k++ % 2 == 0);
          }
        }
      }
    }
    for (SurrogateFunction sf : new SurrogateFunction[] {new Sigmoid(), new ATan()}) {
      for (boolean soft : new boolean[] {false, true}) {
        for (boolean detach : new boolean[] {false, true}) {
          izhikevich(r, sf, soft, detach, k++ % 2 == 0);
        }
      }
    }
    for (boolean synaptic : new boolean[] {false, true}) {
      for (ResetMechanism reset : ResetMechanism.values()) {
        for (SurrogateFunction sf : new SurrogateFunction[] {new FastSigmoid(), new SnnTorchATan(), new Sigmoid()}) {
          Float beta = synaptic ? null : (k % 3 == 0 ? Float.valueOf(1.3f) : Float.valueOf(0.8f));
          snnTorch(r, synaptic, sf, reset, beta, k++ % 2 == 0);
        }
      }
    }
    List<ModelKernelConfig> configs = new ArrayList<>();
    StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stdlib.h>\n#include \"kernels.h\"\n");
    c.append("static double rd(FILE *f) { double d; if (fread(&d, 8, 1, f) != 1) exit(3); return d; }\n");
    c.append("static float *rdarr(FILE *f, int64_t len) {\n  if (rd(f) == 0) return NULL;\n")
        .append("  float *a = malloc(sizeof(float) * len);\n  for (int64_t i = 0; i < len; i++) a[i] = (float) rd(f);\n")
        .append("  return a;\n}\n");
    c.append("static void wr(FILE *f, const float *a, int64_t len) {\n")
        .append("  for (int64_t i = 0; i < len; i++) { double d = a[i]; fwrite(&d, 8, 1, f); }\n}\n");
    for (int i = 0; i < CASES.size(); i++) {
      Case cs = CASES.get(i);
      if (!configs.contains(cs.cfg)) {
        configs.add(cs.cfg);
      }
      c.append("static void run").append(i).append("(FILE *in, FILE *out) {\n");
      c.append("  int64_t steps = (int64_t) rd(in), n = (int64_t) rd(in), tn = steps * n;\n  (void) tn;\n");
      for (String s : cs.scalars.keySet()) {
        c.append("  double ").append(s).append(" = rd(in);\n");
      }
      for (Map.Entry<String, Integer> e : cs.inputLengths.entrySet()) {
        c.append("  float *").append(e.getKey()).append(" = rdarr(in, ").append(e.getValue() == N ? "n" : "tn")
            .append(");\n");
      }
      for (Map.Entry<String, Integer> e : cs.outputs.entrySet()) {
        c.append("  float *").append(e.getKey()).append(" = calloc(").append(e.getValue() == N ? "n" : "tn")
            .append(", sizeof(float));\n");
      }
      c.append("  for (int64_t i = 0; i < n; i++) ").append(cs.fwdCall).append(";\n");
      c.append("  double theta = 0;\n  for (int64_t i = 0; i < n; i++) theta += ").append(cs.bwdCall).append(";\n");
      for (Map.Entry<String, Integer> e : cs.outputs.entrySet()) {
        c.append("  wr(out, ").append(e.getKey()).append(", ").append(e.getValue() == N ? "n" : "tn").append(");\n");
      }
      c.append("  fwrite(&theta, 8, 1, out);\n}\n");
    }
    NativeToolchain.compileDriver(gcc, dir, CudaModelKernelEmitter.source(configs), c, CASES.size());
  }

  @Test
  void fusedModelKernelBodiesComputeWhatTheCpuKernelsCompute() throws Exception {
    int exact = 0;
    int thetas = 0;
    for (int k = 0; k < CASES.size(); k++) {
      Case c = CASES.get(k);
      ByteBuffer in = ByteBuffer.allocate(8 * (2 + c.scalars.size() + c.inputs.size() + 8 * T * N))
          .order(ByteOrder.nativeOrder());
      in.putDouble(T).putDouble(N);
      for (double s : c.scalars.values()) {
        in.putDouble(s);
      }
      for (float[] a : c.inputs.values()) {
        in.putDouble(a == null ? 0 : 1);
        if (a != null) {
          for (float f : a) {
            in.putDouble(f);
          }
        }
      }
      ByteBuffer out = NativeToolchain.runDriver(dir, k, in);
      List<float[]> want = new ArrayList<>(c.reference.get().values());
      List<String> names = new ArrayList<>(c.outputs.keySet());
      assertEquals(names.size(), want.size(), c.what);
      for (int a = 0; a < names.size(); a++) {
        for (int i = 0; i < want.get(a).length; i++) {
          float got = (float) out.getDouble();
          float w = want.get(a)[i];
          String at = c.what + " " + names.get(a) + "[" + i + "]: C " + got + ", Java " + w;
          if (c.exact) {
            assertEquals(Float.floatToIntBits(w), Float.floatToIntBits(got), at);
          } else {
            assertEquals(w, got, 1e-6f * Math.max(1f, Math.abs(w)), at);
          }
        }
      }
      double theta = out.getDouble();
      boolean learnable = c.cfg.model() == NeuronModel.KLIF || c.cfg.model() == NeuronModel.LEAKY;
      if (c.betaOutside) {
        // raw β outside [0, 1]: the CPU writes 0, the kernel wrapper zeroes the partials; the body still sums
        assertEquals(0.0, c.wantTheta, c.what + ": CPU dL/dbeta outside [0, 1]");
        assertTrue(theta != 0, c.what + ": the body accumulates dL/dbeta");
      } else {
        assertEquals(c.wantTheta, theta, 1e-5 * Math.max(1, Math.abs(c.wantTheta)), c.what + " dL/dtheta");
        if (learnable) {
          assertTrue(theta != 0, c.what + ": the kernel accumulates dL/dtheta");
          thetas++;
        } else {
          assertEquals(0.0, theta, c.what + ": no learnable scalar");
        }
      }
      exact += c.exact ? 1 : 0;
    }
    System.out.printf("CudaModelKernelHostTest: %d model configurations, %d checked bit for bit, %d dL/dtheta%n",
        CASES.size(), exact, thetas);
  }
}
