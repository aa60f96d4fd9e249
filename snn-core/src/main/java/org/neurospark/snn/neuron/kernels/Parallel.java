package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.tensor.cpu.Cpu;
import org.neurospark.snn.tensor.cpu.CpuContext;

/**
 * Splits a neuron range [0, n) into at most {@code parts} contiguous chunks and runs them in the calling thread's
 * {@link CpuContext} (on its pool, the calling thread taking chunks too; sequentially outside a context or inside a
 * parallel loop). The chunk bounds depend only on n, {@code parts} and the work per item, and partial results are
 * summed in chunk order, so a reduction is deterministic for a given {@code parts} whichever threads run it. Neuron
 * layers pass their context's thread count ({@link Cpu#threads()}).
 */
public final class Parallel {
  /** Work on neurons [lo, hi); returns a partial sum (0 if the task reduces nothing). */
  @FunctionalInterface
  public interface RangeTask {
    double run(int lo, int hi);
  }

  /** Below this many neuron-steps per extra part, work stays in one part. */
  static final long MIN_WORK_PER_THREAD = 1 << 15;

  private Parallel() {}

  /**
   * Runs {@code task} over [0, n) in up to {@code parts} chunks and returns the sum of the chunks' results (in chunk
   * order); {@code workPerItem} (e.g. T) only decides whether splitting is worth it.
   */
  public static double forRange(int n, int parts, long workPerItem, RangeTask task) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, got " + parts);
    }
    int chunks = (int) Math.max(1, Math.min(parts, (long) n * Math.max(1, workPerItem) / MIN_WORK_PER_THREAD));
    if (chunks <= 1) {
      return task.run(0, n);
    }
    int[] bounds = new int[chunks + 1];
    for (int i = 0; i <= chunks; i++) {
      long b = (long) n * i / chunks;
      bounds[i] = i == chunks ? n : (int) (b & ~15L);
    }
    double[] partial = new double[chunks];
    Cpu.parallelFor(chunks, 1, (c0, c1) -> {
      for (int c = c0; c < c1; c++) {
        partial[c] = task.run(bounds[c], bounds[c + 1]);
      }
    });
    double sum = partial[0];
    for (int i = 1; i < chunks; i++) {
      sum += partial[i];
    }
    return sum;
  }
}
