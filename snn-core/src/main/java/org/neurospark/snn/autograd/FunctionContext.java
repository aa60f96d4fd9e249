package org.neurospark.snn.autograd;

import java.util.HashMap;
import java.util.Map;
import org.neurospark.snn.tensor.Tensor;

/**
 * Per-call state of a {@link Function}: tensors saved for backward (with version checks that detect in-place
 * modification), arbitrary non-tensor values, and which inputs need a gradient.
 */
public final class FunctionContext {
  private final String opName;
  private final boolean[] needsInputGrad;
  private Tensor[] saved = new Tensor[0];
  private int[] savedVersions = new int[0];
  private Map<String, Object> values;
  private boolean materializeGrads = true;
  private boolean released;
  private java.util.Set<Tensor> nonDifferentiable;
  private java.util.List<Tensor> owned;

  FunctionContext(String opName, boolean[] needsInputGrad) {
    this.opName = opName;
    this.needsInputGrad = needsInputGrad;
  }

  /** Name of the op (for error messages). */
  public String opName() {
    return opName;
  }

  /** True when input {@code i} requires a gradient (backward may return null for the others). */
  public boolean needsInputGrad(int i) {
    return needsInputGrad[i];
  }

  /** Number of inputs of the call. */
  public int numInputs() {
    return needsInputGrad.length;
  }

  /**
   * Saves tensors (inputs or outputs) for backward; their storage versions are recorded so that an in-place
   * modification before backward is detected by {@link #savedTensors()}. Null entries are allowed.
   */
  public void saveForBackward(Tensor... tensors) {
    saved = tensors.clone();
    savedVersions = new int[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      savedVersions[i] = tensors[i] == null ? 0 : tensors[i].version();
    }
  }

  /**
   * The tensors given to {@link #saveForBackward}, in order.
   *
   * @throws IllegalStateException when one was modified in place after being saved, or the graph was freed by
   *     a previous backward pass
   */
  public Tensor[] savedTensors() {
    if (released) {
      throw new IllegalStateException("Trying to backward through the graph a second time (op " + opName
          + "): saved tensors were freed after the first backward; pass retainGraph=true to the first backward");
    }
    for (int i = 0; i < saved.length; i++) {
      if (saved[i] != null && saved[i].version() != savedVersions[i]) {
        throw new IllegalStateException("one of the tensors needed for gradient computation has been modified by an"
            + " in-place operation: tensor #" + i + " saved by " + opName + " with shape "
            + java.util.Arrays.toString(saved[i].shape()) + " is at version " + saved[i].version()
            + "; expected version " + savedVersions[i] + ". Use an out-of-place operation or clone() it first");
      }
    }
    return saved;
  }

  /**
   * Hands tensors over to autograd: their storages are {@link org.neurospark.snn.tensor.Storage#release()
   * released} when this call's graph is freed (after a backward without {@code retainGraph}), or right after
   * forward when no gradient is recorded. Only for tensors the op created in forward, did not return and stored
   * nowhere else (saved intermediates such as max-pooling indices or BatchNorm's 1/σ): nobody else may hold them.
   * They are typically also given to {@link #saveForBackward} or {@link #put}.
   */
  public void releaseWithGraph(Tensor... tensors) {
    if (owned == null) {
      owned = new java.util.ArrayList<>();
    }
    java.util.Collections.addAll(owned, tensors);
  }

  /** Stores a non-tensor value (shapes, flags, index arrays) for backward. */
  public void put(String key, Object value) {
    if (values == null) {
      values = new HashMap<>();
    }
    values.put(key, value);
  }

  /** A value stored with {@link #put}; throws when absent. */
  @SuppressWarnings("unchecked")
  public <T> T get(String key) {
    if (values == null || !values.containsKey(key)) {
      throw new IllegalStateException(opName + ": no saved value '" + key + "'");
    }
    return (T) values.get(key);
  }

  /**
   * Whether backward receives zero tensors (true, default) or null for outputs that got no gradient.
   */
  public void setMaterializeGrads(boolean materialize) {
    this.materializeGrads = materialize;
  }

  boolean materializeGrads() {
    return materializeGrads;
  }

  /** Marks outputs (returned by forward) that carry no gradient, e.g. integer-valued indices or masks. */
  public void markNonDifferentiable(Tensor... outputs) {
    if (nonDifferentiable == null) {
      nonDifferentiable = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    }
    java.util.Collections.addAll(nonDifferentiable, outputs);
  }

  boolean isNonDifferentiable(Tensor t) {
    return nonDifferentiable != null && nonDifferentiable.contains(t);
  }

  boolean isReleased() {
    return released;
  }

  /** Saved tensors without the version check (internal: aliasing analysis). */
  Tensor[] savedTensorsUnchecked() {
    return saved;
  }

  void release() {
    released = true;
    saved = null;
    values = null;
    if (owned != null) {
      for (Tensor t : owned) {
        if (t != null) {
          t.storage().release();
        }
      }
      owned = null;
    }
  }
}
