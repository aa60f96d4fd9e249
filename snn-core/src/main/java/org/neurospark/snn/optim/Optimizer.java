package org.neurospark.snn.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.io.StEntry;
import org.neurospark.snn.tensor.Tensor;

/**
 * Base of the first-order optimizers: updates named leaf parameters in place from their {@code grad()} with
 * PyTorch's exact update rules (element-wise, in the parameter's precision with scalar factors rounded to it).
 * Per-parameter state ({@link ParamState}: step count and momentum/moment buffers) is created lazily on the first
 * step that sees a gradient and can be saved to / restored from a {@link SafeTensors} map ({@code <param>.<buffer>}
 * keys, step counts in metadata), so a resumed run continues exactly; {@link #state()} exposes it typed (for
 * {@link org.neurospark.snn.flat.ParameterVector}).
 *
 * <p>Parameters must be contiguous tensors (as modules create them), on any backend: the update is one fused
 * backend kernel ({@link org.neurospark.snn.tensor.Backend#sgdUpdate}, {@code adamUpdate}) over the parameter,
 * its gradient and its state tensors (kept on the parameter's backend), and bumps the storage versions.
 * Parameters whose grad is null are skipped, like PyTorch.
 */
public abstract class Optimizer {
  protected final Map<String, Tensor> params;
  private double lr;
  /** Per-parameter state by parameter name, in the order parameters first got a gradient. */
  private final Map<String, ParamState> state = new LinkedHashMap<>();

  protected Optimizer(Map<String, Tensor> params, double lr) {
    if (!(lr >= 0)) {
      throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
    }
    this.params = new LinkedHashMap<>(params);
    for (Map.Entry<String, Tensor> e : this.params.entrySet()) {
      Tensor p = e.getValue();
      if (!p.isContiguous() || p.offset() != 0) {
        throw new IllegalArgumentException("parameter '" + e.getKey() + "' must be contiguous with offset 0");
      }
    }
    this.lr = lr;
  }

  /** Current learning rate. */
  public double lr() {
    return lr;
  }

  /** Sets the learning rate (schedulers call this before each epoch or step). */
  public void setLr(double lr) {
    if (!(lr >= 0)) {
      throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
    }
    this.lr = lr;
  }

  /** The optimized parameters by name. */
  public Map<String, Tensor> params() {
    return Collections.unmodifiableMap(params);
  }

  /** Sets every parameter's grad to null. */
  public void zeroGrad() {
    for (Tensor p : params.values()) {
      p.setGrad(null);
    }
  }

  /** One update of every parameter that has a gradient. */
  public void step() {
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      Tensor p = e.getValue();
      Tensor g = p.grad();
      if (g == null) {
        continue;
      }
      if (g.numel() != p.numel()) {
        throw new IllegalStateException("gradient of '" + e.getKey() + "' has " + g.numel() + " elements, parameter "
            + p.numel());
      }
      ParamState st = stateOrCreate(e.getKey());
      long t = st.incrementStep();
      update(e.getKey(), p, g.dtype() == p.dtype() ? g : g.to(p.dtype()), st, t);
      p.storage().bumpVersion();
      for (Tensor b : st.buffers().values()) {
        b.storage().bumpVersion();
      }
    }
  }

  /**
   * Updates one parameter in place (without bumping versions) from its gradient {@code g} (the parameter's dtype
   * and backend, any strides); {@code t} is its 1-based step count.
   */
  protected abstract void update(String name, Tensor p, Tensor g, ParamState st, long t);

  /** The per-parameter state by parameter name (unmodifiable view of the live state). */
  public Map<String, ParamState> state() {
    return Collections.unmodifiableMap(state);
  }

  /** The state of a parameter, created empty (step 0, no buffers) when absent. */
  public ParamState stateOrCreate(String param) {
    Tensor p = params.get(param);
    if (p == null) {
      throw new IllegalArgumentException("no parameter '" + param + "' in this optimizer");
    }
    return state.computeIfAbsent(param, k -> new ParamState(p.shape(), p.dtype(), p.backend()));
  }

  /** Drops a parameter's state (its next update is a first step again, like a fresh optimizer's). */
  public void clearState(String param) {
    state.remove(param);
  }

  /** The names of every state buffer this optimizer creates for a parameter on its first step, in order. */
  public abstract List<String> bufferNames();

  /** Hyper-parameters as strings, stored in saved state to detect a mismatch on resume. */
  protected abstract Map<String, String> hyperParameters();

  /** Optimizer name ("SGD", "Adam", "AdamW"). */
  public abstract String name();

  /** Saves lr, hyper-parameters, step counts and every state buffer. */
  public SafeTensors stateDict() {
    SafeTensors st = new SafeTensors();
    st.metadata().put("optimizer", name());
    st.metadata().put("lr", Double.toString(lr));
    hyperParameters().forEach((k, v) -> st.metadata().put("hp." + k, v));
    for (Map.Entry<String, ParamState> e : state.entrySet()) {
      st.metadata().put("step." + e.getKey(), Long.toString(e.getValue().step()));
      for (Map.Entry<String, Tensor> b : e.getValue().buffers().entrySet()) {
        st.put(e.getKey() + "." + b.getKey(), b.getValue());
      }
    }
    return st;
  }

  /** Restores what {@link #stateDict()} saved; throws when the optimizer type or parameters do not match. */
  public void loadStateDict(SafeTensors st) {
    String n = st.metadata().get("optimizer");
    if (!name().equals(n)) {
      throw new IllegalArgumentException("saved optimizer state is for '" + n + "', this is " + name());
    }
    Map<String, String> hp = hyperParameters();
    for (Map.Entry<String, String> e : hp.entrySet()) {
      String saved = st.metadata().get("hp." + e.getKey());
      if (saved != null && !saved.equals(e.getValue())) {
        throw new IllegalArgumentException("saved optimizer has " + e.getKey() + "=" + saved + ", this one "
            + e.getValue());
      }
    }
    state.clear();
    lr = Double.parseDouble(st.metadata().get("lr"));
    List<String> keys = new ArrayList<>(st.metadata().keySet());
    for (String k : keys) {
      if (!k.startsWith("step.")) {
        continue;
      }
      String pname = k.substring(5);
      Tensor p = params.get(pname);
      if (p == null) {
        throw new IllegalArgumentException("saved optimizer state for unknown parameter '" + pname + "'");
      }
      ParamState ps = stateOrCreate(pname);
      ps.setStep(Long.parseLong(st.metadata().get(k)));
      for (Map.Entry<String, StEntry> e : st.entries().entrySet()) {
        String key = e.getKey();
        if (key.startsWith(pname + ".") && key.indexOf('.', pname.length() + 1) < 0) {
          String b = key.substring(pname.length() + 1);
          Tensor t = e.getValue().toTensor();
          if (t.numel() != p.numel()) {
            throw new IllegalArgumentException("saved buffer '" + key + "' has " + t.numel() + " elements,"
                + " parameter " + p.numel());
          }
          ps.putCopy(b, t);
        }
      }
    }
  }
}
