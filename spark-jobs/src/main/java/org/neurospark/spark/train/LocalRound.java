package org.neurospark.spark.train;

import java.io.Serializable;

/**
 * What one worker did in the local part of a round, before averaging.
 *
 * @param round round index (0-based)
 * @param steps optimizer steps taken
 * @param samples training samples seen (the worker's averaging weight)
 * @param lossSum Σ loss·batch size over the steps
 * @param correct correct training predictions
 * @param nanos wall time of the local steps, in nanoseconds
 */
public record LocalRound(int round, int steps, long samples, double lossSum, long correct, long nanos)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
