package org.neurospark.snn.tensor.cpu;

import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Storage;

/** Heap storage: exactly one of {@link #floats()} (FLOAT32) or {@link #doubles()} (FLOAT64) is non-null. */
public final class CpuStorage extends Storage {
  private final float[] f;
  private final double[] d;

  /** Wraps a float array (no copy). */
  public CpuStorage(float[] data) {
    super(DType.FLOAT32, data.length);
    this.f = data;
    this.d = null;
  }

  /** Wraps a double array (no copy). */
  public CpuStorage(double[] data) {
    super(DType.FLOAT64, data.length);
    this.f = null;
    this.d = data;
  }

  /** The float array (FLOAT32 storages), else null. */
  public float[] floats() {
    return f;
  }

  /** The double array (FLOAT64 storages), else null. */
  public double[] doubles() {
    return d;
  }

  @Override
  public Backend backend() {
    return CpuBackend.INSTANCE;
  }
}
