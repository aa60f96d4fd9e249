package org.neurospark.snn.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurospark.snn.data.BatchSource;
import org.neurospark.snn.tensor.Tensor;

/**
 * Event frames held sparsely: per sample only the non-zero pixels of its {@code [T, 2, H, W]} frames (flat index and
 * value), so a dataset of short recordings fits in memory (an N-MNIST sample of ~4,000 events at T = 10 keeps at
 * most 4,000 entries, 32 KB, instead of 92 KB dense). Batches are dense, time-major {@code [T, N, 2, H, W]} float32
 * like snn-core's {@link org.neurospark.snn.data.FrameDataset}, for the "frames" input encoder.
 */
public final class SparseFrameDataset implements BatchSource {
  private final int t;
  private final int h;
  private final int w;
  private final int numClasses;
  private final List<int[]> index;
  private final List<float[]> value;
  private final int[] labels;
  private final List<String> names;

  private SparseFrameDataset(int t, int h, int w, int numClasses, List<int[]> index, List<float[]> value,
      int[] labels, List<String> names) {
    this.t = t;
    this.h = h;
    this.w = w;
    this.numClasses = numClasses;
    this.index = index;
    this.value = value;
    this.labels = labels;
    this.names = names;
  }

  /** A builder for samples of {@code t} frames of {@code [2, h, w]}. */
  public static Builder builder(int t, int h, int w, int numClasses) {
    return new Builder(t, h, w, numClasses);
  }

  /** Collects samples; not thread-safe. */
  public static final class Builder {
    private final int t;
    private final int h;
    private final int w;
    private final int numClasses;
    private final List<int[]> index = new ArrayList<>();
    private final List<float[]> value = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private Builder(int t, int h, int w, int numClasses) {
      if (t < 1 || h < 1 || w < 1 || numClasses < 1) {
        throw new IllegalArgumentException("T, H, W and classes must be positive: " + t + ", " + h + ", " + w + ", "
            + numClasses);
      }
      if ((long) t * 2 * h * w > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("[T, 2, H, W] = [" + t + ", 2, " + h + ", " + w + "] is too large");
      }
      this.t = t;
      this.h = h;
      this.w = w;
      this.numClasses = numClasses;
    }

    /** Adds a sample given as dense frames {@code [T, 2, H, W]} (row-major). */
    public Builder add(float[] dense, int label, String name) {
      if (dense.length != t * 2 * h * w) {
        throw new IllegalArgumentException("sample '" + name + "' has " + dense.length + " values, [" + t + ", 2, "
            + h + ", " + w + "] needs " + t * 2 * h * w);
      }
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException("sample '" + name + "': label " + label + " outside [0, " + numClasses
            + ")");
      }
      int nz = 0;
      for (float v : dense) {
        if (v != 0) {
          nz++;
        }
      }
      int[] idx = new int[nz];
      float[] val = new float[nz];
      int k = 0;
      for (int i = 0; i < dense.length; i++) {
        if (dense[i] != 0) {
          idx[k] = i;
          val[k++] = dense[i];
        }
      }
      index.add(idx);
      value.add(val);
      labels.add(label);
      names.add(name);
      return this;
    }

    public SparseFrameDataset build() {
      return new SparseFrameDataset(t, h, w, numClasses, List.copyOf(index), List.copyOf(value),
          labels.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(names));
    }
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** Frames (time steps) per sample. */
  public int timeSteps() {
    return t;
  }

  /** The sample's name (the recording's file name or segment name). */
  public String name(int i) {
    return names.get(i);
  }

  /** Non-zero entries stored for sample {@code i}. */
  public int storedEntries(int i) {
    return index.get(i).length;
  }

  /** Sample {@code i} as dense frames {@code [T, 2, H, W]}. */
  public float[] dense(int i) {
    float[] d = new float[t * 2 * h * w];
    int[] idx = index.get(i);
    float[] val = value.get(i);
    for (int k = 0; k < idx.length; k++) {
      d[idx[k]] = val[k];
    }
    return d;
  }

  @Override
  public int[] sampleShape() {
    return new int[] {t, 2, h, w};
  }

  @Override
  public int[] batchShape(int n) {
    return new int[] {t, n, 2, h, w};
  }

  @Override
  public int label(int i) {
    return labels[i];
  }

  @Override
  public void fillBatch(int[] indices, int from, Tensor out, int[] labelsOut) {
    int n = labelsOut.length;
    if (!Arrays.equals(out.shape(), batchShape(n)) || !out.isContiguous()) {
      throw new IllegalArgumentException("batch tensor " + Arrays.toString(out.shape()) + " is not a contiguous "
          + Arrays.toString(batchShape(n)));
    }
    int frame = 2 * h * w;
    float[] d = out.floatData();
    int base = out.offset();
    Arrays.fill(d, base, base + t * n * frame, 0f);
    for (int j = 0; j < n; j++) {
      int s = indices[from + j];
      int[] idx = index.get(s);
      float[] val = value.get(s);
      for (int k = 0; k < idx.length; k++) {
        int step = idx[k] / frame;
        d[base + (step * n + j) * frame + idx[k] % frame] = val[k];
      }
      labelsOut[j] = labels[s];
    }
    out.storage().bumpVersion();
  }
}
