package org.neurospark.spark.train;

import org.neurospark.snn.data.FrameDataset;
import org.neurospark.snn.tensor.Rng;

/** Random event frames for tests: sparse 0/1 counts whose density depends on the label (so a net can learn). */
final class SyntheticFrames {
  private SyntheticFrames() {}

  /** {@code n} samples of {@code [t, 2, h, w]} with labels {@code i % classes}. */
  static FrameDataset make(int n, int t, int h, int w, int classes, long seed) {
    Rng rng = new Rng(seed);
    FrameDataset.Builder b = FrameDataset.builder(t, 2, h, w, classes);
    for (int i = 0; i < n; i++) {
      int label = i % classes;
      float[] f = new float[t * 2 * h * w];
      for (int k = 0; k < f.length; k++) {
        int x = k % w;
        boolean hot = x * classes / w == label;
        f[k] = rng.nextDouble() < (hot ? 0.6 : 0.1) ? 1f : 0f;
      }
      b.add(f, label);
    }
    return b.build();
  }
}
