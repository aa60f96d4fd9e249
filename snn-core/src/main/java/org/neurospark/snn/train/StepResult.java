package org.neurospark.snn.train;

import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.tensor.Storage;
import org.neurospark.snn.tensor.StorageScope;
import org.neurospark.snn.tensor.Tensor;

/**
 * What one step produced, kept as tensors so that taking a step does not force reading values back to the host:
 * the loss (scalar, detached) and the network output {@code [T, N, C]} (detached), with the labels. {@link #loss()}
 * and {@link #correct()} read them when asked ({@link StepMetrics} defers that until metrics are wanted).
 * Also carries the wall time of the step's phases, in nanoseconds.
 *
 * @param lossTensor scalar loss, detached from the graph
 * @param output network output {@code [T, N, C]}, detached
 * @param labels the batch's labels (a copy owned by the result)
 * @param forwardNanos encode + forward + loss
 * @param backwardNanos zero grads + backward
 * @param optimizerNanos optimizer update + state reset + release of the step's storages (0 when no update was made)
 * @param ownsLoss true when the step handed the storage of {@code lossTensor} over to this result (nothing else
 *     reaches it): {@link #release()} then frees it
 * @param ownsOutput the same for {@code output} (false when, e.g., a hook on the model keeps the output)
 */
public record StepResult(Tensor lossTensor, Tensor output, int[] labels, long forwardNanos, long backwardNanos,
    long optimizerNanos, boolean ownsLoss, boolean ownsOutput) {

  /** A result that does not own its tensors ({@link #release()} does nothing). */
  public StepResult(Tensor lossTensor, Tensor output, int[] labels, long forwardNanos, long backwardNanos,
      long optimizerNanos) {
    this(lossTensor, output, labels, forwardNanos, backwardNanos, optimizerNanos, false, false);
  }

  /**
   * Frees the loss and output storages this result owns ({@link #ownsLoss}, {@link #ownsOutput}: a device gets the
   * memory back now); afterwards {@link #loss()} / {@link #correct()} throw for what was freed. Idempotent.
   * {@link StepMetrics} calls it once it has read the values.
   */
  public void release() {
    if (ownsLoss) {
      lossTensor.storage().release();
    }
    if (ownsOutput) {
      output.storage().release();
    }
  }
  /** The loss value (reads the scalar). */
  public double loss() {
    return lossTensor.item();
  }

  /**
   * Correct predictions in the batch ({@link Losses#predict}: argmax of the summed output); the temporaries of the
   * computation (on the output's backend) are released before it returns.
   */
  public int correct() {
    try (StorageScope scope = StorageScope.open()) {
      int c = Losses.correct(output, labels);
      for (Storage s : scope.recorded()) {
        s.release(); // only this computation's own temporaries: it returns a host int
      }
      return c;
    }
  }

  /** Samples in the batch. */
  public int size() {
    return labels.length;
  }
}
