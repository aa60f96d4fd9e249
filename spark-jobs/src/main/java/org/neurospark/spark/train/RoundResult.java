package org.neurospark.spark.train;

import java.io.Serializable;

/**
 * A finished round, the same on every worker (the sums come from {@link ParameterAverager#sum}).
 *
 * @param round round index (0-based)
 * @param epoch epoch of the round's last step (0-based)
 * @param step optimizer steps per worker done after the round (the global step)
 * @param samples training samples of the round, summed over the workers
 * @param loss mean training loss of the round (sample-weighted over all workers' batches)
 * @param accuracy training accuracy of the round over all workers' batches, in [0, 1]
 * @param workers workers that took part
 * @param trainNanos this worker's wall time of the local steps, in nanoseconds
 * @param averageNanos this worker's wall time of the averaging, in nanoseconds, {@code waitNanos} included
 * @param waitNanos the part of {@code averageNanos} this worker spent waiting for the slowest worker to finish its
 *     local steps (plus one exchange of a few numbers), in nanoseconds; 0 where not measured
 */
public record RoundResult(int round, int epoch, long step, long samples, double loss, double accuracy, int workers,
    long trainNanos, long averageNanos, long waitNanos) implements Serializable {
  private static final long serialVersionUID = 2L;

  /** A result without a separate wait time ({@code waitNanos} 0). */
  public RoundResult(int round, int epoch, long step, long samples, double loss, double accuracy, int workers,
      long trainNanos, long averageNanos) {
    this(round, epoch, step, samples, loss, accuracy, workers, trainNanos, averageNanos, 0);
  }
}
