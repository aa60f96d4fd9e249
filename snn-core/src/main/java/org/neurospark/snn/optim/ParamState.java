package org.neurospark.snn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * The optimizer state of one parameter: its step count (Adam's t, the number of updates that saw a gradient) and
 * named state buffers (SGD's {@code momentum_buffer}; Adam's {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq}), each a contiguous tensor of the parameter's shape and dtype, kept in creation order
 * (PyTorch's names and order), on the parameter's backend. Buffers are created zero-filled on first use.
 */
public final class ParamState {
  private final int[] shape;
  private final DType dtype;
  private final Backend backend;
  private long step;
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();

  ParamState(int[] shape, DType dtype, Backend backend) {
    this.shape = shape.clone();
    this.dtype = dtype;
    this.backend = backend;
  }

  /** Updates done so far (0 before the first). */
  public long step() {
    return step;
  }

  /** Sets the step count (restoring saved or averaged state). */
  public void setStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step count must be >= 0, got " + step);
    }
    this.step = step;
  }

  long incrementStep() {
    return ++step;
  }

  /** The state buffers by name, in creation order (unmodifiable view; the tensors are the live state). */
  public Map<String, Tensor> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  /** The named buffer, or null when absent. */
  public Tensor buffer(String name) {
    return buffers.get(name);
  }

  /** The named buffer, created zero-filled (parameter shape and dtype) when absent. */
  public Tensor bufferOrCreate(String name) {
    return buffers.computeIfAbsent(name, k -> Tensor.zeros(backend, dtype, shape));
  }

  /** Replaces or adds a buffer with a copy of {@code values} (same element count as the parameter). */
  void putCopy(String name, Tensor values) {
    Tensor dst = bufferOrCreate(name);
    if (values.numel() != dst.numel()) {
      throw new IllegalArgumentException("state buffer '" + name + "' has " + values.numel() + " elements, parameter "
          + dst.numel());
    }
    // converted where the values are, then one upload to the state's backend
    Tensor src = values.detach().to(dtype).reshape(shape).to(backend);
    backend.copy(src, dst);
    dst.storage().bumpVersion();
  }

  /** The backend holding the parameter and every buffer. */
  public Backend backend() {
    return backend;
  }

  /** Shape of the parameter (and of every buffer). */
  public int[] shape() {
    return shape.clone();
  }

  /** Element type of the parameter (and of every buffer). */
  public DType dtype() {
    return dtype;
  }
}
