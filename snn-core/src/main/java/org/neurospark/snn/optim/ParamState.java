package org.neurospark.snn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * The optimizer state of one parameter: its step count (Adam's t, the number of updates that saw a gradient) and
 * named state buffers (SGD's {@code momentum_buffer}; Adam's {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq}), each a contiguous tensor of the parameter's shape and dtype, kept in creation order
 * (PyTorch's names and order). Buffers are created zero-filled on first use.
 */
public final class ParamState {
  private final int[] shape;
  private final DType dtype;
  private long step;
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();

  ParamState(int[] shape, DType dtype) {
    this.shape = shape.clone();
    this.dtype = dtype;
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
    return buffers.computeIfAbsent(name, k -> Tensor.zeros(dtype, shape));
  }

  /** The float32 values of a buffer (created when {@code create}), or null when absent and not created. */
  float[] floats(String name, boolean create) {
    Tensor t = create ? bufferOrCreate(name) : buffers.get(name);
    return t == null ? null : t.floatData();
  }

  /** The float64 values of a buffer (created when {@code create}), or null when absent and not created. */
  double[] doubles(String name, boolean create) {
    Tensor t = create ? bufferOrCreate(name) : buffers.get(name);
    return t == null ? null : t.doubleData();
  }

  /** Replaces or adds a buffer with a copy of {@code values} (same element count as the parameter). */
  void putCopy(String name, Tensor values) {
    Tensor dst = bufferOrCreate(name);
    if (values.numel() != dst.numel()) {
      throw new IllegalArgumentException("state buffer '" + name + "' has " + values.numel() + " elements, parameter "
          + dst.numel());
    }
    if (dtype == DType.FLOAT32) {
      float[] s = values.to(DType.FLOAT32).toFloatArray();
      System.arraycopy(s, 0, dst.floatData(), 0, s.length);
    } else {
      double[] s = values.toDoubleArray();
      System.arraycopy(s, 0, dst.doubleData(), 0, s.length);
    }
    dst.storage().bumpVersion();
  }

  /** Shape of the parameter (and of every buffer). */
  public int[] shape() {
    return shape.clone();
  }

  public DType dtype() {
    return dtype;
  }
}
