package org.neurospark.snn.neuron;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.io.StEntry;
import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.neuron.kernels.NeuronModelKernels;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Tensor;

/**
 * SpikingJelly's {@code BaseNode}: a layer of spiking neurons, as a {@link Module}, with membrane potential state V
 * of the input step's shape (fixed by the first input until {@link #reset()}). Each call charges, fires and resets
 * ({@link NeuronSpec}); in step mode 's' the input is one step [N, ...], in 'm' a sequence [T, N, ...]. The whole
 * call is one fused autograd op ({@link NodeFunction}: multi-step kernels with closed-form BPTT), so gradients flow
 * through V across calls until {@link #reset()} / {@link #detach()}, and into the learnable scalar (PLIF {@code w},
 * KLIF {@code k}), a parameter under SpikingJelly's name saved as a 0-dim tensor. Outputs are spikes in {0, 1}
 * (LIAF: its analog output) of the input's shape; float32, or float64 for IF/LIF/PLIF/QIF/EIF (gradient checks).
 *
 * <p>V starts at V_reset (0 for soft reset, {@code vReset == null}). {@code storeVSeq} keeps V after every step of
 * the last multi-step call ({@link #vSeq()}).
 *
 * <p>Every model runs on the input's backend through its fused kernels: IF, LIF, PLIF, QIF and EIF through
 * {@link NeuronKernels}, KLIF, LIAF and Izhikevich through {@link NeuronModelKernels} (so they move with
 * {@link Module#to(Backend)} to any backend that provides them; the host never reads a state, H or the scalar).
 */
public abstract class BaseNode extends Module implements HasAttributes {
  protected final double vThreshold;
  protected final Double vReset;
  protected final SurrogateFunction surrogate;
  protected final boolean detachReset;
  private boolean storeVSeq;
  private Tensor v;
  private Tensor vSeq;
  private Tensor lastH;
  /** Cache of {@link #defaultKernels()}. */
  private Boolean defaultKernels;

  protected BaseNode(double vThreshold, Double vReset, SurrogateFunction surrogate, boolean detachReset,
      char stepMode, boolean storeVSeq) {
    if (!Double.isFinite(vThreshold)) {
      throw new IllegalArgumentException("v_threshold must be finite, got " + vThreshold);
    }
    if (vReset != null && !Double.isFinite(vReset)) {
      throw new IllegalArgumentException("v_reset must be finite or null (soft reset), got " + vReset);
    }
    this.vThreshold = vThreshold;
    this.vReset = vReset;
    this.surrogate = surrogate == null ? new Sigmoid() : surrogate;
    this.detachReset = detachReset;
    this.storeVSeq = storeVSeq;
    setOwnStepMode(stepMode);
  }

  /** The model's charge equation with its current parameters. */
  protected abstract ChargeFunction chargeFunction();

  /** The current charge/fire/reset equations. */
  public NeuronSpec spec() {
    return new NeuronSpec(chargeFunction(), surrogate, vThreshold, vReset, detachReset);
  }

  public double vThreshold() {
    return vThreshold;
  }

  /** V_reset, or null for soft reset. */
  public Double vReset() {
    return vReset;
  }

  public SurrogateFunction surrogate() {
    return surrogate;
  }

  public boolean detachReset() {
    return detachReset;
  }

  public boolean storeVSeq() {
    return storeVSeq;
  }

  public void setStoreVSeq(boolean on) {
    this.storeVSeq = on;
  }

  /** Registers the model's learnable scalar (shape [1], float32) under {@code name}. */
  protected ScalarParameter addScalarParameter(String name, float value) {
    ScalarParameter p = new ScalarParameter(name, value);
    registerParameter(name, p.tensor());
    p.bind(() -> ownParameters().get(name));
    return p;
  }

  /** Current V [N, ...] (in the autograd graph while training), or null before the first input. */
  public Tensor v() {
    return v;
  }

  /** V after reset at every step of the last multi-step call [T, N, ...] when {@link #storeVSeq()}; else null. */
  public Tensor vSeq() {
    return vSeq;
  }

  @Override
  public Set<String> attributeNames() {
    return Set.of("v", "v_seq");
  }

  /** {@code v}: current V [N, ...]; {@code v_seq}: V after each step of the last multi-step call [T, N, ...]. */
  @Override
  public Tensor attribute(String name) {
    switch (name) {
      case "v":
        return v;
      case "v_seq":
        return vSeq;
      default:
        throw new IllegalArgumentException(getClass().getSimpleName() + " has no attribute '" + name
            + "'; known: " + attributeNames());
    }
  }

  /** Initial value of V: V_reset, or 0 for soft reset. */
  public float vInitValue() {
    return vReset == null ? 0f : vReset.floatValue();
  }

  @Override
  protected void resetState() {
    v = null;
    vSeq = null;
    lastH = null;
  }

  @Override
  protected void detachState() {
    if (v != null) {
      v = v.detach();
    }
  }

  /**
   * The value the threshold was compared with at each step of the most recent float32 call (H for most models,
   * F = ReLU(k·H) for KLIF, with k's current value), [T, N]; null before the first call. Downloads H (diagnostics
   * only, e.g. to find threshold ties in conformance checks).
   */
  public float[] lastFireInput() {
    return lastH == null ? null : fireInput(lastH.toFloatArray());
  }

  /** Records H of a float32 call (read back only by {@link #lastFireInput()}). */
  void recordFireInput(Tensor h) {
    lastH = h;
  }

  /** The fire input computed from H (default H itself); may overwrite {@code h}. */
  protected float[] fireInput(float[] h) {
    return h;
  }

  /**
   * Runs the layer on {@code x} ([N, ...] in step mode 's', [T, N, ...] in 'm'), recorded in the autograd graph
   * through V and the learnable scalar.
   */
  @Override
  protected Tensor doForward(Tensor x) {
    boolean multi = stepMode() == 'm';
    Tensor xs = multi ? x : x.unsqueeze(0);
    if (xs.dim() < 1 || xs.shape()[0] < 1) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": need input [T >= 1, N, ...], got "
          + Arrays.toString(x.shape()));
    }
    int[] stepShape = Arrays.copyOfRange(xs.shape(), 1, xs.dim());
    checkStateShape(v, stepShape);
    ScalarParameter p = thetaParameter();
    // V after every step is an output only when kept (storeVSeq) or when the node's own kernels need its gradient
    boolean seq = storeVSeq || !defaultKernels();
    Tensor[] out = new NodeFunction(this, seq).apply(xs, v, p == null ? null : p.tensor());
    int t = xs.shape()[0];
    v = seq ? out[1].select(0, t - 1) : out[1];
    if (multi) {
      vSeq = storeVSeq ? out[1] : null;
      return out[0];
    }
    return out[0].squeeze(0);
  }

  /** Throws unless {@code state} is null or has the input step's shape. */
  protected void checkStateShape(Tensor state, int[] stepShape) {
    if (state != null && !Arrays.equals(state.shape(), stepShape)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": input step shape "
          + Arrays.toString(stepShape) + " differs from the state's " + Arrays.toString(state.shape())
          + "; call reset() between inputs of different shape");
    }
  }

  /** Records what a multi-step call computed (for {@link #vSeq()} of models with their own op). */
  protected void setState(Tensor vNow, Tensor vSeqOrNull) {
    this.v = vNow;
    this.vSeq = vSeqOrNull;
  }

  /** The model's learnable scalar (PLIF w, KLIF k), or null. */
  protected ScalarParameter thetaParameter() {
    return null;
  }

  /** Whether float64 inputs are accepted (models on the generic kernel). */
  protected boolean supportsFloat64() {
    return true;
  }

  /**
   * The fused multi-step forward on the input's backend, called by the layer's autograd op: writes the output
   * (spikes; LIAF: analog), H, V after every step and after the last one. Arguments as
   * {@link NeuronKernels#forward}; {@code spec} is {@link #kernelSpec()} taken once per call. Default: the
   * backend's {@link NeuronKernels}.
   */
  protected void kernelForward(NeuronSpec spec, Tensor theta, Tensor x, Tensor vInit, Tensor out, Tensor h,
      Tensor vSeq, Tensor vFinal) {
    neuronKernels(x.backend()).forward(spec, theta, x, vInit, out, h, vSeq, vFinal);
  }

  /**
   * Backward through {@link #kernelForward}: from ∂L/∂output and ∂L/∂V[t], gradients of X, V[−1] and the learnable
   * scalar (nullable: not wanted). Arguments as {@link NeuronKernels#backward}.
   */
  protected void kernelBackward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradOut,
      Tensor gradVSeq, Tensor gradX, Tensor gradVInit, Tensor gradTheta) {
    neuronKernels(h.backend()).backward(spec, theta, h, vInit, gradOut, gradVSeq, null, gradX, gradVInit,
        gradTheta);
  }

  /**
   * Backward through the default {@link #kernelForward} with ∂L/∂V after the last step ({@code gradVFinal}, [N])
   * instead of after every step; nulls are zeros. Used when V after every step is not an output of the op.
   */
  final void defaultKernelBackward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradOut,
      Tensor gradVFinal, Tensor gradX, Tensor gradVInit, Tensor gradTheta) {
    neuronKernels(h.backend()).backward(spec, theta, h, vInit, gradOut, null, gradVFinal, gradX, gradVInit,
        gradTheta);
  }

  /** True when this class runs the default {@link #kernelForward} and {@link #kernelBackward} (not its own). */
  final boolean defaultKernels() {
    Boolean d = defaultKernels;
    if (d == null) {
      d = declaredHere("kernelForward", NeuronSpec.class, Tensor.class, Tensor.class, Tensor.class, Tensor.class,
          Tensor.class, Tensor.class, Tensor.class)
          && declaredHere("kernelBackward", NeuronSpec.class, Tensor.class, Tensor.class, Tensor.class,
          Tensor.class, Tensor.class, Tensor.class, Tensor.class, Tensor.class);
      defaultKernels = d;
    }
    return d;
  }

  /** Whether the most derived declaration of method {@code name(types)} is BaseNode's. */
  private boolean declaredHere(String name, Class<?>... types) {
    for (Class<?> c = getClass(); c != BaseNode.class; c = c.getSuperclass()) {
      try {
        c.getDeclaredMethod(name, types);
        return false;
      } catch (NoSuchMethodException e) {
        // not overridden in c: look further up
      }
    }
    return true;
  }

  /** Whether {@link #kernelForward}/{@link #kernelBackward} can run on {@code backend}. */
  protected boolean kernelsRunOn(Backend backend) {
    return NeuronKernels.on(backend) != null;
  }

  /** The backend's {@link NeuronModelKernels}, or an exception naming the model and the backend. */
  static NeuronModelKernels modelKernels(String model, Backend b) {
    NeuronModelKernels k = NeuronModelKernels.on(b);
    if (k == null) {
      throw new UnsupportedOperationException(model + ": backend " + b.name() + " provides no kernels for it");
    }
    return k;
  }

  private NeuronKernels neuronKernels(Backend b) {
    NeuronKernels k = NeuronKernels.on(b);
    if (k == null) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + ": backend " + b.name()
          + " provides no neuron kernels");
    }
    return k;
  }

  /**
   * The spec given to the backend kernels; the learnable scalar, if any, is bound by the kernel from the
   * parameter tensor ({@link NeuronKernels}), so this need not read it. Default {@link #spec()}.
   */
  protected NeuronSpec kernelSpec() {
    return spec();
  }

  /** Runs on any backend providing the model's kernels ({@link #kernelsRunOn}); the CPU provides all. */
  @Override
  protected boolean runsOn(Backend backend) {
    return kernelsRunOn(backend);
  }

  /** The learnable scalar is kept as it is by {@link Module#to} (the kernels run in float32). */
  @Override
  protected boolean convertsParameters() {
    return false;
  }

  /** Saves the learnable scalar as a 0-dim tensor, like SpikingJelly's {@code nn.Parameter(torch.as_tensor(w))}. */
  @Override
  protected void saveOwn(String prefix, SafeTensors st) {
    for (Map.Entry<String, Tensor> e : ownParameters().entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      Tensor t = e.getValue();
      StEntry full = StEntry.of(t.detach());
      st.put(key, t.numel() == 1 ? full.withShape() : full);
    }
  }

  /** SpikingJelly-like repr fields. */
  @Override
  protected String extraRepr() {
    return "v_threshold=" + vThreshold + ", v_reset=" + (vReset == null ? "None" : vReset) + ", detach_reset="
        + (detachReset ? "True" : "False") + ", step_mode=" + stepMode() + ", backend=torch";
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + extraRepr() + "\n  (surrogate_function): " + surrogate + "\n)";
  }

  static double requireTau(String model, double tau) {
    if (!(tau > 1.0)) {
      throw new IllegalArgumentException(model + ": tau must be > 1, got " + tau);
    }
    return tau;
  }

  static <T> T nonNull(T t, String what) {
    return Objects.requireNonNull(t, what);
  }
}
