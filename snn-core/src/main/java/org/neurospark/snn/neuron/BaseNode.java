package org.neurospark.snn.neuron;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.MultiStepKernel;
import org.neurospark.snn.neuron.kernels.Parallel;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Tensor;

/**
 * SpikingJelly's {@code BaseNode}: a layer of spiking neurons with membrane potential state V (one value per input
 * element; the number of neurons N is fixed by the first input). Each call charges, fires and resets
 * ({@link NeuronSpec}); in step mode 's' the input is one step [N, ...], in 'm' a sequence [T, N, ...] run by the
 * fused {@link MultiStepKernel}. Outputs are spikes in {0, 1} (float) of the input's shape.
 *
 * <p>V starts at V_reset (0 for soft reset, {@code vReset == null}). {@code storeVSeq} keeps V after every step of
 * the last multi-step call ({@link #vSeq()}). Backward (training mode) is exact BPTT through every forward call
 * since the last {@link #reset()}/{@link #detach()}, in reverse call order.
 */
public abstract class BaseNode extends MemoryModule implements HasAttributes {
  /** What one forward call saved for its backward. */
  protected static final class Record {
    public final int t;
    public final int n;
    public final NeuronSpec spec;
    /** V before the call, or null if every neuron started at {@link NeuronSpec#vInit()}. */
    public final float[] vInit;
    /** H[t], [T, N]. */
    public final float[] h;
    /** Model-specific saved sequence (Izhikevich: adaptation W before each step), or null. */
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
  private int threads = Parallel.defaultThreads();

  /** Current V [N], or null before the first input (then every neuron is at V_reset / 0). */
  protected float[] v;
  private float[] vSeq;
  private final Deque<Record> tape = new ArrayDeque<>();
  /** ∂L/∂(state after the next record to back-propagate), from the later record already back-propagated. */
  private float[] pendingGradV;
  private final Map<String, ScalarParameter> parameters = new LinkedHashMap<>();

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
    setStepMode(stepMode);
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

  /** Threads the multi-step kernels may use (default: available processors). */
  public void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
  }

  public int threads() {
    return threads;
  }

  /** Learnable scalars by name (PLIF "w", KLIF "k"); empty for fixed models. */
  public Map<String, ScalarParameter> parameters() {
    return java.util.Collections.unmodifiableMap(parameters);
  }

  protected ScalarParameter addParameter(String name, float value) {
    ScalarParameter p = new ScalarParameter(name, value);
    parameters.put(name, p);
    return p;
  }

  /** Current membrane potential [N] (a copy), or null before the first input. */
  public float[] v() {
    return v == null ? null : v.clone();
  }

  /** V after reset at every step of the last multi-step call [T, N] when {@link #storeVSeq()}; else null. */
  public float[] vSeq() {
    return vSeq;
  }

  @Override
  public java.util.Set<String> attributeNames() {
    return java.util.Set.of("v", "v_seq");
  }

  /** {@code v}: current V [N]; {@code v_seq}: V after each step of the last multi-step call [T, N]. */
  @Override
  public float[] attribute(String name) {
    switch (name) {
      case "v":
        return v();
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
  public void reset() {
    v = null;
    vSeq = null;
    tape.clear();
    pendingGradV = null;
    vTensor = null;
    vSeqTensor = null;
  }

  @Override
  public void detach() {
    tape.clear();
    pendingGradV = null;
    if (vTensor != null) {
      vTensor = vTensor.detach();
    }
  }

  /** Number of forward calls whose backward is still pending. */
  public int pendingBackwardCalls() {
    return tape.size();
  }

  /**
   * The value the threshold was compared with at each step of the most recent forward call still pending backward
   * (H for most models, F = ReLU(k·H) for KLIF), [T, N]; null in eval mode or when nothing is pending.
   */
  public float[] lastFireInput() {
    Record r = tape.peek();
    return r == null ? null : fireInput(r);
  }

  /** Fire input of a record (default H). */
  protected float[] fireInput(Record r) {
    return r.h;
  }

  @Override
  protected float[] doForward(float[] input, int[] shape) {
    int t = stepMode() == 'm' ? shape[0] : 1;
    if (t == 0) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": T must be >= 1");
    }
    long nl = input.length / t;
    if (nl > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many neurons: " + nl);
    }
    int n = (int) nl;
    if (v != null && v.length != n) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": input has " + n
          + " neurons per step but the state has " + v.length + "; call reset() between inputs of different shape");
    }
    NeuronSpec spec = spec();
    boolean save = isTraining();
    float[] h = save ? new float[input.length] : null;
    float[] vs = storeVSeq && stepMode() == 'm' ? new float[input.length] : null;
    float[] vFinal = new float[n];
    Record rec = new Record(t, n, spec, v, h);
    float[] out = forwardKernel(rec, input, vs, vFinal);
    v = vFinal;
    if (stepMode() == 'm') {
      vSeq = vs;
    }
    if (save) {
      tape.push(rec);
    }
    return out;
  }

  @Override
  protected float[] doBackward(float[] gradOutput) {
    return backward(gradOutput, null);
  }

  /**
   * Backward of the most recent pending forward call with gradients for both the output and V after each step
   * ({@code gradVSeq} [T, N], nullable). Accumulates parameter gradients; returns ∂L/∂X.
   */
  public float[] backward(float[] gradOutput, float[] gradVSeq) {
    Record rec = tape.poll();
    if (rec == null) {
      throw new IllegalStateException(getClass().getSimpleName()
          + ": no forward call to back-propagate (eval mode, or after reset/detach, or backward called twice)");
    }
    int tn = rec.t * rec.n;
    if (gradOutput.length != tn || (gradVSeq != null && gradVSeq.length != tn)) {
      throw new IllegalArgumentException("gradient has " + gradOutput.length + " elements, expected " + tn);
    }
    float[] gradX = new float[tn];
    float[] gradVInit = tape.isEmpty() ? null : new float[rec.n];
    double gTheta = backwardKernel(rec, gradOutput, gradVSeq, pendingGradV, gradX, gradVInit);
    ScalarParameter p = thetaParameter();
    if (p != null) {
      p.accumulateGrad(gTheta);
    }
    pendingGradV = gradVInit;
    return gradX;
  }

  /** Runs the forward kernel for {@code rec}: fills rec.h (if non-null), vSeq (nullable), vFinal; returns output. */
  protected float[] forwardKernel(Record rec, float[] x, float[] vSeqOut, float[] vFinal) {
    float[] spike = new float[x.length];
    MultiStepKernel.forward(rec.spec, rec.t, rec.n, x, rec.vInit, spike, rec.h, vSeqOut, vFinal, threads);
    return spike;
  }

  /** Runs the backward kernel for {@code rec}; returns ∂L/∂θ of {@link #thetaParameter()} (0 if none). */
  protected double backwardKernel(Record rec, float[] gradOut, float[] gradVSeq, float[] gradVFinal, float[] gradX,
      float[] gradVInit) {
    return MultiStepKernel.backward(rec.spec, rec.t, rec.n, rec.h, rec.vInit, gradOut, gradVSeq, gradVFinal, gradX,
        gradVInit, threads);
  }

  /** The model's learnable scalar (PLIF w, KLIF k), or null. */
  protected ScalarParameter thetaParameter() {
    return null;
  }

  /** Whether the tensor API accepts float64 inputs (models on the generic kernel). */
  protected boolean supportsFloat64() {
    return true;
  }

  // ------------------------------------------------------------------ tensor (autograd) API

  private Tensor vTensor;
  private Tensor vSeqTensor;

  /**
   * Autograd forward on engine tensors: {@code x} is [N, ...] in step mode 's' or [T, N, ...] in 'm' (float32, or
   * float64 for IF/LIF/PLIF/QIF/EIF; Izhikevich overrides this and carries W too); returns the spikes (LIAF: its analog output) with the same shape, recorded in
   * the autograd graph through V across calls (until {@link #reset()} / {@link #detach()}) and through the learnable
   * scalar's {@code tensor()}. This state is separate from the array API's.
   */
  public Tensor forward(Tensor x) {
    boolean multi = stepMode() == 'm';
    Tensor xs = multi ? x : x.unsqueeze(0);
    if (xs.dim() < 1 || xs.shape()[0] < 1) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": need input [T >= 1, N, ...], got "
          + java.util.Arrays.toString(x.shape()));
    }
    int[] stepShape = java.util.Arrays.copyOfRange(xs.shape(), 1, xs.dim());
    if (vTensor != null && !java.util.Arrays.equals(vTensor.shape(), stepShape)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": input step shape "
          + java.util.Arrays.toString(stepShape) + " differs from the state's " + java.util.Arrays.toString(
          vTensor.shape()) + "; call reset() between inputs of different shape");
    }
    ScalarParameter p = thetaParameter();
    Tensor[] out = new NodeFunction(this).apply(xs, vTensor, p == null ? null : p.tensor());
    int t = xs.shape()[0];
    vTensor = out[1].select(0, t - 1);
    if (multi) {
      vSeqTensor = storeVSeq ? out[1] : null;
      return out[0];
    }
    return out[0].squeeze(0);
  }

  /** V of the tensor API [N, ...], or null before its first input. */
  public Tensor vTensor() {
    return vTensor;
  }

  /** V after each step of the last tensor-API multi-step call when store_v_seq, else null. */
  public Tensor vSeqTensor() {
    return vSeqTensor;
  }

  Record newRecord(int t, int n, float[] vInit, float[] h) {
    return new Record(t, n, spec(), vInit, h);
  }

  /** SpikingJelly-like repr fields. */
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
