package org.neurospark.snn.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Static entry points of the CPU kernels into the calling thread's {@link CpuContext}: {@link #parallelFor} runs a
 * loop on the context's threads, {@link #threads()} and {@link #winograd()} read its configuration, and kernel
 * scratch comes from the context. A thread is in a context while it has {@linkplain CpuContext#enter entered} one
 * (and the context's pool workers always are). Outside any context kernels run on the calling thread alone, with
 * Winograd on and no scratch kept between calls; nothing here holds JVM-wide mutable state.
 */
public final class Cpu {
  /**
   * What a thread runs kernels with: its context's settings and pool, its own scratch, and whether it is running
   * a share of a parallel loop. Only the owning thread reads or writes {@code inLoop}.
   */
  static final class Binding {
    final CpuContext context;
    final int threads;
    final ForkJoinPool pool;
    final boolean winograd;
    final Scratch scratch;
    /** The binding this one replaced on its thread (restored when its scope closes); null for none. */
    final Binding previous;
    boolean inLoop;

    Binding(CpuContext context, int threads, ForkJoinPool pool, boolean winograd, Scratch scratch,
        Binding previous, boolean inLoop) {
      this.context = context;
      this.threads = threads;
      this.pool = pool;
      this.winograd = winograd;
      this.scratch = scratch;
      this.previous = previous;
      this.inLoop = inLoop;
    }
  }

  /** The binding of a thread that has entered a context (absent otherwise; pool workers carry their own). */
  static final ThreadLocal<Binding> CURRENT = new ThreadLocal<>();

  /** Outside any context: one thread, Winograd on, nothing kept (immutable: inLoop is never set with 1 thread). */
  private static final Binding UNSCOPED = new Binding(null, 1, null, true, new Scratch(0, null), null, false);

  private Cpu() {}

  /** A pool worker of one context: always inside a parallel loop of that context. */
  static final class Worker extends ForkJoinWorkerThread {
    final Binding binding;

    Worker(ForkJoinPool pool, CpuContext context) {
      super(pool);
      setDaemon(true);
      this.binding = new Binding(context, context.config().threads(), pool, context.config().winograd(),
          context.newScratch(), null, true);
    }

    @Override
    protected void onStart() {
      super.onStart();
      setName(binding.context.name() + "-" + (getPoolIndex() + 1));
    }

    @Override
    protected void onTermination(Throwable exception) {
      binding.context.discard(binding.scratch);
      super.onTermination(exception);
    }
  }

  /** The array recycler of the calling thread's context, or null (outside a context, or recycling off). */
  static ArrayRecycler recycler() {
    CpuContext c = binding().context;
    return c == null ? null : c.recycler();
  }

  /** The calling thread's binding. */
  static Binding binding() {
    Thread t = Thread.currentThread();
    if (t instanceof Worker) {
      return ((Worker) t).binding;
    }
    Binding b = CURRENT.get();
    return b != null ? b : UNSCOPED;
  }

  /** The number of kernel threads of the calling thread's context (1 outside any context). */
  public static int threads() {
    return binding().threads;
  }

  /** True when eligible fp32 3×3 convolutions use Winograd F(2×2, 3×3) in the calling thread's context. */
  public static boolean winograd() {
    return binding().winograd;
  }

  /** True when GEMM runs on the JDK Vector API kernel (JVM flag {@code --add-modules jdk.incubator.vector}). */
  public static boolean vectorized() {
    return KernelsF.VECTOR;
  }

  /**
   * The width in bits of the Vector API's preferred float species, the width every vector kernel here uses (256 on
   * AVX2 or with {@code -XX:MaxVectorSize=32}, 512 with AVX-512); 0 when the vector kernels are off.
   */
  public static int vectorBits() {
    return KernelsF.VECTOR ? VectorOps.FS.vectorBitSize() : 0;
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
    return binding().inLoop;
  }

  /** Chunks per thread of a parallel loop, claimed in turn: balances a core that is slower or busy elsewhere. */
  static final int CHUNKS_PER_THREAD = 4;

  /**
   * Runs {@code body} over {@code [0, n)} split into at most {@code CHUNKS_PER_THREAD · threads()} chunks of at
   * least {@code grain} indices, on at most {@code threads()} threads of the calling thread's {@link CpuContext};
   * runs inline (one chunk) when the range is under two grains, on one thread (always outside a context), or when
   * already inside a parallel loop. The chunk bounds depend only on {@code n}, {@code grain} and the thread count,
   * and which thread runs which chunk does not matter: the calling thread and the context's workers claim chunks in
   * turn until none is left (so a worker that is slow to wake up, or a core busy with another process, delays
   * nothing but the chunks it took). A body must therefore give the same results for any split of the range.
   */
  public static void parallelFor(int n, int grain, RangeBody body) {
    Binding b = binding();
    int threads = b.threads;
    int chunks = threads < 2 ? 1
        : (int) Math.min((long) CHUNKS_PER_THREAD * threads, Math.max(1L, n / (long) Math.max(grain, 1)));
    if (chunks <= 1 || b.inLoop) {
      if (n > 0) {
        body.run(0, n);
      }
      return;
    }
    Loop loop = new Loop(n, chunks, body);
    Loop.Helper[] helpers = new Loop.Helper[Math.min(chunks - 1, threads - 1)];
    for (int i = 0; i < helpers.length; i++) {
      helpers[i] = loop.new Helper();
      b.pool.execute(helpers[i]);
    }
    b.inLoop = true;
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
      b.inLoop = false;
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
