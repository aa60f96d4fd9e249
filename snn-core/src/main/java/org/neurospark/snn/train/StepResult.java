package org.neurospark.snn.train;

import org.neurospark.snn.loss.Losses;
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
 * @param optimizerNanos optimizer update + state reset (0 when no update was made)
 */
public record StepResult(Tensor lossTensor, Tensor output, int[] labels, long forwardNanos, long backwardNanos,
    long optimizerNanos) {
  /** The loss value (reads the scalar). */
  public double loss() {
    return lossTensor.item();
  }

  /** Correct predictions in the batch ({@link Losses#predict}: argmax of the summed output). */
  public int correct() {
    return Losses.correct(output, labels);
  }

  /** Samples in the batch. */
  public int size() {
    return labels.length;
  }
}
