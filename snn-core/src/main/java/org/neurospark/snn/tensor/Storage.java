package org.neurospark.snn.tensor;

/**
 * A flat buffer of elements owned by a {@link Backend}. Several tensors (views) may share one storage; the
 * storage carries the version counter that autograd uses to detect in-place modification of saved tensors.
 */
public abstract class Storage {
  private final DType dtype;
  private final int size;
  private int version;

  protected Storage(DType dtype, int size) {
    this.dtype = dtype;
    this.size = size;
  }

  /** Element type. */
  public final DType dtype() {
    return dtype;
  }

  /** Number of elements. */
  public final int size() {
    return size;
  }

  /** The backend that owns this storage and runs kernels on it. */
  public abstract Backend backend();

  /** Version counter: incremented by every in-place modification through any view. */
  public final int version() {
    return version;
  }

  /** Marks the storage as modified in place (called by in-place operations and kernels that write into it). */
  public final void bumpVersion() {
    version++;
  }
}
