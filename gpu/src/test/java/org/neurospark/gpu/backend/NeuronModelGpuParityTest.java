package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neurospark.snn.neuron.IzhikevichNode;
import org.neurospark.snn.neuron.KLIFNode;
import org.neurospark.snn.neuron.LIAFNode;
import org.neurospark.snn.neuron.Leaky;
import org.neurospark.snn.neuron.LiafActivation;
import org.neurospark.snn.neuron.Synaptic;
import org.neurospark.snn.neuron.dynamics.AnalogActivation;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ResetMechanism;
import org.neurospark.snn.neuron.dynamics.SnnTorchDynamics;
import org.neurospark.snn.neuron.kernels.CpuNeuronModelKernels;
import org.neurospark.snn.neuron.kernels.NeuronModelKernels;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.surrogate.Erf;
import org.neurospark.snn.surrogate.FastSigmoid;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SnnTorchATan;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * The emitted neuron-model kernels on the GPU ({@link CudaNeuronModelKernels}) against the CPU backend's
 * {@link CpuNeuronModelKernels} on the same inputs, forward and backward: KLIF (hard/soft reset, detach_reset,
 * scale_reset on/off; ∂L/∂k), LIAF (every activation, offset 0 or V_th), Izhikevich (with initial V/W and ∂L/∂W
 * flowing back), snnTorch Leaky (learnable β inside and outside [0, 1]; ∂L/∂β) and Synaptic with every reset
 * mechanism; a strided input; a size that needs the grid-stride loop and many partials; and the layers themselves
 * moved to the GPU (forward and autograd backward, parameter gradients). Spikes must agree exactly
 * (the float math is the CPU's, no FMA contraction); sequences within 1e−5, gradients within 1e−4 relative, the
 * reduced scalar gradients within 1e−3 relative (another summation order). Needs a CUDA device: skips visibly
 * otherwise ({@code gpu/device-check.sh} runs it).
 */
class NeuronModelGpuParityTest {
  @RegisterExtension
  static final CudaTestDevice DEVICE = new CudaTestDevice("no usable CUDA device, neuron model GPU parity test skipped");
  private static CudaBackend gpu;
  private static final Backend CPU = CpuBackend.INSTANCE;

  @BeforeAll
  static void open() {
    gpu = DEVICE.backend();
  }

  private static Tensor[] pair(float[] data, int... shape) {
    return new Tensor[] {Tensor.fromArray(CPU, data.clone(), shape), Tensor.fromArray(gpu, data.clone(), shape)};
  }

  /** [T, N] input on both backends, as a transposed view of an [N, T] tensor when {@code strided}. */
  private static Tensor[] seq(Random r, int t, int n, double lo, double hi, boolean strided) {
    if (!strided) {
      return pair(rand(r, t * n, lo, hi), t, n);
    }
    Tensor[] base = pair(rand(r, t * n, lo, hi), n, t);
    return new Tensor[] {base[0].transpose(0, 1), base[1].transpose(0, 1)};
  }

  private static float[] rand(Random r, int n, double lo, double hi) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return a;
  }

  private static Tensor z(Backend be, int... shape) {
    return Tensor.zeros(be, DType.FLOAT32, shape);
  }

  private static Tensor pick(Tensor[] p, int b) {
    return p == null ? null : p[b];
  }

  /** Compares the named outputs of both backends: spikes exactly, the rest within the tolerances above. */
  private static void compare(String what, Map<String, Tensor> cpu, Map<String, Tensor> dev) {
    for (Map.Entry<String, Tensor> e : cpu.entrySet()) {
      String name = e.getKey();
      double[] w = e.getValue().toDoubleArray();
      double[] g = dev.get(name).toDoubleArray();
      assertEquals(w.length, g.length, what + " " + name + ": size");
      double tol = name.equals("spike") ? 0 : name.startsWith("grad") ? 1e-4 : 1e-5;
      if (name.equals("gradK") || name.equals("gradBeta")) {
        tol = 1e-3;
      }
      for (int i = 0; i < w.length; i++) {
        if (Math.abs(w[i] - g[i]) > tol * Math.max(1, Math.abs(w[i]))) {
          throw new AssertionError(what + " " + name + "[" + i + "]: CPU " + w[i] + ", GPU " + g[i]);
        }
      }
    }
  }

  private static Map<String, Tensor> klif(Backend be, NeuronSpec spec, boolean scaleReset, Tensor k, Tensor x,
      Tensor vInit, Tensor gs, Tensor gvs, int t, int n) {
    NeuronModelKernels m = NeuronModelKernels.on(be);
    Map<String, Tensor> o = new LinkedHashMap<>();
    o.put("spike", z(be, t, n));
    o.put("h", z(be, t, n));
    o.put("vSeq", z(be, t, n));
    o.put("vFinal", z(be, n));
    m.klifForward(spec, scaleReset, k, x, vInit, o.get("spike"), o.get("h"), o.get("vSeq"), o.get("vFinal"));
    o.put("gradX", z(be, t, n));
    o.put("gradVInit", z(be, n));
    o.put("gradK", z(be, 1));
    m.klifBackward(spec, scaleReset, k, o.get("h"), vInit, gs, gvs, o.get("gradX"), o.get("gradVInit"),
        o.get("gradK"));
    return o;
  }

  private void checkKlif(NeuronSpec spec, boolean scaleReset, int t, int n, boolean init, boolean strided, long seed) {
    Random r = new Random(seed);
    Tensor[] k = pair(new float[] {(float) (0.6 + r.nextDouble())}, 1);
    Tensor[] x = seq(r, t, n, -0.5, 2.5, strided);
    Tensor[] vInit = init ? pair(rand(r, n, -0.3, 0.9), n) : null;
    Tensor[] gs = pair(rand(r, t * n, -1, 1), t, n);
    Tensor[] gvs = init ? pair(rand(r, t * n, -0.5, 0.5), t, n) : null;
    Map<String, Tensor>[] o = runBoth(b -> klif(b == 0 ? CPU : gpu, spec, scaleReset, k[b], x[b], pick(vInit, b),
        gs[b], pick(gvs, b), t, n));
    compare("KLIF " + spec + " scale_reset=" + scaleReset + " N=" + n, o[0], o[1]);
    assertTrue(o[0].get("gradK").toDoubleArray()[0] != 0, "dL/dk is exercised");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Tensor>[] runBoth(java.util.function.IntFunction<Map<String, Tensor>> f) {
    return new Map[] {f.apply(0), f.apply(1)};
  }

  @Test
  void klifForwardAndBackwardMatchTheCpu() {
    int i = 0;
    for (SurrogateFunction s : new SurrogateFunction[] {new Sigmoid(), new ATan()}) {
      for (boolean soft : new boolean[] {false, true}) {
        for (boolean detach : new boolean[] {false, true}) {
          for (boolean sr : new boolean[] {false, true}) {
            NeuronSpec spec = new NeuronSpec(new LifCharge(2.0, i % 2 == 0, soft ? 0.0 : -0.1), s, 1.0,
                soft ? null : -0.1, detach);
            checkKlif(spec, sr, 5, 1037, i % 3 != 0, i % 5 == 2, 500 + i);
            i++;
          }
        }
      }
    }
    System.out.println("NeuronModelGpuParityTest KLIF: " + i + " configurations match the CPU");
  }

  @Test
  void liafForwardAndBackwardMatchTheCpuForEveryActivation() {
    int i = 0;
    for (AnalogActivation act : AnalogActivation.values()) {
      for (boolean soft : new boolean[] {false, true}) {
        NeuronSpec spec = new NeuronSpec(new LifCharge(2.0, i % 2 == 0, 0.0), i % 3 == 0 ? new ATan() : new Sigmoid(),
            1.0, soft ? null : 0.0, i % 2 == 1);
        float offset = i % 2 == 0 ? 1f : 0f;
        int t = 4;
        int n = 777;
        Random r = new Random(600 + i);
        Tensor[] x = seq(r, t, n, -0.5, 2.5, i == 3);
        Tensor[] vInit = i % 3 != 1 ? pair(rand(r, n, -0.3, 0.9), n) : null;
        Tensor[] gy = pair(rand(r, t * n, -1, 1), t, n);
        Tensor[] gvs = pair(rand(r, t * n, -0.5, 0.5), t, n);
        Map<String, Tensor>[] o = runBoth(b -> {
          Backend be = b == 0 ? CPU : gpu;
          NeuronModelKernels m = NeuronModelKernels.on(be);
          Map<String, Tensor> out = new LinkedHashMap<>();
          for (String s : new String[] {"y", "h", "vSeq"}) {
            out.put(s, z(be, t, n));
          }
          out.put("vFinal", z(be, n));
          m.liafForward(spec, act, offset, x[b], pick(vInit, b), out.get("y"), out.get("h"), out.get("vSeq"),
              out.get("vFinal"));
          out.put("gradX", z(be, t, n));
          out.put("gradVInit", z(be, n));
          m.liafBackward(spec, act, offset, out.get("h"), pick(vInit, b), gy[b], gvs[b], out.get("gradX"),
              out.get("gradVInit"));
          return out;
        });
        compare("LIAF " + act + " offset " + offset + " " + spec, o[0], o[1]);
        i++;
      }
    }
    System.out.println("NeuronModelGpuParityTest LIAF: " + i + " configurations match the CPU");
  }

  @Test
  void izhikevichForwardAndBackwardMatchTheCpu() {
    IzhikevichDynamics dyn = new IzhikevichDynamics(2.0, 0.8, 1.0, -0.1, 0.05, 3.0, 0.3, 0.2);
    int i = 0;
    for (SurrogateFunction s : new SurrogateFunction[] {new Sigmoid(), new ATan()}) {
      for (boolean soft : new boolean[] {false, true}) {
        for (boolean detach : new boolean[] {false, true}) {
          NeuronSpec spec = new NeuronSpec(IfCharge.INSTANCE, s, 1.0, soft ? null : 0.0, detach);
          int t = 6;
          int n = 901;
          boolean init = i % 2 == 0;
          Random r = new Random(700 + i);
          Tensor[] x = seq(r, t, n, -0.5, 2.5, i == 5);
          Tensor[] vInit = init ? pair(rand(r, n, -0.3, 0.9), n) : null;
          Tensor[] wInit = init ? pair(rand(r, n, -0.2, 0.2), n) : null;
          Tensor[] gs = pair(rand(r, t * n, -1, 1), t, n);
          Tensor[] gvs = pair(rand(r, t * n, -0.5, 0.5), t, n);
          Tensor[] gwf = init ? pair(rand(r, n, -0.5, 0.5), n) : null;
          Map<String, Tensor>[] o = runBoth(b -> {
            Backend be = b == 0 ? CPU : gpu;
            NeuronModelKernels m = NeuronModelKernels.on(be);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String q : new String[] {"spike", "h", "wPrev", "vSeq"}) {
              out.put(q, z(be, t, n));
            }
            out.put("vFinal", z(be, n));
            out.put("wFinal", z(be, n));
            m.izhikevichForward(spec, dyn, x[b], pick(vInit, b), pick(wInit, b), out.get("spike"), out.get("h"),
                out.get("wPrev"), out.get("vSeq"), out.get("vFinal"), out.get("wFinal"));
            out.put("gradX", z(be, t, n));
            out.put("gradVInit", z(be, n));
            out.put("gradWInit", z(be, n));
            m.izhikevichBackward(spec, dyn, out.get("h"), out.get("wPrev"), pick(vInit, b), gs[b], gvs[b],
                pick(gwf, b), out.get("gradX"), out.get("gradVInit"), out.get("gradWInit"));
            return out;
          });
          compare("Izhikevich " + spec, o[0], o[1]);
          i++;
        }
      }
    }
    System.out.println("NeuronModelGpuParityTest Izhikevich: " + i + " configurations match the CPU");
  }

  private static Map<String, Tensor> snnTorch(Backend be, SnnTorchDynamics d, Tensor beta, Tensor x, Tensor uInit,
      Tensor iInit, Tensor gs, Tensor gus, Tensor gif, int t, int n) {
    NeuronModelKernels m = NeuronModelKernels.on(be);
    Map<String, Tensor> o = new LinkedHashMap<>();
    o.put("spike", z(be, t, n));
    o.put("uSeq", z(be, t, n));
    o.put("iFinal", z(be, n));
    m.snnTorchForward(d, beta, x, uInit, iInit, o.get("spike"), o.get("uSeq"), o.get("iFinal"));
    o.put("gradX", z(be, t, n));
    o.put("gradUInit", z(be, n));
    o.put("gradIInit", z(be, n));
    o.put("gradBeta", z(be, 1));
    m.snnTorchBackward(d, beta, o.get("uSeq"), uInit, gs, gus, gif, o.get("gradX"), o.get("gradUInit"),
        o.get("gradIInit"), o.get("gradBeta"));
    return o;
  }

  private void checkSnnTorch(SnnTorchDynamics d, Float beta, int t, int n, boolean init, long seed) {
    Random r = new Random(seed);
    Tensor[] bt = beta == null ? null : pair(new float[] {beta}, 1);
    Tensor[] x = seq(r, t, n, -0.5, 2.0, seed % 4 == 1);
    Tensor[] uInit = init ? pair(rand(r, n, -0.3, 1.4), n) : null;
    Tensor[] iInit = init && d.synaptic() ? pair(rand(r, n, -0.3, 0.9), n) : null;
    Tensor[] gs = pair(rand(r, t * n, -1, 1), t, n);
    Tensor[] gus = pair(rand(r, t * n, -0.5, 0.5), t, n);
    Tensor[] gif = init && d.synaptic() ? pair(rand(r, n, -0.5, 0.5), n) : null;
    Map<String, Tensor>[] o = runBoth(b -> snnTorch(b == 0 ? CPU : gpu, d, pick(bt, b), x[b], pick(uInit, b),
        pick(iInit, b), gs[b], gus[b], pick(gif, b), t, n));
    compare((d.synaptic() ? "Synaptic " : "Leaky ") + d.reset() + " " + d.spikeGrad() + " beta=" + beta, o[0], o[1]);
    double gb = o[1].get("gradBeta").toDoubleArray()[0];
    if (beta != null && (beta < 0 || beta > 1)) {
      assertEquals(0.0, gb, "no gradient through the clamp outside [0, 1]");
    } else if (!d.synaptic()) {
      assertTrue(gb != 0, "dL/dbeta is exercised");
    }
  }

  @Test
  void leakyAndSynapticMatchTheCpuForEveryResetMechanism() {
    int i = 0;
    for (ResetMechanism reset : ResetMechanism.values()) {
      for (SurrogateFunction s : new SurrogateFunction[] {new SnnTorchATan(), new FastSigmoid(), new Sigmoid()}) {
        checkSnnTorch(new SnnTorchDynamics(false, 0f, 0f, 1f, s, reset), i % 3 == 2 ? 1.25f : 0.85f, 5, 1033,
            i % 2 == 0, 800 + i);
        checkSnnTorch(new SnnTorchDynamics(true, 0.7f, 0.85f, 1f, s, reset), null, 5, 1033, i % 2 == 1, 900 + i);
        i++;
      }
    }
    System.out.println("NeuronModelGpuParityTest snnTorch: " + 2 * i + " configurations match the CPU");
  }

  @Test
  void manyNeuronsUseTheGridStrideLoopAndManyPartials() {
    // more neurons than the grid has threads (grid ≤ 32 blocks per SM); k and β partials over every block
    int n = 2_000_003;
    checkKlif(new NeuronSpec(new LifCharge(2.0, true, 0.0), new Sigmoid(), 1.0, 0.0, false), true, 2, n, true, false,
        1000);
    checkSnnTorch(new SnnTorchDynamics(false, 0f, 0f, 1f, new SnnTorchATan(), ResetMechanism.SUBTRACT), 0.9f, 2, n,
        true, 1001);
  }

  /**
   * The layers themselves moved to the GPU ({@code Module.to}): multi-step forward, backward through autograd, the
   * input's gradient and every parameter's (KLIF's k, Leaky's β) against the same layer on the CPU.
   */
  @Test
  void modelLayersMovedToTheGpuComputeWhatTheyComputeOnTheCpu() {
    List<Supplier<Module>> layers = List.of(
        () -> new KLIFNode(true, 2.0, true, 1.0, 0.0, new ATan(), false, 'm', false),
        () -> new KLIFNode(false, 3.0, false, 1.0, null, null, true, 'm', false),
        () -> new LIAFNode(LiafActivation.TANH, true, 2.0, true, 1.0, 0.0, null, false, 'm', false),
        () -> new IzhikevichNode().setStepMode('m'),
        () -> new Leaky(0.9).setStepMode('m'),
        () -> new Synaptic(0.7, 0.85).setStepMode('m'));
    int t = 4;
    int n = 3;
    int f = 50;
    Random r = new Random(1100);
    for (Supplier<Module> make : layers) {
      Module cpu = make.get();
      Module dev = make.get().to(gpu);
      float[] x = rand(r, t * n * f, -0.5, 2.5);
      float[] w = rand(r, t * n * f, -1, 1);
      Tensor xc = Tensor.fromArray(CPU, x.clone(), t, n, f).requiresGrad(true);
      Tensor xd = Tensor.fromArray(gpu, x.clone(), t, n, f).requiresGrad(true);
      Tensor oc = cpu.forward(xc);
      Tensor od = dev.forward(xd);
      oc.mul(Tensor.fromArray(CPU, w.clone(), t, n, f)).sum().backward();
      od.mul(Tensor.fromArray(gpu, w.clone(), t, n, f)).sum().backward();
      String what = cpu.getClass().getSimpleName();
      Map<String, Tensor> want = new LinkedHashMap<>();
      Map<String, Tensor> got = new LinkedHashMap<>();
      want.put("out", oc);
      got.put("out", od);
      want.put("gradX", xc.grad());
      got.put("gradX", xd.grad());
      for (Map.Entry<String, Tensor> e : cpu.namedParameters().entrySet()) {
        Tensor gd = dev.namedParameters().get(e.getKey()).grad();
        assertTrue(e.getValue().grad() != null && gd != null, what + " " + e.getKey() + " has a gradient");
        want.put(e.getValue().numel() == 1 ? "gradK" : "grad_" + e.getKey(), e.getValue().grad());
        got.put(e.getValue().numel() == 1 ? "gradK" : "grad_" + e.getKey(), gd);
      }
      compare(what, want, got);
    }
  }

  @Test
  void unshippedConfigurationsAndForeignTensorsAreRefused() {
    NeuronModelKernels m = NeuronModelKernels.on(gpu);
    assertTrue(m instanceof CudaNeuronModelKernels, "the CUDA backend registers its model kernels");
    NeuronSpec spec = new NeuronSpec(new LifCharge(2.0, true, 0.0), new Sigmoid(), 1.0, 0.0, false);
    Tensor k = Tensor.fromArray(gpu, new float[] {1f}, 1);
    assertThrows(IllegalArgumentException.class, () -> m.klifForward(spec, false, k, z(CPU, 2, 3), null,
        z(gpu, 2, 3), z(gpu, 2, 3), null, z(gpu, 3)));
    NeuronSpec erfPrimitive = new NeuronSpec(new LifCharge(2.0, true, 0.0), new Erf(2.0, false), 1.0, 0.0, false);
    assertThrows(UnsupportedOperationException.class, () -> m.klifForward(erfPrimitive, false, k, z(gpu, 2, 3), null,
        z(gpu, 2, 3), z(gpu, 2, 3), null, z(gpu, 3)));
  }
}
