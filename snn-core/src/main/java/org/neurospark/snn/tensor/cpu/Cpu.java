package org.neurospark.snn.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * Thread configuration of the CPU backend: one shared {@link ForkJoinPool} used by all kernels. The default size
 * is the number of available processors (override with system property {@code neurospark.threads}).
 */
public final class Cpu {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Cpu.class);
  private static volatile ForkJoinPool pool = newPool(Integer.getInteger("neurospark.threads",
      Runtime.getRuntime().availableProcessors()));

  private Cpu() {}

  private static ForkJoinPool newPool(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("thread count must be >= 1, got " + n);
    }
    return new ForkJoinPool(n, p -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setName("neurospark-cpu-" + t.getPoolIndex());
      t.setDaemon(true);
      return t;
    }, null, false);
  }

  static {
    LOG.debug("CPU backend: {} threads, GEMM kernel {}", pool.getParallelism(),
        KernelsF.VECTOR ? "Vector API" : "plain Java (add --add-modules jdk.incubator.vector for the fast one)");
  }

  /** Sets the number of kernel threads (1 = single-threaded). */
  public static synchronized void setThreads(int n) {
    if (n != pool.getParallelism()) {
      LOG.debug("CPU backend: {} threads", n);
      ForkJoinPool old = pool;
      pool = newPool(n);
      old.shutdown();
    }
  }

  /** The number of kernel threads. */
  public static int threads() {
    return pool.getParallelism();
  }

  /**
   * Turns the Winograd F(2×2, 3×3) path for fp32 3×3 stride-1 convolutions on (default) or off (im2col + GEMM);
   * for comparisons. Same as {@code -Dneurospark.winograd=false} at start-up.
   */
  public static void setWinograd(boolean on) {
    WinogradF.setEnabled(on);
  }

  /** True when eligible fp32 3×3 convolutions use Winograd F(2×2, 3×3). */
  public static boolean winograd() {
    return WinogradF.enabled();
  }

  /** True when GEMM runs on the JDK Vector API kernel (JVM flag {@code --add-modules jdk.incubator.vector}). */
  public static boolean vectorized() {
    return KernelsF.VECTOR;
  }

  /** A range body: processes indices {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /** True when called from a kernel thread (nested parallel loops then run sequentially). */
  static boolean inWorker() {
    Thread t = Thread.currentThread();
    return t instanceof ForkJoinWorkerThread && ((ForkJoinWorkerThread) t).getPool() == pool;
  }

  /**
   * Runs {@code body} over {@code [0, n)} split into at most {@code threads()} chunks of at least {@code grain}
   * indices; runs inline when the range is small or when already inside a kernel thread.
   */
  public static void parallelFor(int n, int grain, RangeBody body) {
    int threads = threads();
    int chunks = (int) Math.min(threads, Math.max(1L, n / (long) Math.max(grain, 1)));
    if (chunks <= 1 || inWorker()) {
      if (n > 0) {
        body.run(0, n);
      }
      return;
    }
    ForkJoinPool p = pool;
    p.invoke(new RecursiveAction() {
      @Override
      protected void compute() {
        RecursiveAction[] tasks = new RecursiveAction[chunks];
        for (int c = 0; c < chunks; c++) {
          int from = (int) ((long) n * c / chunks);
          int to = (int) ((long) n * (c + 1) / chunks);
          tasks[c] = new RecursiveAction() {
            @Override
            protected void compute() {
              body.run(from, to);
            }
          };
        }
        invokeAll(tasks);
      }
    });
  }
}
