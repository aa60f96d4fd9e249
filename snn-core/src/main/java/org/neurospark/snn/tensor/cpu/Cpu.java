package org.neurospark.snn.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread configuration of the CPU backend: {@code threads()} threads run every parallel kernel loop, the calling
 * thread and {@code threads() - 1} workers of one shared {@link ForkJoinPool}. The default count is the number of
 * available processors (override with system property {@code neurospark.threads}).
 */
public final class Cpu {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Cpu.class);

  /** Thread count and its pool, swapped together. */
  private static final class Config {
    final int threads;
    final ForkJoinPool pool;

    Config(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
      }
      this.threads = threads;
      this.pool = threads == 1 ? null : new ForkJoinPool(threads - 1, Worker::new, null, false);
    }
  }

  private static volatile Config config = new Config(Integer.getInteger("neurospark.threads",
      Runtime.getRuntime().availableProcessors()));

  /** Set while a thread runs a share of a parallel loop that it called (nested loops then run inline). */
  private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);

  private Cpu() {}

  /** A kernel thread, named {@code neurospark-cpu-<pool index>} once registered with its pool. */
  private static final class Worker extends ForkJoinWorkerThread {
    Worker(ForkJoinPool p) {
      super(p);
      setDaemon(true);
    }

    @Override
    protected void onStart() {
      super.onStart();
      setName("neurospark-cpu-" + (getPoolIndex() + 1));
    }
  }

  static {
    LOG.debug("CPU backend: {} threads, GEMM kernel {}", config.threads,
        KernelsF.VECTOR ? "Vector API" : "plain Java (add --add-modules jdk.incubator.vector for the fast one)");
  }

  /** Sets the number of kernel threads (1 = single-threaded). */
  public static synchronized void setThreads(int n) {
    Config old = config;
    if (n != old.threads) {
      LOG.debug("CPU backend: {} threads", n);
      config = new Config(n);
      if (old.pool != null) {
        old.pool.shutdown();
      }
    }
  }

  /** The number of kernel threads (the thread that calls a kernel is one of them). */
  public static int threads() {
    return config.threads;
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

  /**
   * True when called from inside a parallel loop (a kernel thread, or a caller running its own share): nested
   * parallel loops then run sequentially.
   */
  static boolean inWorker() {
    return Thread.currentThread() instanceof Worker || IN_LOOP.get()[0];
  }

  /** Chunks per thread of a parallel loop, claimed in turn: balances a core that is slower or busy elsewhere. */
  static final int CHUNKS_PER_THREAD = 4;

  /**
   * Runs {@code body} over {@code [0, n)} split into at most {@code CHUNKS_PER_THREAD · threads()} chunks of at
   * least {@code grain} indices, on at most {@code threads()} threads; runs inline (one chunk) when the range is
   * under two grains, on one thread, or when already inside a parallel loop. The chunk bounds depend only on
   * {@code n}, {@code grain} and the thread count, and which thread runs which chunk does not matter: the calling
   * thread and the pool's workers claim chunks in turn until none is left (so a worker that is slow to wake up, or a
   * core busy with another process, delays nothing but the chunks it took). A body must therefore give the same
   * results for any split of the range.
   */
  public static void parallelFor(int n, int grain, RangeBody body) {
    Config cfg = config;
    int chunks = cfg.threads < 2 ? 1
        : (int) Math.min((long) CHUNKS_PER_THREAD * cfg.threads, Math.max(1L, n / (long) Math.max(grain, 1)));
    if (chunks <= 1 || inWorker()) {
      if (n > 0) {
        body.run(0, n);
      }
      return;
    }
    Loop loop = new Loop(n, chunks, body);
    Loop.Helper[] helpers = new Loop.Helper[Math.min(chunks - 1, cfg.threads - 1)];
    for (int i = 0; i < helpers.length; i++) {
      helpers[i] = loop.new Helper();
      cfg.pool.execute(helpers[i]);
    }
    boolean[] flag = IN_LOOP.get();
    flag[0] = true;
    try {
      loop.work();
      for (Loop.Helper h : helpers) {
        // awaited (tryUnfork can only take back a task queued by this thread): a helper that starts after the last
        // chunk was claimed finds nothing to do
        if (!h.tryUnfork()) {
          h.quietlyJoin();
        }
      }
    } finally {
      flag[0] = false;
    }
    loop.rethrow();
  }

  /** One parallel loop: chunks are claimed from a shared counter; the first failure is kept and rethrown. */
  private static final class Loop {
    final int n;
    final int chunks;
    final RangeBody body;
    final AtomicInteger next = new AtomicInteger();
    volatile Throwable failure;

    Loop(int n, int chunks, RangeBody body) {
      this.n = n;
      this.chunks = chunks;
      this.body = body;
    }

    void work() {
      try {
        for (int c = next.getAndIncrement(); c < chunks && failure == null; c = next.getAndIncrement()) {
          body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
        }
      } catch (Throwable t) {
        synchronized (this) {
          if (failure == null) {
            failure = t;
          }
        }
      }
    }

    void rethrow() {
      Throwable t = failure;
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }

    final class Helper extends RecursiveAction {
      @Override
      protected void compute() {
        work();
      }
    }
  }
}
