package org.neurospark.snn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.io.StEntry;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * A tensor module with PyTorch's bookkeeping and SpikingJelly's step modes: named parameters (leaf tensors that
 * require grad), buffers (running statistics), children, a training flag, a step mode and recurrent state.
 *
 * <p>Step mode {@code 's'} takes one step {@code [N, *]} per call; {@code 'm'} a whole sequence {@code [T, N, *]}.
 * Stateless layers in 'm' fold {@code [T, N, *]} into one batch {@code [T·N, *]} (SpikingJelly's
 * {@code seq_to_ann_forward}), so BatchNorm statistics pool over T·N. A T-broadcast input (stride 0 along T, every
 * step the same tensor, as {@link org.neurospark.snn.encoding.Encoders#direct} returns) is computed once by
 * {@linkplain #timeInvariant time-invariant} layers, with the results of the repeated computation.
 * {@link #setStepMode} applies to the whole subtree except inside recurrent containers (like
 * {@code functional.set_step_mode}).
 *
 * <p>State-dict names are PyTorch's: {@code <child>.<child>.<name>}, own parameters, then own buffers, then the
 * children in registration order. A null parameter (e.g. {@code bias=False}) is absent from the state dict.
 */
public abstract class Module {
  private final Map<String, Tensor> params = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  /** Names of own buffers that hold an integer count ({@link #registerCounter}). */
  private final Set<String> counters = new LinkedHashSet<>();
  private boolean training = true;
  private char stepMode = 's';

  private final List<ForwardPreHook> preForwardHooks = new ArrayList<>();
  private final List<ForwardHook> forwardHooks = new ArrayList<>();
  private final List<BackwardHook> backwardHooks = new ArrayList<>();

  /**
   * Forward pass ({@code [N, *]} in step mode 's', {@code [T, N, *]} in 'm'): runs the pre-forward hooks,
   * {@link #doForward}, then the forward hooks; with backward hooks installed and grad enabled, the call's output
   * (and input, when it requires grad) are tapped so that the hooks see their gradients.
   */
  public final Tensor forward(Tensor x) {
    if (preForwardHooks.isEmpty() && forwardHooks.isEmpty() && backwardHooks.isEmpty()) {
      return doForward(x);
    }
    for (ForwardPreHook h : List.copyOf(preForwardHooks)) {
      h.beforeForward(this, x);
    }
    boolean tap = !backwardHooks.isEmpty() && org.neurospark.snn.autograd.GradMode.isEnabled();
    Tensor[] gradOut = new Tensor[1];
    boolean tapInput = tap && x.requiresGrad();
    Tensor in = tapInput ? new GradTap(g -> fireBackwardHooks(g, gradOut[0])).apply1(x) : x;
    Tensor out = doForward(in);
    for (ForwardHook h : List.copyOf(forwardHooks)) {
      h.afterForward(this, x, out);
    }
    if (tap && out.requiresGrad()) {
      out = new GradTap(g -> {
        gradOut[0] = g;
        if (!tapInput) {
          fireBackwardHooks(null, g);
        }
      }).apply1(out);
    }
    return out;
  }

  private void fireBackwardHooks(Tensor gradInput, Tensor gradOutput) {
    for (BackwardHook h : List.copyOf(backwardHooks)) {
      h.afterBackward(this, gradInput, gradOutput);
    }
  }

  /** The module's computation (what {@link #forward} runs between its hooks). */
  protected abstract Tensor doForward(Tensor x);

  /** Installs a hook run before every forward call. */
  public HookHandle addForwardPreHook(ForwardPreHook hook) {
    preForwardHooks.add(Objects.requireNonNull(hook, "hook"));
    return () -> preForwardHooks.remove(hook);
  }

  /** Installs a hook run after every forward call. */
  public HookHandle addForwardHook(ForwardHook hook) {
    forwardHooks.add(Objects.requireNonNull(hook, "hook"));
    return () -> forwardHooks.remove(hook);
  }

  /** Installs a hook run in the backward pass of every later forward call ({@link BackwardHook}). */
  public HookHandle addBackwardHook(BackwardHook hook) {
    backwardHooks.add(Objects.requireNonNull(hook, "hook"));
    return () -> backwardHooks.remove(hook);
  }

  /** Registers a parameter (made a grad-requiring leaf; null allowed and then absent from the state dict). */
  protected Tensor registerParameter(String name, Tensor t) {
    checkName(name);
    if (t != null) {
      if (!t.isLeaf()) {
        throw new IllegalArgumentException("parameter '" + name + "' must be a leaf tensor");
      }
      t.requiresGrad(true);
    }
    params.put(name, t);
    return t;
  }

  /** Registers a buffer (saved in the state dict, not optimized). */
  protected Tensor registerBuffer(String name, Tensor t) {
    checkName(name);
    buffers.put(name, t);
    return t;
  }

  /**
   * Registers an integer counter buffer (PyTorch's int64 0-dim buffers such as BatchNorm's
   * {@code num_batches_tracked}): held as a float64 tensor of shape [1] starting at 0 (exact for every count up to
   * 2^53), listed by {@link #namedBuffers()}, saved in the state dict as an I64 0-dim tensor (PyTorch's layout),
   * loaded from any integer (or integral float) entry, and never converted by {@link #to}.
   */
  protected Tensor registerCounter(String name) {
    Tensor t = registerBuffer(name, Tensor.zeros(DType.FLOAT64, 1));
    counters.add(name);
    return t;
  }

  /** True when the buffer at this dotted name of the subtree is a counter ({@link #registerCounter}). */
  public boolean isCounter(String bufferName) {
    int dot = bufferName.lastIndexOf('.');
    Module m = this;
    if (dot >= 0) {
      for (String p : bufferName.substring(0, dot).split("\\.")) {
        m = m.children.get(p);
        if (m == null) {
          return false;
        }
      }
    }
    return m.counters.contains(bufferName.substring(dot + 1));
  }

  /** Registers a child module. */
  protected <M extends Module> M registerModule(String name, M child) {
    checkName(name);
    children.put(name, Objects.requireNonNull(child, "child"));
    return child;
  }

  /** Replaces a registered child (like {@code seq[0] = new_layer}). */
  protected void replaceModule(String name, Module child) {
    if (!children.containsKey(name)) {
      throw new IllegalArgumentException("no child '" + name + "'");
    }
    children.put(name, Objects.requireNonNull(child));
  }

  private void checkName(String name) {
    if (name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException("invalid name '" + name + "'");
    }
    if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
    }
  }

  /** Direct children by name. */
  public Map<String, Module> children() {
    return Collections.unmodifiableMap(children);
  }

  /** A direct child by name. */
  public Module child(String name) {
    Module m = children.get(name);
    if (m == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " has no child '" + name + "'");
    }
    return m;
  }

  /** Own parameter by name (null when registered as null). */
  protected Tensor param(String name) {
    return params.get(name);
  }

  /** Own buffer by name. */
  protected Tensor buffer(String name) {
    return buffers.get(name);
  }

  /**
   * Converts every parameter and buffer of the subtree to {@code dtype} (new leaf tensors; float64 is for gradient
   * checks). Modules whose kernels run in one dtype (spiking neurons' float32 scalars) keep theirs as they are.
   */
  public Module to(DType dtype) {
    visit((n, m) -> {
      if (!m.convertsParameters()) {
        return;
      }
      m.params.replaceAll((k, t) -> t == null || t.dtype() == dtype ? t : t.detach().to(dtype).requiresGrad(true));
      m.buffers.replaceAll((k, t) -> t == null || t.dtype() == dtype || m.counters.contains(k) ? t : t.to(dtype));
    });
    return this;
  }

  /**
   * Moves every parameter and buffer of the subtree (counters included) to {@code backend}: new leaf tensors of
   * the same dtype and values (one download and one upload each; parameters keep requiring grad), or the module
   * itself when everything is there already. Create optimizers after moving (they hold the parameter tensors).
   * Throws {@link UnsupportedOperationException} (moving nothing) when a module of the subtree cannot compute on
   * that backend ({@link #runsOn}).
   */
  public Module to(Backend backend) {
    visit((n, m) -> {
      if (!m.runsOn(backend)) {
        throw new UnsupportedOperationException((n.isEmpty() ? "" : "'" + n + "' (")
            + m.getClass().getSimpleName() + (n.isEmpty() ? "" : ")") + " cannot run on backend " + backend.name()
            + ": that backend provides no kernels for it");
      }
    });
    visit((n, m) -> {
      m.params.replaceAll((k, t) -> t == null || t.backend() == backend ? t
          : t.detach().to(backend).requiresGrad(true));
      m.buffers.replaceAll((k, t) -> t == null || t.backend() == backend ? t : t.to(backend));
    });
    return this;
  }

  /**
   * False for modules whose computation cannot run on {@code backend} yet (neurons with host-array kernels: KLIF,
   * LIAF, Izhikevich, snnTorch Leaky/Synaptic run on the CPU only; IF/LIF/PLIF/QIF/EIF need the backend's
   * {@code NeuronKernels}); {@link #to(Backend)} refuses to move them.
   */
  protected boolean runsOn(Backend backend) {
    return true;
  }

  /** False for modules whose parameters must keep their dtype (neuron scalars): {@link #to} leaves them. */
  protected boolean convertsParameters() {
    return true;
  }

  /** Own parameters (null entries included). */
  protected Map<String, Tensor> ownParameters() {
    return params;
  }

  /** Own buffers. */
  protected Map<String, Tensor> ownBuffers() {
    return buffers;
  }

  /** Visits this module (name "") and all descendants with dotted names, depth first. */
  public void visit(BiConsumer<String, Module> visitor) {
    visit("", visitor);
  }

  private void visit(String prefix, BiConsumer<String, Module> visitor) {
    visitor.accept(prefix, this);
    for (Map.Entry<String, Module> e : children.entrySet()) {
      e.getValue().visit(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), visitor);
    }
  }

  private static String join(String prefix, String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** All parameters with PyTorch-style dotted names (each tensor once, nulls skipped). */
  public Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    visit((prefix, m) -> m.params.forEach((n, t) -> {
      if (t != null && seen.add(t)) {
        out.put(join(prefix, n), t);
      }
    }));
    return out;
  }

  /** All parameters in {@link #namedParameters()} order. */
  public List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** All buffers with dotted names. */
  public Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    visit((prefix, m) -> m.buffers.forEach((n, t) -> {
      if (t != null) {
        out.put(join(prefix, n), t);
      }
    }));
    return out;
  }

  /** Number of parameter elements. */
  public long parameterCount() {
    long n = 0;
    for (Tensor t : namedParameters().values()) {
      n += t.numel();
    }
    return n;
  }

  /** Sets every parameter's grad to null. */
  public void zeroGrad() {
    for (Tensor t : parameters()) {
      t.setGrad(null);
    }
  }

  public boolean isTraining() {
    return training;
  }

  /** Training (true) or evaluation mode for the whole subtree. */
  public Module train(boolean on) {
    visit((n, m) -> m.training = on);
    return this;
  }

  /** Evaluation mode. */
  public Module eval() {
    return train(false);
  }

  public char stepMode() {
    return stepMode;
  }

  /** Step modes this module supports. */
  public Set<Character> supportedStepModes() {
    return Set.of('s', 'm');
  }

  /**
   * Sets the step mode of this module and its descendants (recurrent containers set only themselves: their
   * children stay in 's').
   */
  public Module setStepMode(char mode) {
    setOwnStepMode(mode);
    if (!keepsChildrenSingleStep()) {
      for (Module c : children.values()) {
        c.setStepMode(mode);
      }
    }
    return this;
  }

  /** Sets only this module's step mode. */
  public void setOwnStepMode(char mode) {
    if (!supportedStepModes().contains(mode)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " does not support step_mode '" + mode + "'");
    }
    stepMode = mode;
  }

  /** True for containers whose children must stay single-step (recurrent containers). */
  protected boolean keepsChildrenSingleStep() {
    return false;
  }

  /** Resets the recurrent state of this module and its descendants ({@code functional.reset_net}). */
  public void reset() {
    visit((n, m) -> m.resetState());
  }

  /** Cuts the gradient history of the recurrent state everywhere ({@code functional.detach_net}). */
  public void detach() {
    visit((n, m) -> m.detachState());
  }

  /** Resets this module's own state (default: none). */
  protected void resetState() {}

  /** Detaches this module's own state (default: none). */
  protected void detachState() {}

  /** Reseeds every stochastic layer (dropout masks) of the subtree from {@code seed}, deterministically. */
  public void reseed(long seed) {
    visit((n, m) -> {
      if (m instanceof Stochastic) {
        ((Stochastic) m).reseed(seed * 0x9E3779B97F4A7C15L + n.hashCode());
      }
    });
  }

  // ------------------------------------------------------------------ state dict

  /** Parameters and buffers (and extra state such as {@code num_batches_tracked}) in PyTorch's order. */
  public SafeTensors stateDict() {
    SafeTensors st = new SafeTensors();
    save("", st);
    return st;
  }

  private void save(String prefix, SafeTensors st) {
    saveOwn(prefix, st);
    for (Map.Entry<String, Module> e : children.entrySet()) {
      e.getValue().save(join(prefix, e.getKey()), st);
    }
  }

  /** Writes own parameters then buffers (counters as I64 0-dim tensors, like PyTorch). */
  protected void saveOwn(String prefix, SafeTensors st) {
    params.forEach((n, t) -> {
      if (t != null) {
        st.put(join(prefix, n), t.detach());
      }
    });
    buffers.forEach((n, t) -> {
      if (t != null) {
        if (counters.contains(n)) {
          st.put(join(prefix, n), StEntry.ofLongs(new long[] {(long) t.item()}));
        } else {
          st.put(join(prefix, n), t);
        }
      }
    });
  }

  /**
   * Loads values by name into the existing tensors (shapes must match; dtypes are converted). Strict: every
   * expected key must be present and no unexpected key may remain.
   */
  public void loadStateDict(SafeTensors st, boolean strict) {
    Set<String> unused = new LinkedHashSet<>(st.entries().keySet());
    List<String> missing = new ArrayList<>();
    visit((prefix, m) -> m.loadOwn(prefix, st, unused, missing));
    if (strict && (!missing.isEmpty() || !unused.isEmpty())) {
      throw new IllegalArgumentException("state dict mismatch: missing " + missing + ", unexpected " + unused);
    }
  }

  /** Loads own entries; records missing keys and removes consumed ones from {@code unused}. */
  protected void loadOwn(String prefix, SafeTensors st, Set<String> unused, List<String> missing) {
    Map<String, Tensor> all = new LinkedHashMap<>(params);
    all.putAll(buffers);
    for (Map.Entry<String, Tensor> e : all.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      String key = join(prefix, e.getKey());
      if (!st.contains(key)) {
        missing.add(key);
        continue;
      }
      if (counters.contains(e.getKey()) && buffers.get(e.getKey()) == e.getValue()) {
        loadCounter(key, st.get(key), e.getValue());
      } else {
        copyInto(key, st.get(key), e.getValue());
      }
      unused.remove(key);
    }
  }

  /** Loads a saved count (one integer, or one integral float) into a counter buffer. */
  private static void loadCounter(String key, StEntry e, Tensor dst) {
    if (e.numel() != 1) {
      throw new IllegalArgumentException("'" + key + "': saved shape " + Arrays.toString(e.shape())
          + " is not a single count");
    }
    long v;
    try {
      v = e.toLongs()[0];
    } catch (IllegalStateException notInteger) {
      double d = e.toDoubles()[0];
      if (d != Math.rint(d) || d < 0) {
        throw new IllegalArgumentException("'" + key + "': saved count " + d + " is not a non-negative integer");
      }
      v = (long) d;
    }
    if (v < 0 || v > (1L << 53)) {
      throw new IllegalArgumentException("'" + key + "': saved count " + v + " outside [0, 2^53]");
    }
    try (GradMode.Scope s = GradMode.noGrad()) {
      dst.fill_(v); // on the counter's backend
    }
  }

  /** Copies a saved entry into a tensor in place (no autograd record). */
  protected static void copyInto(String key, StEntry e, Tensor dst) {
    if (e.numel() != dst.numel() || (e.shape().length != dst.dim() && e.numel() != 1)) {
      throw new IllegalArgumentException("'" + key + "': saved shape " + Arrays.toString(e.shape())
          + " does not match " + Arrays.toString(dst.shape()));
    }
    if (e.shape().length == dst.dim() && !Arrays.equals(e.intShape(), dst.shape())) {
      throw new IllegalArgumentException("'" + key + "': saved shape " + Arrays.toString(e.shape())
          + " does not match " + Arrays.toString(dst.shape()));
    }
    // converted on the host (float64 entries into float32 tensors round like a Java cast), then one upload
    Tensor src = e.toTensor().to(dst.dtype()).reshape(dst.shape()).to(dst.backend());
    try (GradMode.Scope s = GradMode.noGrad()) {
      dst.detach().copy_(src);
    }
  }

  // ------------------------------------------------------------------ helpers for layers

  /**
   * A stateless op applied by {@link #seqToAnn(Tensor, RepeatedOp)}: {@code x} is {@code [B, *]} and
   * {@code repeats} says how many identical copies of it the call stands for (1, or T when a T-broadcast input is
   * computed once). Only ops whose result depends on the batch as a whole (batch-norm statistics) need it.
   */
  @FunctionalInterface
  protected interface RepeatedOp {
    Tensor apply(Tensor x, int repeats);
  }

  /**
   * True when {@code x} is a T-broadcast view: {@code [T, N, *]} with T > 1 and stride 0 along dim 0, i.e. every
   * time step is the same {@code [N, *]} tensor in memory ({@link org.neurospark.snn.encoding.Encoders#direct}, or
   * what a {@linkplain #timeInvariant time-invariant} layer returns for such an input).
   */
  public static boolean isTimeBroadcast(Tensor x) {
    return x.dim() >= 2 && x.size(0) > 1 && x.strides()[0] == 0;
  }

  /**
   * True for layers whose op is deterministic and treats every time step alike (convolution, linear, batch norm,
   * pooling, flatten; never dropout or other stochastic layers): in step mode 'm' they compute a
   * {@linkplain #isTimeBroadcast T-broadcast} input once on its {@code [N, *]} step and return the result
   * broadcast back to {@code [T, N, *out]}, with the values, statistics and gradients of the repeated
   * computation. Default false.
   */
  protected boolean timeInvariant() {
    return false;
  }

  /**
   * Applies a stateless op to {@code x}: directly in 's', on {@code [T·N, *]} folded from {@code [T, N, *]} in 'm'
   * (then unfolded to {@code [T, N, *out]}).
   */
  protected Tensor seqToAnn(Tensor x, java.util.function.UnaryOperator<Tensor> op) {
    return seqToAnn(x, (v, repeats) -> op.apply(v));
  }

  /**
   * Like {@link #seqToAnn(Tensor, java.util.function.UnaryOperator)}, with compute-once for a T-broadcast input:
   * when this layer is {@link #timeInvariant}, has no backward hooks and {@code x} {@linkplain #isTimeBroadcast is
   * T-broadcast}, the op runs once on the {@code [N, *]} step with {@code repeats = T} and the result comes back as a
   * T-broadcast view {@code [T, N, *out]} (stride 0 along T, so the next such layer computes once as well). The
   * gradient reaching the {@code [N, *]} result is then the sum over T of the per-step gradients, which is what the
   * op's backward over T·N followed by the sum over T gives for a deterministic per-sample op (and, for batch norm,
   * algebraically too: see {@link BatchNorm}). Otherwise the op runs on the folded batch with {@code repeats = 1}.
   */
  protected Tensor seqToAnn(Tensor x, RepeatedOp op) {
    if (stepMode != 'm') {
      return op.apply(x, 1);
    }
    if (x.dim() < 2) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " in step mode 'm' expects [T, N, *], got "
          + Arrays.toString(x.shape()));
    }
    int t = x.size(0);
    int n = x.size(1);
    if (isTimeBroadcast(x) && timeInvariant() && backwardHooks.isEmpty()) {
      // the [N, *] result a previous time-invariant layer broadcast: computing on it directly keeps the gradient off
      // a select-and-expand pair
      Tensor step = x.timeStepSource();
      Tensor y = op.apply(step != null ? step : x.select(0, 0), t);
      return y.broadcastOverTime(t);
    }
    Tensor y = op.apply(x.flatten(0, 1), 1);
    int[] ys = y.shape();
    int[] out = new int[ys.length + 1];
    out[0] = t;
    out[1] = n;
    System.arraycopy(ys, 1, out, 2, ys.length - 1);
    return y.reshape(out);
  }

  /** Throws unless x has {@code dimS} dims in 's' or {@code dimS + 1} in 'm'. */
  protected void requireDims(Tensor x, int dimS, String layout) {
    int want = stepMode == 'm' ? dimS + 1 : dimS;
    if (x.dim() != want) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " in step mode '" + stepMode + "' expects "
          + (stepMode == 'm' ? "[T, " + layout.substring(1) : layout) + ", got " + Arrays.toString(x.shape()));
    }
  }

  /** Description of own hyper-parameters for {@link #toString()}. */
  protected String extraRepr() {
    return "";
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
    if (!children.isEmpty()) {
      b.append('\n');
      for (Map.Entry<String, Module> e : children.entrySet()) {
        b.append("  (").append(e.getKey()).append("): ")
            .append(e.getValue().toString().replace("\n", "\n  ")).append('\n');
      }
    }
    return b.append(')').toString();
  }
}
