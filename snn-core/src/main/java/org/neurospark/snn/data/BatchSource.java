package org.neurospark.snn.data;

import org.neurospark.snn.tensor.Tensor;

/**
 * A labelled classification data set that fills mini-batches by sample index: what training and evaluation read
 * ({@link org.neurospark.snn.train.TrainStep}, {@link org.neurospark.snn.train.Evaluation}). Implementations hold
 * or reach the samples; the order of an epoch comes from {@link EpochOrder} (seeded, so a resumed run reads the
 * same batches).
 *
 * <p>Two layouts exist: images ({@link ImageDataset}: sample {@code [C, H, W]}, batch {@code [N, C, H, W]}, encoded
 * over T steps by an {@link org.neurospark.snn.encoding.InputEncoder}) and event frames ({@link FrameDataset}:
 * sample {@code [T, C, H, W]} with C = 2 polarities, batch time-major {@code [T, N, C, H, W]} as SpikingJelly feeds
 * its multi-step networks, used as it is). Values are float32.
 *
 * <p>Implementations are not required to be thread-safe; {@link #fillBatch} must not keep references to its
 * arguments.
 */
public interface BatchSource {
  /** Number of samples. */
  int size();

  /** Number of classes (labels are in [0, numClasses)). */
  int numClasses();

  /** Shape of one sample: {@code [C, H, W]} (images) or {@code [T, C, H, W]} (event frames). */
  int[] sampleShape();

  /** Shape of the batch tensor {@link #fillBatch} fills for {@code n} samples. */
  int[] batchShape(int n);

  /** Label of sample {@code i}. */
  int label(int i);

  /**
   * Fills {@code out} (float32, contiguous, {@link #batchShape}{@code (B)} with B = {@code labelsOut.length}) with
   * samples {@code indices[from .. from+B)} and {@code labelsOut} with their labels.
   */
  void fillBatch(int[] indices, int from, Tensor out, int[] labelsOut);

  /** A new batch of samples {@code indices[from .. from+n)}. */
  default Batch batch(int[] indices, int from, int n) {
    Tensor x = Tensor.zeros(batchShape(n));
    int[] lab = new int[n];
    fillBatch(indices, from, x, lab);
    return new Batch(x, lab);
  }
}
