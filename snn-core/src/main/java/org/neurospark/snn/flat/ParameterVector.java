package org.neurospark.snn.flat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.optim.ParamState;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Storage;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * A model's state (and optionally its optimizer's) flattened to one contiguous float32 array plus one array of exact
 * 64-bit integer counters, for data-parallel training: workers flatten, exchange or average the arrays (Spark
 * barrier stages, all-reduce), and write the result back ({@link #copyTo}).
 *
 * <p><b>Layout</b> ({@link FlatLayout}, deterministic: a function of the model definition only): first every
 * parameter in {@link Module#namedParameters()} order (PyTorch's: own parameters, then children in registration
 * order), then every buffer in {@link Module#namedBuffers()} order; with an optimizer, then for each of its
 * parameters (in its order, the model's) the state buffers named by {@link Optimizer#bufferNames()} (e.g.
 * {@code exp_avg}, {@code exp_avg_sq}) as {@code optimizer.<param>.<buffer>} and the step count as
 * {@code optimizer.<param>.step}. Float entries are laid out back to back in the float section in that order,
 * counter entries likewise in the counter section. A parameter's optimizer state that does not exist yet (no step
 * taken) is carried as zeros with step 0, so the layout does not change after the first step; writing back a step
 * count of 0 drops the state again (exactly a fresh optimizer).
 *
 * <p><b>Integer buffers</b> (BatchNorm's {@code num_batches_tracked}, {@link FlatKind#COUNTER}) and optimizer step
 * counts ({@link FlatKind#OPTIMIZER_STEP}) are not squeezed into float32, which is exact only up to 2^24: they are
 * carried separately, exactly, in the counter section ({@link #counters()}). {@link #average} takes their integer
 * mean rounded down, which in synchronous data-parallel training (every replica takes the same steps) is the common
 * value.
 *
 * <p>Only float32 tensors can be flattened (a model converted to float64 for gradient checks is refused). The model
 * may live on any backend: a device tensor is downloaded straight into the vector ({@code Backend.download}) and
 * written back with one upload of its slice, copied in place on the device (the host array is the vector itself).
 * {@link #toByteBuffer()} gives the little-endian bytes: {@code 4·floatCount} bytes of floats, then
 * {@code 8·counterCount} bytes of counters.
 *
 * <p>A data-parallel round, per worker (the driver ships the {@link org.neurospark.snn.train.TrainConfig}):
 * <pre>{@code
 * Module model = cfg.createModel();
 * TrainStep step = cfg.createStep(model);
 * ... step.step(batch, StepSeeds.training(cfg.seed(), epoch, b)) for the worker's batches ...
 * ParameterVector mine = ParameterVector.of(model, step.optimizer());   // send mine.toByteBuffer()
 * ParameterVector avg = ParameterVector.average(allWorkers);             // same layout everywhere
 * avg.copyTo(model, step.optimizer());
 * }</pre>
 */
public final class ParameterVector {
  private static final String OPT = "optimizer.";

  private final FlatLayout layout;
  private final float[] values;
  private final long[] counters;

  /**
   * A vector over existing arrays (not copied).
   *
   * @param values {@code layout.floatCount()} floats
   * @param counters {@code layout.counterCount()} counters
   */
  public ParameterVector(FlatLayout layout, float[] values, long[] counters) {
    this.layout = Objects.requireNonNull(layout, "layout");
    if (values.length != layout.floatCount() || counters.length != layout.counterCount()) {
      throw new IllegalArgumentException("layout needs " + layout.floatCount() + " floats and "
          + layout.counterCount() + " counters, got " + values.length + " and " + counters.length);
    }
    this.values = values;
    this.counters = counters;
  }

  /** The layout of a model's parameters and buffers. */
  public static FlatLayout layout(Module model) {
    return layout(model, null);
  }

  /** The layout of a model's parameters and buffers and (when not null) the optimizer's state. */
  public static FlatLayout layout(Module model, Optimizer optimizer) {
    List<FlatEntry> entries = new ArrayList<>();
    int[] off = new int[2];
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      add(entries, off, e.getKey(), FlatKind.PARAMETER, e.getValue().shape());
    }
    for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
      boolean counter = model.isCounter(e.getKey());
      add(entries, off, e.getKey(), counter ? FlatKind.COUNTER : FlatKind.BUFFER, counter ? new int[] {1}
          : e.getValue().shape());
    }
    if (optimizer != null) {
      for (Map.Entry<String, Tensor> e : optimizer.params().entrySet()) {
        for (String b : optimizer.bufferNames()) {
          add(entries, off, OPT + e.getKey() + "." + b, FlatKind.OPTIMIZER_BUFFER, e.getValue().shape());
        }
        add(entries, off, OPT + e.getKey() + ".step", FlatKind.OPTIMIZER_STEP, new int[] {1});
      }
    }
    return new FlatLayout(entries);
  }

  private static void add(List<FlatEntry> entries, int[] off, String name, FlatKind kind, int[] shape) {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    int section = kind.isCounter() ? 1 : 0;
    entries.add(new FlatEntry(name, kind, shape, off[section], n));
    off[section] = Math.addExact(off[section], n);
  }

  /** Flattens (copies) a model's parameters and buffers. */
  public static ParameterVector of(Module model) {
    return of(model, null);
  }

  /** Flattens (copies) a model's parameters and buffers and (when not null) the optimizer's state. */
  public static ParameterVector of(Module model, Optimizer optimizer) {
    FlatLayout layout = layout(model, optimizer);
    float[] v = new float[layout.floatCount()];
    long[] c = new long[layout.counterCount()];
    fill(layout, v, c, model, optimizer);
    return new ParameterVector(layout, v, c);
  }

  /**
   * Copies the current state of {@code model} (and of {@code optimizer}, not null exactly when the layout has
   * optimizer entries) into this vector's arrays, in place: afterwards the vector equals
   * {@link #of(Module, Optimizer) of(model, optimizer)}, without allocating its arrays again. A data-parallel worker
   * keeps one vector (tens of megabytes for a large model) across rounds this way.
   *
   * @return this
   * @throws IllegalArgumentException when the layout of {@code model} and {@code optimizer} differs from this
   *     vector's
   */
  public ParameterVector refresh(Module model, Optimizer optimizer) {
    FlatLayout target = layout(model, optimizer);
    if (!target.equals(layout)) {
      throw new IllegalArgumentException("layout mismatch: " + firstDifference(layout, target));
    }
    fill(layout, values, counters, model, optimizer);
    return this;
  }

  private static void fill(FlatLayout layout, float[] v, long[] c, Module model, Optimizer optimizer) {
    Map<String, Tensor> params = model.namedParameters();
    Map<String, Tensor> buffers = model.namedBuffers();
    for (FlatEntry e : layout.entries()) {
      switch (e.kind()) {
        case PARAMETER:
          putFloats(e, params.get(e.name()), v);
          break;
        case BUFFER:
          putFloats(e, buffers.get(e.name()), v);
          break;
        case COUNTER:
          c[e.offset()] = (long) buffers.get(e.name()).item();
          break;
        case OPTIMIZER_BUFFER: {
          String[] pb = splitOptimizerName(e.name());
          ParamState st = optimizer.state().get(pb[0]);
          Tensor t = st == null ? null : st.buffer(pb[1]);
          if (t != null) {
            putFloats(e, t, v);
          } else {
            Arrays.fill(v, e.offset(), e.offset() + e.length(), 0f);
          }
          break;
        }
        case OPTIMIZER_STEP: {
          ParamState st = optimizer.state().get(splitOptimizerName(e.name())[0]);
          c[e.offset()] = st == null ? 0 : st.step();
          break;
        }
        default:
          throw new IllegalStateException(e.kind().toString());
      }
    }
  }

  /** {@code optimizer.<param>.<last>} → {param, last}. */
  private static String[] splitOptimizerName(String name) {
    int dot = name.lastIndexOf('.');
    return new String[] {name.substring(OPT.length(), dot), name.substring(dot + 1)};
  }

  private static void putFloats(FlatEntry e, Tensor t, float[] v) {
    if (t.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException("'" + e.name() + "' is " + t.dtype() + "; a ParameterVector holds float32"
          + " state only");
    }
    if (t.numel() != e.length()) {
      throw new IllegalArgumentException("'" + e.name() + "' has " + t.numel() + " elements, the layout "
          + e.length());
    }
    if (!(t.backend() instanceof CpuBackend)) {
      t.backend().download(t, v, e.offset()); // a device tensor: one download straight into the vector
    } else if (t.isContiguous()) {
      System.arraycopy(t.floatData(), t.offset(), v, e.offset(), e.length()); // one copy, no temporary array
    } else {
      System.arraycopy(t.toFloatArray(), 0, v, e.offset(), e.length());
    }
  }

  /** Writes the parameters and buffers back into a model whose layout equals this vector's. */
  public void copyTo(Module model) {
    copyTo(model, null);
  }

  /**
   * Writes everything back: parameters and buffers into the model and (when the layout has optimizer entries)
   * optimizer state into {@code optimizer}, in place. The target's layout must equal this vector's.
   */
  public void copyTo(Module model, Optimizer optimizer) {
    FlatLayout target = layout(model, optimizer);
    if (!target.equals(layout)) {
      throw new IllegalArgumentException("layout mismatch: " + firstDifference(layout, target));
    }
    Map<String, Tensor> params = model.namedParameters();
    Map<String, Tensor> buffers = model.namedBuffers();
    for (FlatEntry e : layout.entries()) {
      switch (e.kind()) {
        case PARAMETER:
          getFloats(e, params.get(e.name()));
          break;
        case BUFFER:
          getFloats(e, buffers.get(e.name()));
          break;
        case COUNTER: {
          long n = counters[e.offset()];
          if (n < 0 || n > (1L << 53)) {
            throw new IllegalArgumentException("counter '" + e.name() + "' = " + n + " outside [0, 2^53]");
          }
          Tensor t = buffers.get(e.name());
          if (t.backend() instanceof CpuBackend) {
            t.doubleData()[t.offset()] = n;
          } else {
            copyIn(t.backend().upload(new double[] {n}, 0, 1), t);
          }
          t.storage().bumpVersion();
          break;
        }
        case OPTIMIZER_STEP: {
          String p = splitOptimizerName(e.name())[0];
          long step = counters[e.offset()];
          if (step == 0) {
            optimizer.clearState(p);
          } else {
            optimizer.stateOrCreate(p).setStep(step);
          }
          break;
        }
        case OPTIMIZER_BUFFER:
          break;
        default:
          throw new IllegalStateException(e.kind().toString());
      }
    }
    for (FlatEntry e : layout.entries(FlatKind.OPTIMIZER_BUFFER)) {
      String[] pb = splitOptimizerName(e.name());
      ParamState st = optimizer.state().get(pb[0]);
      if (st != null) {
        getFloats(e, st.bufferOrCreate(pb[1]));
      }
    }
  }

  private void getFloats(FlatEntry e, Tensor t) {
    if (t.dtype() != DType.FLOAT32 || !t.isContiguous()) {
      throw new IllegalArgumentException("'" + e.name() + "' must be a contiguous float32 tensor");
    }
    if (t.backend() instanceof CpuBackend) {
      System.arraycopy(values, e.offset(), t.floatData(), t.offset(), e.length());
    } else {
      copyIn(t.backend().upload(values, e.offset(), e.length()), t); // a device tensor: one upload of the slice
    }
    t.storage().bumpVersion();
  }

  /** Copies an uploaded storage (t's element count, t's layout) into device tensor {@code t} in place, then frees it. */
  private static void copyIn(Storage uploaded, Tensor t) {
    Tensor src = new Tensor(uploaded, t.shape(), t.strides(), 0);
    t.backend().copy(src, t);
    uploaded.release();
  }

  private static String firstDifference(FlatLayout a, FlatLayout b) {
    int n = Math.min(a.entries().size(), b.entries().size());
    for (int i = 0; i < n; i++) {
      if (!a.entries().get(i).equals(b.entries().get(i))) {
        return "entry " + i + " is " + a.entries().get(i) + " here, " + b.entries().get(i) + " in the target";
      }
    }
    return a.entries().size() + " entries here, " + b.entries().size() + " in the target";
  }

  /**
   * The element-wise mean of vectors with equal layouts: each float is {@code (float) (Σ_i v_i / k)} with the sum
   * taken in double in list order; each counter is {@code floor(Σ_i c_i / k)}.
   */
  public static ParameterVector average(List<ParameterVector> vectors) {
    if (vectors.isEmpty()) {
      throw new IllegalArgumentException("nothing to average");
    }
    FlatLayout layout = vectors.get(0).layout;
    for (ParameterVector v : vectors) {
      if (!v.layout.equals(layout)) {
        throw new IllegalArgumentException("layout mismatch: " + firstDifference(v.layout, layout));
      }
    }
    int k = vectors.size();
    float[] out = new float[layout.floatCount()];
    double[] sum = new double[out.length];
    for (ParameterVector v : vectors) {
      for (int i = 0; i < out.length; i++) {
        sum[i] += v.values[i];
      }
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (sum[i] / k);
    }
    long[] c = new long[layout.counterCount()];
    for (int i = 0; i < c.length; i++) {
      long s = 0;
      for (ParameterVector v : vectors) {
        s = Math.addExact(s, v.counters[i]);
      }
      c[i] = Math.floorDiv(s, k);
    }
    return new ParameterVector(layout, out, c);
  }

  public FlatLayout layout() {
    return layout;
  }

  /** The float32 section (live array, {@code layout().floatCount()} values). */
  public float[] floats() {
    return values;
  }

  /** The counter section (live array, {@code layout().counterCount()} values). */
  public long[] counters() {
    return counters;
  }

  /** The values of one entry (a copy; counters as floats only when below 2^24 — use {@link #counter} instead). */
  public float[] floats(String name) {
    FlatEntry e = require(name);
    if (e.kind().isCounter()) {
      throw new IllegalArgumentException("'" + name + "' is a counter");
    }
    return Arrays.copyOfRange(values, e.offset(), e.offset() + e.length());
  }

  /** The value of a counter entry. */
  public long counter(String name) {
    FlatEntry e = require(name);
    if (!e.kind().isCounter()) {
      throw new IllegalArgumentException("'" + name + "' is not a counter");
    }
    return counters[e.offset()];
  }

  private FlatEntry require(String name) {
    FlatEntry e = layout.entry(name);
    if (e == null) {
      throw new IllegalArgumentException("no entry '" + name + "' in the layout");
    }
    return e;
  }

  /** A deep copy. */
  public ParameterVector copy() {
    return new ParameterVector(layout, values.clone(), counters.clone());
  }

  /** Little-endian bytes: the floats, then the counters ({@link FlatLayout#byteSize()} bytes). */
  public ByteBuffer toByteBuffer() {
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(layout.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    b.position(4 * values.length);
    b.asLongBuffer().put(counters);
    b.position(0);
    return b;
  }

  /** Reads what {@link #toByteBuffer()} wrote (the buffer's remaining bytes; its position is not moved). */
  public static ParameterVector fromByteBuffer(FlatLayout layout, ByteBuffer bytes) {
    ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() != layout.byteSize()) {
      throw new IllegalArgumentException("layout needs " + layout.byteSize() + " bytes, got " + b.remaining());
    }
    float[] v = new float[layout.floatCount()];
    long[] c = new long[layout.counterCount()];
    b.asFloatBuffer().get(v);
    b.position(4 * v.length);
    b.asLongBuffer().get(c);
    return new ParameterVector(layout, v, c);
  }
}
