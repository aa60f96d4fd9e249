package org.neurospark.snn.tensor;

/**
 * A flat buffer of elements owned by a {@link Backend}. Several tensors (views) may share one storage; the
 * storage carries the version counter that autograd uses to detect in-place modification of saved tensors.
 *
 * <p><b>Lifecycle.</b> A storage lives until {@link #release()} is called or, when nobody releases it, until the
 * garbage collector finds it unreachable (CPU memory: the heap array goes with it; device memory: the backend's
 * {@link java.lang.ref.Cleaner} gives the block back, late and nondeterministically). {@link #release()} frees the
 * memory now (CPU: drops the array; device: returns the block to the allocator) and is idempotent. Afterwards every
 * kernel, upload/download, copy or new view on the storage throws {@link IllegalStateException} naming the
 * operation, through every tensor that shares it.
 *
 * <p><b>Who may release.</b> Only the owner of a storage, and only when no object anyone else can reach still
 * refers to it. The library releases in three places, each documented there: autograd releases the tensors an op
 * handed it with {@link org.neurospark.snn.autograd.FunctionContext#saveOwned} when the graph is freed, and the
 * intermediate gradients of a backward pass once they are consumed
 * ({@link org.neurospark.snn.autograd.Autograd#backward}); the training step
 * ({@code org.neurospark.snn.train.TrainStep}) releases, at the end of each step, what the step allocated and
 * what is no longer reachable from the step's model, optimizer, loss and encoder (it hands the step's loss and
 * output over to the returned {@code StepResult}, released by {@code StepMetrics} after they are read). Storages
 * created outside these (parameters, user tensors, a batch the caller uploaded) belong to their creator. The
 * automatic releases apply to storages the garbage collector does not manage ({@link #gcManaged()}: device
 * memory, the sealed test backend); CPU arrays are left to the collector.
 */
public abstract class Storage {
  private final DType dtype;
  private final int size;
  private int version;
  private boolean released;

  protected Storage(DType dtype, int size) {
    this.dtype = dtype;
    this.size = size;
  }

  /** Element type. */
  public final DType dtype() {
    return dtype;
  }

  /** Number of elements. */
  public final int size() {
    return size;
  }

  /** The backend that owns this storage and runs kernels on it. */
  public abstract Backend backend();

  /** Version counter: incremented by every in-place modification through any view. */
  public final int version() {
    return version;
  }

  /** Marks the storage as modified in place (called by in-place operations and kernels that write into it). */
  public final void bumpVersion() {
    version++;
  }

  /**
   * Frees the memory now (see the class comment for who may call it). Idempotent: a second call does nothing.
   * Not thread-safe: call it from the thread that drives the backend.
   */
  public final void release() {
    if (released) {
      return;
    }
    released = true;
    releaseMemory();
  }

  /**
   * True when the garbage collector reclaims this storage's memory by itself (the CPU's heap arrays). Such storages
   * are not recorded by a {@link StorageScope}, so the library's automatic releases (the training step's, the
   * intermediate gradients of backward) leave them to the collector: recording them would keep every short-lived
   * array of a step reachable until the step ends, which costs the collector more than the release saves.
   * {@link #release()} still works on them. Default false (device memory).
   */
  public boolean gcManaged() {
    return false;
  }

  /** True once {@link #release()} was called. */
  public final boolean isReleased() {
    return released;
  }

  /**
   * Throws when the storage was released.
   *
   * @param op the operation about to use it, named in the error (null: taken from the calling backend method)
   * @throws IllegalStateException when {@link #release()} was called
   */
  public final void requireLive(String op) {
    if (released) {
      throw releasedError(op);
    }
  }

  /**
   * The error for a use of this released storage by {@code op}; when {@code op} is null the operation is taken
   * from the stack (the outermost method of the innermost run of {@link Backend} / kernel frames, else the first
   * caller outside the storage classes). Only called on the failure path.
   */
  protected final IllegalStateException releasedError(String op) {
    String name = op != null ? op : opFromStack();
    return new IllegalStateException(name + ": storage was released (" + dtype + ", " + size + " elements, backend "
        + backendName() + "); a released storage cannot be used by any kernel, upload/download, copy or view");
  }

  private String backendName() {
    try {
      return backend().name();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private static boolean kernelClass(Class<?> c) {
    return Backend.class.isAssignableFrom(c) || c.getName().contains("Kernels")
        || (c.getEnclosingClass() != null && kernelClass(c.getEnclosingClass()));
  }

  private static String simpleName(Class<?> c) {
    if (c.isAnonymousClass() && c.getInterfaces().length > 0) {
      return c.getInterfaces()[0].getSimpleName();
    }
    return c.getSimpleName();
  }

  private static String opFromStack() {
    java.util.List<StackWalker.StackFrame> fs = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames.filter(f -> !Storage.class.isAssignableFrom(f.getDeclaringClass())
                && !(f.getDeclaringClass() == Tensor.class && f.getMethodName().equals("<init>")))
            .limit(64).collect(java.util.stream.Collectors.toList()));
    // the outermost frame of the first run of backend / kernel frames: the backend method that was called
    for (int i = 0; i < fs.size(); i++) {
      if (kernelClass(fs.get(i).getDeclaringClass())) {
        int j = i;
        while (j + 1 < fs.size() && kernelClass(fs.get(j + 1).getDeclaringClass())) {
          j++;
        }
        return name(fs.get(j));
      }
    }
    // no backend involved (a view, a host accessor): the outermost Tensor method, else the first caller
    if (fs.isEmpty()) {
      return "operation";
    }
    int j = 0;
    while (j + 1 < fs.size() && fs.get(j).getDeclaringClass() == Tensor.class
        && fs.get(j + 1).getDeclaringClass() == Tensor.class) {
      j++;
    }
    return name(fs.get(j));
  }

  private static String name(StackWalker.StackFrame f) {
    return simpleName(f.getDeclaringClass()) + "." + f.getMethodName();
  }

  /**
   * Frees the backend memory behind this storage; called once, by {@link #release()}. The backend's
   * implementation must make later kernels on this storage fail (they check {@link #isReleased()}) and must make
   * sure its garbage-collection path (a {@link java.lang.ref.Cleaner}) does not free the memory a second time.
   */
  protected abstract void releaseMemory();
}
