package org.neurospark.spark.train;

import java.io.IOException;
import java.util.Objects;
import org.neurospark.spark.train.allreduce.RingAllReduce;

/**
 * A {@link ParameterAverager} over a connected {@link RingAllReduce}: {@link #weightedAverage} is
 * {@link RingAllReduce#weightedAverage} (float64 partial sums, one float32 rounding, bit-identical on every worker)
 * and {@link #sum} is {@link RingAllReduce#allReduceSum}. Takes ownership of the ring and closes it.
 */
public final class RingAverager implements ParameterAverager {
  private final RingAllReduce ring;

  /** Wraps a ring that every worker has joined. */
  public RingAverager(RingAllReduce ring) {
    this.ring = Objects.requireNonNull(ring, "ring");
  }

  /** The ring (for its byte counters). */
  public RingAllReduce ring() {
    return ring;
  }

  @Override
  public int workers() {
    return ring.size();
  }

  @Override
  public int rank() {
    return ring.rank();
  }

  @Override
  public void weightedAverage(float[] values, double weight) throws IOException {
    ring.weightedAverage(values, weight);
  }

  @Override
  public void sum(double[] values) throws IOException {
    ring.allReduceSum(values);
  }

  @Override
  public void close() {
    ring.close();
  }
}
