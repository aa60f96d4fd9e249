package org.neurospark.snn.tensor.cpu;

import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Storage;

/**
 * Heap storage: exactly one of {@link #floats()} (FLOAT32), {@link #doubles()} (FLOAT64), {@link #ints()} (INT32)
 * or {@link #longs()} (INT64) is non-null until {@link #release()}, which drops the array (the accessors then throw
 * {@link IllegalStateException} naming the kernel that asked).
 */
public final class CpuStorage extends Storage {
  private float[] f;
  private double[] d;
  private int[] i;
  private long[] l;
  /** Where {@link #release()} returns the float array, or null (the garbage collector takes it). */
  private final ArrayRecycler recycler;

  /** Wraps a float array (no copy). */
  public CpuStorage(float[] data) {
    this(data, null);
  }

  /** Wraps a float array that {@link #release()} gives to {@code recycler} (null: none). */
  CpuStorage(float[] data, ArrayRecycler recycler) {
    super(DType.FLOAT32, data.length);
    this.f = data;
    this.d = null;
    this.i = null;
    this.l = null;
    this.recycler = recycler;
  }

  /** Wraps a double array (no copy). */
  public CpuStorage(double[] data) {
    super(DType.FLOAT64, data.length);
    this.f = null;
    this.d = data;
    this.i = null;
    this.l = null;
    this.recycler = null;
  }

  /** Wraps an int array (no copy). */
  public CpuStorage(int[] data) {
    super(DType.INT32, data.length);
    this.f = null;
    this.d = null;
    this.i = data;
    this.l = null;
    this.recycler = null;
  }

  /** Wraps a long array (no copy). */
  public CpuStorage(long[] data) {
    super(DType.INT64, data.length);
    this.f = null;
    this.d = null;
    this.i = null;
    this.l = data;
    this.recycler = null;
  }

  /** The float array (FLOAT32 storages), else null. */
  public float[] floats() {
    if (isReleased()) {
      throw releasedError(null);
    }
    return f;
  }

  /** The double array (FLOAT64 storages), else null. */
  public double[] doubles() {
    if (isReleased()) {
      throw releasedError(null);
    }
    return d;
  }

  /** The int array (INT32 storages), else null. */
  public int[] ints() {
    if (isReleased()) {
      throw releasedError(null);
    }
    return i;
  }

  /** The long array (INT64 storages), else null. */
  public long[] longs() {
    if (isReleased()) {
      throw releasedError(null);
    }
    return l;
  }

  /** Element {@code k} as a double (integers converted; INT64 may round beyond 2^53). */
  double getDouble(int k) {
    switch (dtype()) {
      case FLOAT32: return f[k];
      case FLOAT64: return d[k];
      case INT32: return i[k];
      default: return l[k];
    }
  }

  /** Element {@code k} of an integer storage as a long. */
  long getLong(int k) {
    return dtype() == DType.INT32 ? i[k] : l[k];
  }

  /**
   * True for heap memory left to the garbage collector; false for an array of a context's {@link ArrayRecycler},
   * which the library's ownership rules then release (see {@link Storage#gcManaged()}) so that it is reused.
   */
  @Override
  public boolean gcManaged() {
    return recycler == null;
  }

  /**
   * Drops the array (the garbage collector reclaims it once no kernel holds it), or gives it to its context's
   * recycler.
   */
  @Override
  protected void releaseMemory() {
    if (recycler != null && f != null) {
      recycler.give(f);
    }
    f = null;
    d = null;
    i = null;
    l = null;
  }

  @Override
  public Backend backend() {
    return CpuBackend.INSTANCE;
  }
}
