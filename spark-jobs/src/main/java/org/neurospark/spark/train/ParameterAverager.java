package org.neurospark.spark.train;

import java.io.IOException;

/**
 * The collective operations a data-parallel round needs among the N workers of a training job (one instance per
 * worker, all calling the same operations in the same order with arrays of the same length):
 * <ul>
 *   <li>{@link #weightedAverage}: replace a float32 buffer (parameters, buffers, optimizer state) by the weighted
 *   mean {@code Σ w_i·x_i / Σ w_i} over the workers, identical on every worker afterwards;</li>
 *   <li>{@link #sum}: replace a float64 array by its element-wise sum over the workers (exact integer counters below
 *   2^53, metric sums).</li>
 * </ul>
 * Implementations: {@link RingAverager} (sockets between Spark barrier tasks, {@link
 * org.neurospark.spark.train.allreduce.RingAllReduce}) and {@link InProcessAverager} (threads of one JVM).
 * Not thread-safe: one thread drives one instance. {@link #close()} releases what the instance holds (sockets);
 * it does not close anything the caller passed in.
 */
public interface ParameterAverager extends AutoCloseable {
  /** Number of workers taking part (≥ 1). */
  int workers();

  /** This worker's rank in [0, {@link #workers()}). */
  int rank();

  /**
   * Replaces {@code values} by the weighted mean over all workers.
   *
   * @param values this worker's float32 values, the same length on every worker
   * @param weight this worker's weight (the samples it trained on since the last average), finite and ≥ 0; the
   *     total over the workers must be positive
   * @throws IOException when the exchange fails (a peer died or timed out)
   */
  void weightedAverage(float[] values, double weight) throws IOException;

  /**
   * Replaces {@code values} by their element-wise sum over all workers (every worker gets identical values).
   *
   * @throws IOException when the exchange fails
   */
  void sum(double[] values) throws IOException;

  @Override
  void close() throws IOException;
}
