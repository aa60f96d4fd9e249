package org.neurospark.spark.train;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ParameterAverager} among N threads of one JVM (N replicas trained side by side, and the reference in
 * tests of the ring): each operation waits until every member has called it, then every member computes the same
 * result from all contributions in rank order — weighted means as {@code (float) (Σ w_i·x_i / Σ w_i)} with both sums
 * in float64 in rank order, sums in float64 in rank order — so all members get bit-identical arrays. A member that
 * does not arrive within the timeout, or a member that is interrupted, breaks the group: every waiting member gets
 * an {@link IOException}.
 */
public final class InProcessAverager implements ParameterAverager {
  private final Group group;
  private final int rank;

  private InProcessAverager(Group group, int rank) {
    this.group = group;
    this.rank = rank;
  }

  /**
   * A group of {@code n} members, element {@code r} being rank r; give each to its own thread.
   *
   * @param timeout how long an operation waits for the other members
   */
  public static List<InProcessAverager> group(int n, Duration timeout) {
    if (n < 1) {
      throw new IllegalArgumentException("a group needs at least one member, got " + n);
    }
    Group g = new Group(n, timeout);
    List<InProcessAverager> l = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      l.add(new InProcessAverager(g, r));
    }
    return List.copyOf(l);
  }

  private static final class Group {
    final int n;
    final long timeoutNanos;
    final CyclicBarrier barrier;
    final Object[] arrays;
    final double[] weights;

    Group(int n, Duration timeout) {
      this.n = n;
      this.timeoutNanos = timeout.toNanos();
      this.barrier = new CyclicBarrier(n);
      this.arrays = new Object[n];
      this.weights = new double[n];
    }

    void await(int rank, String what) throws IOException {
      try {
        barrier.await(timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        barrier.reset();
        throw new IOException("rank " + rank + " interrupted in " + what, e);
      } catch (TimeoutException e) {
        throw new IOException("rank " + rank + ": not every member reached " + what + " within "
            + Duration.ofNanos(timeoutNanos), e);
      } catch (BrokenBarrierException e) {
        throw new IOException("rank " + rank + ": another member failed or timed out in " + what, e);
      }
    }
  }

  @Override
  public int workers() {
    return group.n;
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public void weightedAverage(float[] values, double weight) throws IOException {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
    }
    group.arrays[rank] = values;
    group.weights[rank] = weight;
    group.await(rank, "weightedAverage");
    double total = 0;
    for (int r = 0; r < group.n; r++) {
      float[] o = (float[]) group.arrays[r];
      if (o.length != values.length) {
        group.barrier.reset();
        throw new IOException("rank " + r + " averages " + o.length + " values, rank " + rank + " "
            + values.length);
      }
      total += group.weights[r];
    }
    if (!(total > 0)) {
      group.await(rank, "weightedAverage");
      throw new IllegalArgumentException("total weight of all workers is " + total);
    }
    double[] s = new double[values.length];
    for (int r = 0; r < group.n; r++) {
      float[] o = (float[]) group.arrays[r];
      double w = group.weights[r];
      for (int i = 0; i < s.length; i++) {
        s[i] += w * o[i];
      }
    }
    group.await(rank, "weightedAverage");
    for (int i = 0; i < s.length; i++) {
      values[i] = (float) (s[i] / total);
    }
  }

  @Override
  public void sum(double[] values) throws IOException {
    group.arrays[rank] = values;
    group.await(rank, "sum");
    double[] s = new double[values.length];
    for (int r = 0; r < group.n; r++) {
      double[] o = (double[]) group.arrays[r];
      if (o.length != values.length) {
        group.barrier.reset();
        throw new IOException("rank " + r + " sums " + o.length + " values, rank " + rank + " " + values.length);
      }
      for (int i = 0; i < s.length; i++) {
        s[i] += o[i];
      }
    }
    group.await(rank, "sum");
    System.arraycopy(s, 0, values, 0, s.length);
  }

  /** Nothing to release. */
  @Override
  public void close() {
  }
}
