package org.neurospark.snn.neuron;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.io.StEntry;
import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.MultiStepKernel;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.Cpu;

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
 * <p>IF, LIF, PLIF, QIF and EIF run on the input's backend through its {@link NeuronKernels} (so they move with
 * {@link Module#to(org.neurospark.snn.tensor.Backend)} to any backend that provides them); models overriding
 * {@link #forwardKernel}/{@link #backwardKernel} (KLIF, LIAF, Izhikevich) run those host-array kernels on the CPU.
 */
public abstract class BaseNode extends Module implements HasAttributes {
  /** What one kernel call saved for its backward. */
  protected static final class Record {
    public final int t;
    public final int n;
    public final NeuronSpec spec;
    /** V before the call, or null if every neuron started at {@link NeuronSpec#vInit()}. */
    public final float[] vInit;
    /** H[t], [T, N]. */
    public final float[] h;
    /** Model-specific saved values (KLIF: k at forward time), or null. */
    public float[] extra;

    public Record(int t, int n, NeuronSpec spec, float[] vInit, float[] h) {
      this.t = t;
      this.n = n;
      this.spec = spec;
      this.vInit = vInit;
      this.h = h;
    }
  }

  protected final double vThreshold;
  protected final Double vReset;
  protected final SurrogateFunction surrogate;
  protected final boolean detachReset;
  private boolean storeVSeq;
  private Tensor v;
  private Tensor vSeq;
  private Record lastRecord;
  private Tensor lastH;

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
    lastRecord = null;
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
   * F = ReLU(k·H) for KLIF), [T, N]; null before the first call.
   */
  public float[] lastFireInput() {
    if (lastH != null) {
      return lastH.toFloatArray();
    }
    return lastRecord == null ? null : fireInput(lastRecord);
  }

  /** Records H of a float32 call on the backend kernels (read back only by {@link #lastFireInput()}). */
  void recordFireInput(Tensor h) {
    lastH = h;
    lastRecord = null;
  }

  /** Fire input of a record (default H). */
  protected float[] fireInput(Record r) {
    return r.h;
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
    Tensor[] out = new NodeFunction(this).apply(xs, v, p == null ? null : p.tensor());
    int t = xs.shape()[0];
    v = out[1].select(0, t - 1);
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

  /**
   * Host-array forward of models with their own kernels (used only when {@link #usesBackendKernels()} is false):
   * fills rec.h (if non-null), vSeq (nullable), vFinal; returns output.
   */
  protected float[] forwardKernel(Record rec, float[] x, float[] vSeqOut, float[] vFinal) {
    float[] spike = new float[x.length];
    MultiStepKernel.forward(rec.spec, rec.t, rec.n, x, rec.vInit, spike, rec.h, vSeqOut, vFinal, Cpu.threads());
    return spike;
  }

  /**
   * Host-array backward of models with their own kernels (see {@link #forwardKernel}); returns ∂L/∂θ of
   * {@link #thetaParameter()} (0 if none).
   */
  protected double backwardKernel(Record rec, float[] gradOut, float[] gradVSeq, float[] gradVFinal, float[] gradX,
      float[] gradVInit) {
    return MultiStepKernel.backward(rec.spec, rec.t, rec.n, rec.h, rec.vInit, gradOut, gradVSeq, gradVFinal, gradX,
        gradVInit, Cpu.threads());
  }

  /** The model's learnable scalar (PLIF w, KLIF k), or null. */
  protected ScalarParameter thetaParameter() {
    return null;
  }

  /** Whether float64 inputs are accepted (models on the generic kernel). */
  protected boolean supportsFloat64() {
    return true;
  }

  Record newRecord(int t, int n, float[] vInit, float[] h) {
    Record r = new Record(t, n, spec(), vInit, h);
    lastRecord = r;
    lastH = null;
    return r;
  }

  /**
   * True for models computed by the backend's {@link NeuronKernels} from {@link #kernelSpec()} (IF, LIF, PLIF, QIF,
   * EIF); false for models with their own host-array kernels ({@link #forwardKernel}/{@link #backwardKernel}
   * overridden: KLIF, LIAF, Izhikevich), which run on the CPU only.
   */
  protected boolean usesBackendKernels() {
    return true;
  }

  /**
   * The spec given to the backend kernels; the learnable scalar, if any, is bound by the kernel from the
   * parameter tensor ({@link NeuronKernels}), so this need not read it. Default {@link #spec()}.
   */
  protected NeuronSpec kernelSpec() {
    return spec();
  }

  /** Runs on the CPU, and on any backend providing {@link NeuronKernels} when {@link #usesBackendKernels()}. */
  @Override
  protected boolean runsOn(org.neurospark.snn.tensor.Backend backend) {
    return backend instanceof org.neurospark.snn.tensor.cpu.CpuBackend
        || (usesBackendKernels() && NeuronKernels.on(backend) != null);
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
