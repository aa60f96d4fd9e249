package org.neurospark.snn.data;

import java.util.Objects;
import org.neurospark.snn.tensor.Tensor;

/**
 * One mini-batch: the inputs in the layout of the {@link BatchSource} that made it ({@code [N, C, H, W]} images,
 * {@code [T, N, C, H, W]} time-major event frames) and one class label per sample (0-based, in batch order).
 *
 * @param inputs float32 tensor whose batch dimension holds {@code labels.length} samples
 * @param labels class indices in [0, classes)
 */
public record Batch(Tensor inputs, int[] labels) {
  public Batch {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(labels, "labels");
  }

  /** Number of samples. */
  public int size() {
    return labels.length;
  }
}
