package org.neurospark.gpu.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurospark.gpu.driver.KernelImages;
import org.neurospark.gpu.neuron.NeuronModelKernelSet;
import org.neurospark.snn.neuron.dynamics.AnalogActivation;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.SnnTorchDynamics;
import org.neurospark.snn.neuron.kernels.NeuronModelKernels;
import org.neurospark.snn.neuron.spec.CudaKernelEmitter;
import org.neurospark.snn.neuron.spec.CudaModelKernelEmitter;
import org.neurospark.snn.neuron.spec.ModelKernelConfig;
import org.neurospark.snn.neuron.spec.NeuronMath;
import org.neurospark.snn.neuron.spec.NeuronModel;
import org.neurospark.snn.neuron.spec.SurrogateSpec;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@link NeuronModelKernels} on the CUDA backend ({@link CudaBackend} registers an instance under
 * {@code NeuronModelKernels.class}): KLIF, LIAF, Izhikevich and snnTorch's Leaky/Synaptic on the fused kernels emitted
 * from snn-core's neuron spec at build time ({@link CudaModelKernelEmitter} → module
 * {@value NeuronModelKernelSet#MODULE}). One thread per neuron (grid-stride, 64-bit indices), time-major [T, N]
 * float32 sequences, the same argument conventions as {@link CudaNeuronKernels}: strided inputs are made contiguous
 * on the device, outputs must be contiguous, nothing is downloaded inside a call.
 *
 * <p>The learnable scalars never reach the host: KLIF's k and Leaky's β are one-element float32 tensors whose device
 * address the kernels read ({@code kValue}, {@code betaValue}; β clamped to [0, 1] on the device). Their gradients:
 * each block of the backward kernel writes its partial sum (fixed-order tree, float64), {@code ns_reduce_partials}
 * (one block) adds them in a fixed order, and the sum is rounded once into the one-element gradient tensor —
 * deterministic on a given device (the grid depends on the multiprocessor count), not bit-equal to the CPU's chunked
 * sum. Leaky's ∂L/∂β is 0 when the raw β lies outside [0, 1] (decided on the device).
 *
 * <p>A model configuration outside the jar's set (a surrogate not shipped, a non-spiking surrogate) fails with an
 * {@link UnsupportedOperationException} naming it; a missing or stale image with the loader's {@code CudaException}.
 */
public final class CudaNeuronModelKernels implements NeuronModelKernels {
  private final CudaBackend backend;
  private List<String> shippedList;
  private Set<String> shipped;

  CudaNeuronModelKernels(CudaBackend backend) {
    this.backend = backend;
  }

  /** The kernel names of the shipped module, in the order recorded in the jar. */
  public List<String> shippedKernels() {
    if (shipped == null) {
      shippedList = KernelImages.generatedKernelNames(NeuronModelKernelSet.MODULE);
      shipped = Set.copyOf(shippedList);
    }
    return shippedList;
  }

  // ---- planning (no device needed) ----

  private static SurrogateSpec surrogate(SurrogateFunction sf, String model) {
    if (!sf.spiking()) {
      throw new UnsupportedOperationException("neuron model kernels: no CUDA kernel for " + model + " with "
          + sf + ": only spiking surrogates (S the step function) are shipped");
    }
    return NeuronMath.surrogate(sf.getClass().getSimpleName());
  }

  /** KLIF's configuration. */
  static ModelKernelConfig klifConfig(NeuronSpec spec, boolean scaleReset) {
    return ModelKernelConfig.klif(CudaKernelEmitter.chargeSpec(spec.charge()), surrogate(spec.surrogate(), "KLIF"),
        spec.softReset(), spec.detachReset(), scaleReset);
  }

  /** LIAF's configuration. */
  static ModelKernelConfig liafConfig(NeuronSpec spec) {
    return ModelKernelConfig.liaf(CudaKernelEmitter.chargeSpec(spec.charge()), surrogate(spec.surrogate(), "LIAF"),
        spec.softReset(), spec.detachReset());
  }

  /** Izhikevich's configuration (the spec's charge is ignored). */
  static ModelKernelConfig izhikevichConfig(NeuronSpec spec) {
    return ModelKernelConfig.izhikevich(surrogate(spec.surrogate(), "Izhikevich"), spec.softReset(),
        spec.detachReset());
  }

  /** Leaky's or Synaptic's configuration. */
  static ModelKernelConfig snnTorchConfig(SnnTorchDynamics d) {
    return ModelKernelConfig.snnTorch(d.synaptic(), surrogate(d.spikeGrad(), d.synaptic() ? "Synaptic" : "Leaky"),
        d.reset());
  }

  /**
   * Checks that both kernels of {@code c} are shipped.
   *
   * @throws UnsupportedOperationException naming the model, its parameters, the configuration and the set
   */
  ModelKernelConfig require(ModelKernelConfig c, Object what) {
    shippedKernels();
    if (!shipped.contains(CudaModelKernelEmitter.forwardName(c))
        || !shipped.contains(CudaModelKernelEmitter.backwardName(c))) {
      String set = KernelImages.generatedSet(NeuronModelKernelSet.MODULE);
      throw new UnsupportedOperationException("neuron model kernels: no CUDA kernel for " + c.model() + " (" + what
          + "): configuration " + c.tag() + " is not in the shipped set '" + set + "' (gpu module built with "
          + "-Dgpu.neurons=" + set + "; rebuild it with -Dgpu.neurons=all, see gpu/README.md)");
    }
    return c;
  }

  /** The forward kernel's parameters, by name, in the emitted signature's order. */
  static List<String> forwardParams(ModelKernelConfig c) {
    List<String> p = new ArrayList<>(switch (c.model()) {
      case KLIF -> List.of("x", "vInit", "spike", "hSeq", "vSeq", "vFinal", "kValue");
      case LIAF -> List.of("x", "vInit", "y", "hSeq", "vSeq", "vFinal");
      case IZHIKEVICH -> List.of("x", "vInit", "wInit", "spike", "hSeq", "wPrevSeq", "vSeq", "vFinal", "wFinal");
      default -> List.of("x", "uInit", "iInit", "spike", "uSeq", "iFinal", "betaValue");
    });
    scalarParams(p, c);
    return p;
  }

  /** The backward kernel's parameters, by name, in the emitted signature's order. */
  static List<String> backwardParams(ModelKernelConfig c) {
    List<String> p = new ArrayList<>(switch (c.model()) {
      case KLIF -> List.of("hSeq", "vInit", "gradSpike", "gradVSeq", "gradVFinal", "gradX", "gradVInit", "kValue",
          "kPartial");
      case LIAF -> List.of("hSeq", "vInit", "gradY", "gradVSeq", "gradVFinal", "gradX", "gradVInit");
      case IZHIKEVICH -> List.of("hSeq", "wPrevSeq", "vInit", "gradSpike", "gradVSeq", "gradVFinal", "gradWFinal",
          "gradX", "gradVInit", "gradWInit");
      default -> List.of("uSeq", "uInit", "gradSpike", "gradUSeq", "gradIFinal", "gradX", "gradUInit", "gradIInit",
          "betaValue", "betaPartial");
    });
    scalarParams(p, c);
    return p;
  }

  private static void scalarParams(List<String> p, ModelKernelConfig c) {
    p.addAll(List.of("steps", "n"));
    if (c.model().snnTorch()) {
      p.addAll(List.of("threshold", "alpha", "beta"));
    } else {
      p.addAll(List.of("vThreshold", "vReset"));
      if (c.model() == NeuronModel.IZHIKEVICH) {
        for (String q : List.of("tau", "vC", "a0", "vRest", "wRest", "tauW", "a", "b")) {
          p.add("i_" + q);
        }
      } else {
        c.charge().params().forEach(q -> p.add("c_" + q));
      }
    }
    c.surrogate().params().forEach(q -> p.add("s_" + q));
    if (c.model() == NeuronModel.LIAF) {
      p.addAll(List.of("act", "offset"));
    }
  }

  /**
   * The argument list of {@code params}: {@code steps}/{@code n} as int64, {@code act} as int32, the names of
   * {@code scalars} as doubles, everything else a device address from {@code pointers} (absent = NULL).
   */
  static KernelArgs pack(List<String> params, Map<String, Long> pointers, long steps, long n,
      Map<String, Double> scalars, int act) {
    KernelArgs a = new KernelArgs();
    for (String p : params) {
      if (p.equals("steps")) {
        a.l(steps);
      } else if (p.equals("n")) {
        a.l(n);
      } else if (p.equals("act")) {
        a.i(act);
      } else if (scalars.containsKey(p)) {
        a.d(scalars.get(p));
      } else {
        a.l(pointers.getOrDefault(p, 0L));
      }
    }
    return a;
  }

  /** V_th, V_reset, the LIF charge's ({@code c_}) and the surrogate's ({@code s_}) parameters of {@code spec}. */
  static Map<String, Double> specScalars(NeuronSpec spec, ModelKernelConfig c, boolean charge) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("vThreshold", spec.vThreshold());
    m.put("vReset", spec.vInit());
    if (charge) {
      List<Double> cp = CudaKernelEmitter.chargeParams(spec.charge());
      for (int i = 0; i < cp.size(); i++) {
        m.put("c_" + c.charge().params().get(i), cp.get(i));
      }
    }
    surrogateScalars(m, spec.surrogate(), c);
    return m;
  }

  private static void surrogateScalars(Map<String, Double> m, SurrogateFunction sf, ModelKernelConfig c) {
    List<Double> sp = CudaKernelEmitter.surrogateParams(sf);
    for (int i = 0; i < sp.size(); i++) {
      if (sp.get(i) == null) {
        throw new IllegalArgumentException("surrogate " + sf + " has no value for parameter '"
            + c.surrogate().params().get(i) + "'");
      }
      m.put("s_" + c.surrogate().params().get(i), sp.get(i));
    }
  }

  /** Izhikevich's parameters as the kernels take them ({@code i_tau}, ..., {@code i_b}). */
  static Map<String, Double> izhikevichScalars(NeuronSpec spec, IzhikevichDynamics dyn, ModelKernelConfig c) {
    Map<String, Double> m = specScalars(spec, c, false);
    m.put("i_tau", dyn.tau());
    m.put("i_vC", dyn.vC());
    m.put("i_a0", dyn.a0());
    m.put("i_vRest", dyn.vRest());
    m.put("i_wRest", dyn.wRest());
    m.put("i_tauW", dyn.tauW());
    m.put("i_a", dyn.a());
    m.put("i_b", dyn.b());
    return m;
  }

  /** Leaky's/Synaptic's parameters (β: the fixed value, used when no β tensor is given). */
  static Map<String, Double> snnTorchScalars(SnnTorchDynamics d, ModelKernelConfig c) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("threshold", (double) d.threshold());
    m.put("alpha", (double) d.alpha());
    m.put("beta", (double) d.beta());
    surrogateScalars(m, d.spikeGrad(), c);
    return m;
  }

  // ---- launches ----

  /** The tensor arguments of a float32 launch over the [T, N] sequence {@code seq}. */
  private NeuronTensorArgs args(Tensor seq) {
    return new NeuronTensorArgs(backend, DType.FLOAT32, seq);
  }

  private void checkScalar(Tensor t, String what, boolean floatOnly) {
    if (t == null) {
      return;
    }
    backend.address(t);
    if (t.numel() != 1 || (floatOnly ? t.dtype() != DType.FLOAT32 : !t.dtype().isFloatingPoint())) {
      throw new IllegalArgumentException("CUDA neuron model kernels: " + what + " must be one " + (floatOnly
          ? "FLOAT32" : "floating") + " element, got " + t.numel() + " " + t.dtype());
    }
  }

  private static void requireK(Tensor k) {
    if (k == null) {
      throw new IllegalArgumentException("KLIF needs its k tensor");
    }
  }

  /** Launches the forward (or backward) kernel of {@code c} over the neurons of {@code a}. */
  private void launch(ModelKernelConfig c, boolean backward, NeuronTensorArgs a, Map<String, Double> scalars,
      int act) {
    Map<String, Long> ptr = a.pointers();
    String kernel = backward ? CudaModelKernelEmitter.backwardName(c) : CudaModelKernelEmitter.forwardName(c);
    List<String> params = backward ? backwardParams(c) : forwardParams(c);
    backend.launchGrid(NeuronModelKernelSet.MODULE, kernel, backend.gridFor(a.n()),
        pack(params, ptr, a.steps(), a.n(), scalars, act));
  }

  /** Runs a backward kernel with a per-block partial buffer when {@code grad} is wanted, then reduces into it. */
  private void backwardWithScalarGrad(ModelKernelConfig c, String partialName, NeuronTensorArgs a,
      Map<String, Double> scalars, Tensor grad) {
    Map<String, Long> ptr = a.pointers();
    int grid = backend.gridFor(a.n());
    Tensor partial = grad != null ? Tensor.zeros(backend, DType.FLOAT64, grid) : null;
    ptr.put(partialName, partial == null ? 0 : backend.address(partial));
    backend.launchGrid(NeuronModelKernelSet.MODULE, CudaModelKernelEmitter.backwardName(c), grid,
        pack(backwardParams(c), ptr, a.steps(), a.n(), scalars, 0));
    if (grad != null) {
      CudaNeuronKernels.reduce(backend, NeuronModelKernelSet.MODULE, partial, grid, grad);
    }
  }

  @Override
  public void klifForward(NeuronSpec spec, boolean scaleReset, Tensor k, Tensor x, Tensor vInit, Tensor spike,
      Tensor h, Tensor vSeq, Tensor vFinal) {
    ModelKernelConfig c = require(klifConfig(spec, scaleReset), spec + ", scale_reset=" + scaleReset);
    NeuronTensorArgs a = args(x).seqIn("x", x).stateIn("vInit", vInit).seqOut("spike", spike)
        .seqOut("hSeq", "h", h).seqOut("vSeq", vSeq).stateOut("vFinal", vFinal);
    checkScalar(k, "k", true);
    requireK(k);
    if (a.n() == 0) {
      return;
    }
    launch(c, false, a.checkedIn("kValue", k), specScalars(spec, c, true), 0);
  }

  @Override
  public void klifBackward(NeuronSpec spec, boolean scaleReset, Tensor k, Tensor h, Tensor vInit, Tensor gradSpike,
      Tensor gradVSeq, Tensor gradX, Tensor gradVInit, Tensor gradK) {
    ModelKernelConfig c = require(klifConfig(spec, scaleReset), spec + ", scale_reset=" + scaleReset);
    NeuronTensorArgs a = args(h).seqIn("hSeq", "h", h).stateIn("vInit", vInit).seqIn("gradSpike", gradSpike)
        .seqIn("gradVSeq", gradVSeq).seqOut("gradX", gradX).stateOut("gradVInit", gradVInit);
    checkScalar(k, "k", true);
    checkScalar(gradK, "gradK", false);
    requireK(k);
    if (a.n() == 0) {
      if (gradK != null) {
        backend.fill(gradK, 0);
      }
      return;
    }
    backwardWithScalarGrad(c, "kPartial", a.checkedIn("kValue", k), specScalars(spec, c, true), gradK);
  }

  private static Map<String, Double> liafScalars(NeuronSpec spec, ModelKernelConfig c, float offset) {
    Map<String, Double> m = specScalars(spec, c, true);
    m.put("offset", (double) offset);
    return m;
  }

  @Override
  public void liafForward(NeuronSpec spec, AnalogActivation act, float offset, Tensor x, Tensor vInit, Tensor y,
      Tensor h, Tensor vSeq, Tensor vFinal) {
    ModelKernelConfig c = require(liafConfig(spec), spec + ", " + act);
    NeuronTensorArgs a = args(x).seqIn("x", x).stateIn("vInit", vInit).seqOut("y", y).seqOut("hSeq", "h", h)
        .seqOut("vSeq", vSeq).stateOut("vFinal", vFinal);
    if (a.n() == 0) {
      return;
    }
    launch(c, false, a, liafScalars(spec, c, offset), act.ordinal());
  }

  @Override
  public void liafBackward(NeuronSpec spec, AnalogActivation act, float offset, Tensor h, Tensor vInit,
      Tensor gradY, Tensor gradVSeq, Tensor gradX, Tensor gradVInit) {
    ModelKernelConfig c = require(liafConfig(spec), spec + ", " + act);
    NeuronTensorArgs a = args(h).seqIn("hSeq", "h", h).stateIn("vInit", vInit).seqIn("gradY", gradY)
        .seqIn("gradVSeq", gradVSeq).seqOut("gradX", gradX).stateOut("gradVInit", gradVInit);
    if (a.n() == 0) {
      return;
    }
    launch(c, true, a, liafScalars(spec, c, offset), act.ordinal());
  }

  @Override
  public void izhikevichForward(NeuronSpec spec, IzhikevichDynamics dyn, Tensor x, Tensor vInit, Tensor wInit,
      Tensor spike, Tensor h, Tensor wPrev, Tensor vSeq, Tensor vFinal, Tensor wFinal) {
    ModelKernelConfig c = require(izhikevichConfig(spec), spec);
    NeuronTensorArgs a = args(x).seqIn("x", x).stateIn("vInit", vInit).stateIn("wInit", wInit)
        .seqOut("spike", spike).seqOut("hSeq", "h", h).seqOut("wPrevSeq", "wPrev", wPrev).seqOut("vSeq", vSeq)
        .stateOut("vFinal", vFinal).stateOut("wFinal", wFinal);
    if (a.n() == 0) {
      return;
    }
    launch(c, false, a, izhikevichScalars(spec, dyn, c), 0);
  }

  @Override
  public void izhikevichBackward(NeuronSpec spec, IzhikevichDynamics dyn, Tensor h, Tensor wPrev, Tensor vInit,
      Tensor gradSpike, Tensor gradVSeq, Tensor gradWFinal, Tensor gradX, Tensor gradVInit, Tensor gradWInit) {
    ModelKernelConfig c = require(izhikevichConfig(spec), spec);
    NeuronTensorArgs a = args(h).seqIn("hSeq", "h", h).seqIn("wPrevSeq", "wPrev", wPrev).stateIn("vInit", vInit)
        .seqIn("gradSpike", gradSpike).seqIn("gradVSeq", gradVSeq).stateIn("gradWFinal", gradWFinal)
        .seqOut("gradX", gradX).stateOut("gradVInit", gradVInit).stateOut("gradWInit", gradWInit);
    if (a.n() == 0) {
      return;
    }
    launch(c, true, a, izhikevichScalars(spec, dyn, c), 0);
  }

  @Override
  public void snnTorchForward(SnnTorchDynamics d, Tensor beta, Tensor x, Tensor uInit, Tensor iInit, Tensor spike,
      Tensor uSeq, Tensor iFinal) {
    ModelKernelConfig c = require(snnTorchConfig(d), d);
    NeuronTensorArgs a = args(x).seqIn("x", x).stateIn("uInit", uInit).stateIn("iInit", iInit)
        .seqOut("spike", spike).seqOut("uSeq", uSeq).stateOut("iFinal", iFinal);
    checkScalar(beta, "beta", true);
    if (a.n() == 0) {
      return;
    }
    launch(c, false, a.checkedIn("betaValue", beta), snnTorchScalars(d, c), 0);
  }

  @Override
  public void snnTorchBackward(SnnTorchDynamics d, Tensor beta, Tensor uSeq, Tensor uInit, Tensor gradSpike,
      Tensor gradUSeq, Tensor gradIFinal, Tensor gradX, Tensor gradUInit, Tensor gradIInit, Tensor gradBeta) {
    ModelKernelConfig c = require(snnTorchConfig(d), d);
    NeuronTensorArgs a = args(uSeq).seqIn("uSeq", uSeq).stateIn("uInit", uInit).seqIn("gradSpike", gradSpike)
        .seqIn("gradUSeq", gradUSeq).stateIn("gradIFinal", gradIFinal).seqOut("gradX", gradX)
        .stateOut("gradUInit", gradUInit).stateOut("gradIInit", gradIInit);
    checkScalar(beta, "beta", true);
    checkScalar(gradBeta, "gradBeta", false);
    if (a.n() == 0) {
      if (gradBeta != null) {
        backend.fill(gradBeta, 0);
      }
      return;
    }
    backwardWithScalarGrad(c, "betaPartial", a.checkedIn("betaValue", beta), snnTorchScalars(d, c), gradBeta);
  }
}
