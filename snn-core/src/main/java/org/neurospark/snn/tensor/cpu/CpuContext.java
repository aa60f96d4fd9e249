package org.neurospark.snn.tensor.cpu;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An execution context of the CPU kernels, created and closed by its caller: it owns a thread pool of
 * {@code threads - 1} daemon workers (none for one thread), the Winograd choice, and the kernels' scratch memory,
 * as set by an immutable {@link CpuConfig}. Kernels (every tensor op on the CPU backend, the neuron kernels,
 * training) run in the context that the calling thread has {@linkplain #enter entered}:
 *
 * <pre>{@code
 * try (CpuContext cpu = CpuContext.open(CpuConfig.ofThreads(4));
 *      CpuContext.Scope in = cpu.enter()) {
 *   ... forward, backward, optimizer steps: parallel loops run on the calling thread and cpu's 3 workers ...
 * }
 * }</pre>
 *
 * <p>Outside any context kernels run on the calling thread alone (Winograd on, no scratch kept). Contexts are
 * independent: two threads in two contexts (say one per Spark task) share no pool, no scratch and no lock, and a
 * computation gives bit-identical results for a given thread count whatever else runs in the JVM.
 *
 * <p>Thread safety: a context may be entered by several threads at once; their parallel loops then share its
 * workers (each caller also works on its own loop, so none waits for another's). Each entering thread gets its own
 * scratch. A scope must be closed by the thread that entered it, in reverse order of entering. A pool worker cannot
 * enter a context (a kernel's loop body must not).
 *
 * <p>Lifecycle: {@link #close()} refuses new scopes at once; the pool is shut down and all scratch released when
 * the last open scope closes (at once when none is open), so a context is never shut down under a caller that is
 * running kernels in it. Idle workers also end (and drop their scratch) after the pool's keep-alive (60 s).
 *
 * <p>Scratch memory: each thread running the context's kernels (an entered caller or a worker) keeps at most
 * {@link CpuConfig#scratchBytesPerThread()} bytes of reusable arrays; {@link #retainedScratchBytes()} reports the
 * total. Scratch of a closed scope is kept for the next scope entered, until the context closes.
 */
public final class CpuContext implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CpuContext.class);

  private final CpuConfig config;
  private final String name;
  /** The workers; null for one thread. */
  private final ForkJoinPool pool;
  private final AtomicLong scratchBytes = new AtomicLong();
  private final Object lock = new Object();
  /** Every scratch set handed out and not yet discarded (scopes' and workers'), under {@code lock}. */
  private final Map<Scratch, Boolean> live = new IdentityHashMap<>();
  /** Scratch sets of closed scopes, for the next scope; under {@code lock}. */
  private final ArrayList<Scratch> idle = new ArrayList<>();
  private int openScopes;
  private boolean closed;
  private boolean released;
  /** Released float arrays kept for reuse; null when {@link CpuConfig#recycleBytes()} is 0. */
  private final ArrayRecycler recycler;

  private CpuContext(CpuConfig config) {
    this.config = config;
    this.name = "neurospark-cpu-" + Integer.toHexString(System.identityHashCode(this));
    this.pool = config.threads() == 1 ? null
        : new ForkJoinPool(config.threads() - 1, p -> new Cpu.Worker(p, this), null, false);
    long keep = config.recycleBytes() == CpuConfig.RECYCLE_QUARTER_HEAP ? Runtime.getRuntime().maxMemory() / 4
        : config.recycleBytes();
    this.recycler = keep > 0 ? new ArrayRecycler(keep) : null;
    LOG.debug("{}: {} threads, Winograd {}, scratch {} bytes per thread, GEMM kernel {}", name, config.threads(),
        config.winograd() ? "on" : "off", config.scratchBytesPerThread(),
        KernelsF.VECTOR ? "Vector API" : "plain Java (add --add-modules jdk.incubator.vector for the fast one)");
  }

  /** A new context with {@code config}; the caller closes it. */
  public static CpuContext open(CpuConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config is null");
    }
    return new CpuContext(config);
  }

  /** A new context of {@link CpuConfig#ofThreads(int) ofThreads(threads)}; the caller closes it. */
  public static CpuContext open(int threads) {
    return open(CpuConfig.ofThreads(threads));
  }

  /** A new context of {@link CpuConfig#fromEnvironment()}; the caller closes it. */
  public static CpuContext openFromEnvironment() {
    return open(CpuConfig.fromEnvironment());
  }

  /** The context the calling thread runs kernels in, or null outside any. */
  public static CpuContext current() {
    return Cpu.binding().context;
  }

  /** This context's settings. */
  public CpuConfig config() {
    return config;
  }

  /** Threads that run a parallel loop in this context ({@code config().threads()}). */
  public int threads() {
    return config.threads();
  }

  /** Name of this context; its workers are named {@code <name>-<index>}. */
  public String name() {
    return name;
  }

  /**
   * Makes this the calling thread's context until the returned scope is closed (then the thread's previous
   * context, if any, applies again).
   *
   * @throws IllegalStateException if the context is closed, or the caller is a pool worker of a context
   */
  public Scope enter() {
    if (Thread.currentThread() instanceof Cpu.Worker) {
      throw new IllegalStateException("a kernel thread of " + ((Cpu.Worker) Thread.currentThread()).binding.context
          + " cannot enter a context");
    }
    Scratch scratch;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(name + " is closed");
      }
      openScopes++;
      scratch = idle.isEmpty() ? register() : idle.remove(idle.size() - 1);
    }
    Cpu.Binding b = new Cpu.Binding(this, config.threads(), pool, config.winograd(), scratch, Cpu.CURRENT.get(),
        false);
    Cpu.CURRENT.set(b);
    return new Scope(b);
  }

  /** Runs {@code body} in this context (entered and left around it). */
  public void run(Runnable body) {
    try (Scope s = enter()) {
      body.run();
    }
  }

  /** Computes {@code body} in this context (entered and left around it). */
  public <T> T call(Supplier<T> body) {
    try (Scope s = enter()) {
      return body.get();
    }
  }

  /** The recycler of released float arrays, or null when recycling is off. */
  ArrayRecycler recycler() {
    return recycler;
  }

  /** Bytes of released arrays kept for reuse now (0 when recycling is off, or once closed and released). */
  public long recycledBytes() {
    return recycler == null ? 0 : recycler.keptBytes();
  }

  /** Released arrays handed out again so far (0 when recycling is off). */
  public long recycledArrays() {
    return recycler == null ? 0 : recycler.reused();
  }

  /** Bytes of scratch arrays the threads of this context keep now (0 once closed and released). */
  public long retainedScratchBytes() {
    return scratchBytes.get();
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Closes the context: no scope can be entered any more; the workers are shut down and all scratch released when
   * the last open scope closes (now, when none is open). Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (openScopes == 0) {
        release();
      }
    }
  }

  @Override
  public String toString() {
    return name + config;
  }

  /** A new scratch set of this context (for an entering thread or a new worker). */
  Scratch newScratch() {
    synchronized (lock) {
      return register();
    }
  }

  private Scratch register() {
    Scratch s = new Scratch(config.scratchBytesPerThread(), scratchBytes);
    if (!released) {
      live.put(s, Boolean.TRUE);
    }
    return s;
  }

  /** Releases a worker's scratch when the worker ends. */
  void discard(Scratch s) {
    synchronized (lock) {
      if (live.remove(s) != null) {
        s.release();
      }
    }
  }

  private void exit(Scratch s) {
    synchronized (lock) {
      openScopes--;
      if (closed) {
        live.remove(s);
        s.release();
        if (openScopes == 0) {
          release();
        }
      } else {
        idle.add(s);
      }
    }
  }

  /** Under {@code lock}, once no scope is open (so no kernel of this context runs). */
  private void release() {
    if (released) {
      return;
    }
    released = true;
    if (pool != null) {
      pool.shutdown();
    }
    for (Scratch s : live.keySet()) {
      s.release();
    }
    live.clear();
    idle.clear();
    if (recycler != null) {
      recycler.clear();
    }
  }

  /**
   * The calling thread's stay in a context ({@link #enter()}); closing it restores the thread's previous context.
   */
  public final class Scope implements AutoCloseable {
    private final Cpu.Binding binding;
    private final Thread owner = Thread.currentThread();
    private boolean done;

    private Scope(Cpu.Binding binding) {
      this.binding = binding;
    }

    /** The context this scope entered. */
    public CpuContext context() {
      return CpuContext.this;
    }

    /**
     * Leaves the context. Idempotent.
     *
     * @throws IllegalStateException when called from another thread than the one that entered, or while a scope
     *     entered later on this thread is still open
     */
    @Override
    public void close() {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException("a scope of " + name + " must be closed by the thread that entered it ("
            + owner.getName() + ")");
      }
      if (done) {
        return;
      }
      if (Cpu.CURRENT.get() != binding) {
        throw new IllegalStateException("scopes must be closed in reverse order of entering (" + name + ")");
      }
      done = true;
      if (binding.previous == null) {
        Cpu.CURRENT.remove();
      } else {
        Cpu.CURRENT.set(binding.previous);
      }
      exit(binding.scratch);
    }
  }
}
