package org.neurospark.snn.neuron.kernels;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Splits a neuron range [0, n) into contiguous chunks, one per thread, and runs them on a shared daemon pool (one
 * pool per requested thread count; the calling thread runs the first chunk). Partial results are summed in chunk
 * order, so a reduction is deterministic for a given thread count.
 */
public final class Parallel {
  /** Work on neurons [lo, hi); returns a partial sum (0 if the task reduces nothing). */
  @FunctionalInterface
  public interface RangeTask {
    double run(int lo, int hi);
  }

  /** Below this many neuron-steps per extra thread, work stays on the calling thread. */
  static final long MIN_WORK_PER_THREAD = 1 << 15;

  private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

  private Parallel() {}

  /** Default thread count: available processors. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Runs {@code task} over [0, n) with up to {@code threads} threads; {@code workPerItem} (e.g. T) only decides
   * whether splitting is worth it.
   */
  public static double forRange(int n, int threads, long workPerItem, RangeTask task) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    int parts = (int) Math.max(1, Math.min(threads, (long) n * Math.max(1, workPerItem) / MIN_WORK_PER_THREAD));
    if (parts <= 1) {
      return task.run(0, n);
    }
    int[] bounds = new int[parts + 1];
    for (int i = 0; i <= parts; i++) {
      long b = (long) n * i / parts;
      bounds[i] = i == parts ? n : (int) (b & ~15L);
    }
    ForkJoinPool pool = POOLS.computeIfAbsent(parts - 1, k -> new ForkJoinPool(k));
    @SuppressWarnings("unchecked")
    Future<Double>[] futures = new Future[parts];
    for (int i = 1; i < parts; i++) {
      final int lo = bounds[i];
      final int hi = bounds[i + 1];
      futures[i] = pool.submit(() -> task.run(lo, hi));
    }
    double sum = task.run(bounds[0], bounds[1]);
    for (int i = 1; i < parts; i++) {
      try {
        sum += futures[i].get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a kernel chunk", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException) {
          throw (RuntimeException) c;
        }
        if (c instanceof Error) {
          throw (Error) c;
        }
        throw new IllegalStateException(c);
      }
    }
    return sum;
  }
}
