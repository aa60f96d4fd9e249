package org.neurospark.snn.tensor;

import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * A scoped default backend for the calling thread: while a scope is open, the tensor factories that take no
 * {@link Backend} ({@link Tensor#zeros(int...)}, {@link Tensor#fromArray(float[], int...)}, parameter
 * initialisation, ...) create their tensors on the scope's backend instead of the CPU, so a model built inside
 * the scope lives on that device from its first parameter.
 *
 * <pre>{@code
 * try (BackendScope on = BackendScope.enter(gpu)) {
 *   Module net = ModelZoo.csnnFmnist(...);   // parameters on gpu
 * }
 * }</pre>
 *
 * <p>Scopes nest; each must be closed by the thread that opened it, innermost first. Other threads keep their own
 * default (the CPU outside any scope). Operations on tensors always allocate on their inputs' backend, whatever the
 * scope.
 */
public final class BackendScope implements AutoCloseable {
  private static final ThreadLocal<BackendScope> CURRENT = new ThreadLocal<>();

  private final Backend backend;
  private final BackendScope outer;
  private final Thread owner;
  private boolean closed;

  private BackendScope(Backend backend, BackendScope outer) {
    this.backend = backend;
    this.outer = outer;
    this.owner = Thread.currentThread();
  }

  /** Opens a scope in which {@code backend} is the calling thread's default backend. */
  public static BackendScope enter(Backend backend) {
    if (backend == null) {
      throw new IllegalArgumentException("backend is null");
    }
    BackendScope s = new BackendScope(backend, CURRENT.get());
    CURRENT.set(s);
    return s;
  }

  /** The calling thread's default backend: that of its innermost open scope, else the CPU. */
  public static Backend current() {
    BackendScope s = CURRENT.get();
    return s == null ? CpuBackend.INSTANCE : s.backend;
  }

  /** The backend this scope makes the default. */
  public Backend backend() {
    return backend;
  }

  /**
   * Ends the scope: the default goes back to the enclosing scope's backend (the CPU outside any). Closing twice
   * does nothing.
   *
   * @throws IllegalStateException when called from another thread, or while a scope opened inside this one is
   *     still open
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a backend scope must be closed by the thread that opened it (" + owner.getName()
          + ")");
    }
    if (CURRENT.get() != this) {
      throw new IllegalStateException("backend scopes must be closed innermost first: the scope of "
          + current().name() + " opened inside this one is still open");
    }
    closed = true;
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
  }
}
