package org.neurospark.gpu.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurospark.gpu.driver.KernelImages;
import org.neurospark.gpu.neuron.NeuronKernelSet;
import org.neurospark.gpu.neuron.NeuronLaunch;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * The fused multi-step neuron kernels on the CUDA backend ({@link CudaBackend} registers an instance under
 * {@link NeuronKernels}). The kernels are emitted from snn-core's neuron spec at build time
 * ({@link org.neurospark.gpu.neuron.NeuronKernelGenerator} → {@code build-kernels.sh} → module
 * {@value NeuronKernelSet#MODULE}); this class maps a {@link NeuronSpec} to its kernel and arguments
 * ({@link NeuronLaunch}) and launches it on the tensors' device addresses. One thread per neuron (grid-stride),
 * time-major [T, N] sequences, float32 or float64.
 *
 * <p>PLIF's θ (w) never reaches the host: {@code ns_plif_decay} computes decay = sigmoid(w) on the device (in double,
 * rounded to float for a float32 module, as the CPU does; the device's double {@code exp} may differ from Java's by
 * an ulp) into a one-element buffer that the neuron kernels read through their {@code thetaValue} argument. ∂L/∂θ: each block of
 * the backward kernel writes its partial sum (fixed-order tree, float64) into a buffer from the backend's allocator,
 * then {@code ns_reduce_partials} (one block) adds them in a fixed order: deterministic on a given device (the grid
 * size depends on the multiprocessor count), not bit-equal to the CPU's chunked sum.
 *
 * <p>A spec whose configuration is not in the jar's set fails with an {@link UnsupportedOperationException} naming
 * it; a missing or stale kernel image fails with the loader's {@code CudaException}.
 */
public final class CudaNeuronKernels implements NeuronKernels {
  private final CudaBackend backend;
  private List<String> shippedList;
  private Set<String> shipped;

  CudaNeuronKernels(CudaBackend backend) {
    this.backend = backend;
  }

  /** The backend these kernels run on. */
  public CudaBackend backend() {
    return backend;
  }

  /** The kernel names of the shipped module (read once from the jar). */
  private Set<String> shipped() {
    if (shipped == null) {
      shippedList = KernelImages.generatedKernelNames(NeuronKernelSet.MODULE);
      shipped = Set.copyOf(shippedList);
    }
    return shipped;
  }

  /**
   * The launch of {@code spec} in {@code dtype} on this jar's kernels, with θ taken as given ({@link #forward} binds
   * it from its tensor first).
   *
   * @throws UnsupportedOperationException when the configuration is not shipped (the message names the spec)
   */
  public NeuronLaunch plan(NeuronSpec spec, DType dtype) {
    NeuronLaunch l = NeuronLaunch.of(spec, fp32(dtype));
    return l.requireIn(shipped(), KernelImages.generatedSet(NeuronKernelSet.MODULE), spec);
  }

  private static boolean fp32(DType dtype) {
    if (dtype == DType.FLOAT32) {
      return true;
    }
    if (dtype == DType.FLOAT64) {
      return false;
    }
    throw new IllegalArgumentException("CUDA neuron kernels run on FLOAT32 or FLOAT64 tensors, got " + dtype);
  }

  /**
   * PLIF's decay computed from the one-element θ tensor on the device, into a fresh one-element float64 tensor
   * (released by the caller after its launches; stream order keeps it alive until they ran), or null when the spec
   * has no learnable charge or no θ is given.
   */
  private Tensor thetaValue(NeuronSpec spec, Tensor theta) {
    if (theta == null || !(spec.charge() instanceof ParametricLifCharge p)) {
      return null;
    }
    if (theta.numel() != 1 || !theta.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("theta must be one floating element, got " + theta.numel() + " "
          + theta.dtype());
    }
    boolean f64 = theta.dtype() == DType.FLOAT64;
    if (!f64 && theta.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException("theta must be FLOAT32 or FLOAT64, got " + theta.dtype());
    }
    Tensor out = Tensor.zeros(backend, DType.FLOAT64, 1);
    long w = in(theta);
    backend.launchGrid(NeuronKernelSet.MODULE, NeuronLaunch.PLIF_DECAY, 1, new KernelArgs().l(f64 ? 0 : w)
        .l(f64 ? w : 0).i(p.fp32() ? 1 : 0).l(out(out)));
    return out;
  }

  private static boolean learnable(NeuronLaunch l) {
    return l.config().charge().dHdTheta() != null;
  }

  static int steps(Tensor seq) {
    if (seq.dim() < 1 || seq.shape()[0] < 1) {
      throw new IllegalArgumentException("need a sequence [T >= 1, N, ...]");
    }
    return seq.shape()[0];
  }

  /**
   * Checks a nullable kernel argument: on {@code backend}, of {@code dtype}, {@code numel} elements, contiguous when
   * an output.
   */
  static void check(CudaBackend backend, Tensor t, String what, DType dtype, long numel, boolean output) {
    if (t == null) {
      return;
    }
    backend.address(t); // throws naming the backend when t is not on this one
    if (t.dtype() != dtype) {
      throw new IllegalArgumentException("CUDA neuron kernels: " + what + " is " + t.dtype() + ", expected " + dtype);
    }
    if (t.numel() != numel) {
      throw new IllegalArgumentException("CUDA neuron kernels: " + what + " has " + t.numel() + " elements, expected "
          + numel);
    }
    if (output && !t.isContiguous()) {
      throw new IllegalArgumentException("CUDA neuron kernels: output " + what + " must be contiguous");
    }
  }

  /** The device address of an input, copied to a contiguous tensor first when it is a strided view; 0 for null. */
  private long in(Tensor t) {
    return in(backend, t);
  }

  /** The device address of an input, copied to a contiguous tensor first when it is a strided view; 0 for null. */
  static long in(CudaBackend backend, Tensor t) {
    if (t == null) {
      return 0;
    }
    if (!t.isContiguous()) {
      Tensor c = Tensor.zeros(backend, t.dtype(), t.shape());
      backend.copy(t, c);
      t = c;
    }
    return backend.address(t);
  }

  private long out(Tensor t) {
    return t == null ? 0 : backend.address(t);
  }

  /** The forward kernel's parameters, by name, in the emitted signature's order. */
  static List<String> forwardParams(NeuronLaunch l) {
    List<String> p = new ArrayList<>(List.of("x", "vInit", "spike", "hSeq", "vSeq", "vFinal"));
    scalarParams(p, l);
    if (learnable(l)) {
      p.add("thetaValue");
    }
    return p;
  }

  /** The backward kernel's parameters, by name, in the emitted signature's order. */
  static List<String> backwardParams(NeuronLaunch l) {
    List<String> p = new ArrayList<>(List.of("hSeq", "vInit", "gradSpike", "gradVSeq", "gradVFinal", "gradH", "gradX",
        "gradVInit"));
    scalarParams(p, l);
    if (learnable(l)) {
      p.add("thetaValue");
    }
    p.add("thetaPartial");
    return p;
  }

  private static void scalarParams(List<String> p, NeuronLaunch l) {
    p.addAll(List.of("steps", "n", "vThreshold", "vReset"));
    l.config().charge().params().forEach(c -> p.add("c_" + c));
    l.config().surrogate().params().forEach(c -> p.add("s_" + c));
  }

  /**
   * The argument list of {@code params}: device addresses from {@code pointers} (absent = NULL) as 64-bit values,
   * {@code steps}/{@code n} as int64, V_th, V_reset and the charge ({@code c_}) and surrogate ({@code s_})
   * parameters as doubles.
   */
  static KernelArgs pack(List<String> params, Map<String, Long> pointers, long steps, long n, NeuronLaunch l) {
    KernelArgs a = new KernelArgs();
    List<String> cp = l.config().charge().params();
    List<String> sp = l.config().surrogate().params();
    for (String p : params) {
      if (p.equals("steps")) {
        a.l(steps);
      } else if (p.equals("n")) {
        a.l(n);
      } else if (p.equals("vThreshold")) {
        a.d(l.vThreshold());
      } else if (p.equals("vReset")) {
        a.d(l.vReset());
      } else if (p.startsWith("c_") && cp.contains(p.substring(2))) {
        a.d(l.chargeParams().get(cp.indexOf(p.substring(2))));
      } else if (p.startsWith("s_") && sp.contains(p.substring(2))) {
        a.d(l.surrogateParams().get(sp.indexOf(p.substring(2))));
      } else {
        a.l(pointers.getOrDefault(p, 0L));
      }
    }
    return a;
  }

  @Override
  public void forward(NeuronSpec spec, Tensor theta, Tensor x, Tensor vInit, Tensor spike, Tensor h, Tensor vSeq,
      Tensor vFinal) {
    DType dt = x.dtype();
    NeuronLaunch l = plan(spec, dt);
    NeuronTensorArgs a = new NeuronTensorArgs(backend, dt, x).seqIn("x", x).stateIn("vInit", vInit)
        .seqOut("spike", spike).seqOut("hSeq", "h", h).seqOut("vSeq", vSeq).stateOut("vFinal", vFinal);
    if (a.n() == 0) {
      return;
    }
    Map<String, Long> ptr = a.pointers();
    Tensor tv = thetaValue(spec, theta);
    ptr.put("thetaValue", out(tv));
    backend.launchGrid(NeuronKernelSet.MODULE, l.forward(), backend.gridFor(a.n()),
        pack(forwardParams(l), ptr, a.steps(), a.n(), l));
    if (tv != null) {
      tv.storage().release();
    }
  }

  @Override
  public void backward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradSpike, Tensor gradVSeq,
      Tensor gradVFinal, Tensor gradX, Tensor gradVInit, Tensor gradTheta) {
    DType dt = h.dtype();
    NeuronLaunch l = plan(spec, dt);
    NeuronTensorArgs a = new NeuronTensorArgs(backend, dt, h).seqIn("hSeq", "h", h).stateIn("vInit", vInit)
        .seqIn("gradSpike", gradSpike).seqIn("gradVSeq", gradVSeq).stateIn("gradVFinal", gradVFinal)
        .seqOut("gradX", gradX).stateOut("gradVInit", gradVInit);
    if (gradTheta != null) {
      backend.address(gradTheta);
      if (gradTheta.numel() != 1 || !gradTheta.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException("gradTheta must be one floating element, got " + gradTheta.numel() + " "
            + gradTheta.dtype());
      }
    }
    if (a.n() == 0) {
      if (gradTheta != null) {
        backend.fill(gradTheta, 0);
      }
      return;
    }
    int grid = backend.gridFor(a.n());
    boolean reduce = gradTheta != null && l.learnable();
    Tensor partial = reduce ? Tensor.zeros(backend, DType.FLOAT64, grid) : null;
    Map<String, Long> ptr = a.pointers();
    ptr.put("thetaPartial", out(partial)); // gradH: NULL (no gradient flows into H from outside)
    Tensor tv = thetaValue(spec, theta);
    ptr.put("thetaValue", out(tv));
    backend.launchGrid(NeuronKernelSet.MODULE, l.backward(), grid, pack(backwardParams(l), ptr, a.steps(), a.n(), l));
    if (tv != null) {
      tv.storage().release();
    }
    if (gradTheta == null) {
      return;
    }
    if (!reduce) {
      backend.fill(gradTheta, 0);
      return;
    }
    reduce(backend, NeuronKernelSet.MODULE, partial, grid, gradTheta);
  }

  /**
   * Sums {@code grid} float64 partials with {@code module}'s {@code ns_reduce_partials} (one block, fixed order) into
   * the one-element {@code grad} (float64 directly, else through a float64 temporary rounded once, as the CPU does),
   * then releases the partials.
   */
  static void reduce(CudaBackend backend, String module, Tensor partial, int grid, Tensor grad) {
    Tensor sum = grad.dtype() == DType.FLOAT64 ? grad : Tensor.zeros(backend, DType.FLOAT64, 1);
    backend.launchGrid(module, NeuronLaunch.REDUCE, 1,
        new KernelArgs().l(backend.address(partial)).l(grid).l(backend.address(sum)));
    if (sum != grad) {
      backend.copy(sum.reshape(grad.shape()), grad);
      sum.storage().release();
    }
    partial.storage().release();
  }

  /** The kernel names {@link #plan} may return, in the order recorded in the jar. */
  public List<String> shippedKernels() {
    shipped();
    return shippedList;
  }
}
