package org.neurospark.snn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurospark.snn.tensor.Tensor;

/**
 * Event frames held in memory: each sample a float32 array {@code [T, C, H, W]} (C = 2 polarity channels for event
 * cameras, values as integrated — event counts per pixel and frame, or 0/1 — in row-major order) with a class label.
 * Batches are time-major {@code [T, N, C, H, W]}, SpikingJelly's layout for multi-step networks
 * ({@code frame.transpose(0, 1)} of its {@code [N, T, C, H, W]} loader output), used by the network as it is
 * ({@link org.neurospark.snn.encoding.InputEncoder#timeMajor()}).
 *
 * <p>The arrays are not copied: callers must not modify them while the data set is in use.
 */
public final class FrameDataset implements BatchSource {
  private final List<float[]> frames;
  private final int[] labels;
  private final int t;
  private final int c;
  private final int h;
  private final int w;
  private final int numClasses;

  /**
   * @param frames one {@code [T, C, H, W]} array per sample (T·C·H·W values each)
   * @param labels one label per sample in [0, numClasses)
   * @param t frames per sample (time steps)
   * @param c channels (2 for ON/OFF polarity)
   * @param h height in pixels
   * @param w width in pixels
   */
  public FrameDataset(List<float[]> frames, int[] labels, int t, int c, int h, int w, int numClasses) {
    if (t < 1 || c < 1 || h < 1 || w < 1 || numClasses < 1) {
      throw new IllegalArgumentException("FrameDataset needs T, C, H, W and classes >= 1");
    }
    if (frames.size() != labels.length) {
      throw new IllegalArgumentException(frames.size() + " samples but " + labels.length + " labels");
    }
    long item = (long) t * c * h * w;
    for (int i = 0; i < labels.length; i++) {
      float[] f = frames.get(i);
      if (f == null || f.length != item) {
        throw new IllegalArgumentException("sample " + i + " has " + (f == null ? "no" : f.length) + " values, a ["
            + t + ", " + c + ", " + h + ", " + w + "] frame stack has " + item);
      }
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " outside [0, " + numClasses
            + ")");
      }
    }
    this.frames = List.copyOf(frames);
    this.labels = labels.clone();
    this.t = t;
    this.c = c;
    this.h = h;
    this.w = w;
    this.numClasses = numClasses;
  }

  /** A builder adding samples one at a time (e.g. as an event reader integrates them). */
  public static Builder builder(int t, int c, int h, int w, int numClasses) {
    return new Builder(t, c, h, w, numClasses);
  }

  /** Collects samples for a {@link FrameDataset}. */
  public static final class Builder {
    private final int t;
    private final int c;
    private final int h;
    private final int w;
    private final int numClasses;
    private final List<float[]> frames = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();

    private Builder(int t, int c, int h, int w, int numClasses) {
      this.t = t;
      this.c = c;
      this.h = h;
      this.w = w;
      this.numClasses = numClasses;
    }

    /** Adds one sample ({@code [T, C, H, W]} values, not copied) with its label. */
    public Builder add(float[] sample, int label) {
      frames.add(sample);
      labels.add(label);
      return this;
    }

    public FrameDataset build() {
      return new FrameDataset(frames, labels.stream().mapToInt(Integer::intValue).toArray(), t, c, h, w,
          numClasses);
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

  @Override
  public int[] sampleShape() {
    return new int[] {t, c, h, w};
  }

  @Override
  public int[] batchShape(int n) {
    return new int[] {t, n, c, h, w};
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
    int frame = c * h * w;
    float[] d = out.floatData();
    int base = out.offset();
    for (int j = 0; j < n; j++) {
      int idx = indices[from + j];
      float[] src = frames.get(idx);
      for (int s = 0; s < t; s++) {
        System.arraycopy(src, s * frame, d, base + (s * n + j) * frame, frame);
      }
      labelsOut[j] = labels[idx];
    }
    out.storage().bumpVersion();
  }
}
