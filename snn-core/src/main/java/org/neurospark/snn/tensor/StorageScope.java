package org.neurospark.snn.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records the storages that tensor factories create on the calling thread while the scope is open, so that their
 * owner can release them deterministically ({@link Storage#release()}); the scope itself releases nothing. Scopes
 * nest: when an inner scope closes, what it recorded is added to the enclosing scope's record (the outer owner
 * still sees every allocation of its region).
 *
 * <p>Recorded are the storages behind {@link Tensor#zeros(Backend, DType, int...)}, {@code full}, {@code ones},
 * {@code scalar}, {@code fromArray} (uploads and CPU wraps) and every operation's output (they all allocate through
 * these factories); not recorded are storages the garbage collector manages ({@link Storage#gcManaged()}: the
 * CPU's) and storages that kernels allocate on other threads or below the tensor API.
 *
 * <p>Per thread, like {@link BackendScope}: open and close it on the same thread, with try-with-resources.
 */
public final class StorageScope implements AutoCloseable {
  private static final ThreadLocal<StorageScope> CURRENT = new ThreadLocal<>();

  private final StorageScope outer;
  private final Thread thread;
  private final List<Storage> recorded = new ArrayList<>();
  private boolean closed;

  private StorageScope(StorageScope outer) {
    this.outer = outer;
    this.thread = Thread.currentThread();
  }

  /** Opens a scope on the calling thread (nested in the one already open, if any). */
  public static StorageScope open() {
    StorageScope s = new StorageScope(CURRENT.get());
    CURRENT.set(s);
    return s;
  }

  /**
   * Records {@code s} in the calling thread's innermost open scope (if any; not when {@link Storage#gcManaged()})
   * and returns it.
   */
  public static Storage track(Storage s) {
    if (s.gcManaged()) {
      return s;
    }
    StorageScope sc = CURRENT.get();
    if (sc != null) {
      sc.recorded.add(s);
    }
    return s;
  }

  /** The storages recorded so far, in allocation order (a read-only view; released ones included). */
  public List<Storage> recorded() {
    return Collections.unmodifiableList(recorded);
  }

  /** Closes the scope: the enclosing scope becomes current again and inherits the record. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException("a StorageScope must be closed on the thread that opened it");
    }
    if (CURRENT.get() != this) {
      throw new IllegalStateException("StorageScope closed out of order: an inner scope is still open");
    }
    closed = true;
    if (outer != null) {
      outer.recorded.addAll(recorded);
      CURRENT.set(outer);
    } else {
      CURRENT.remove();
    }
  }
}
