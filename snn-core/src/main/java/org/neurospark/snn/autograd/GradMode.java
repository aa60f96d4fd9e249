package org.neurospark.snn.autograd;

/**
 * Per-thread switch for recording autograd history. Use with try-with-resources:
 *
 * <pre>{@code
 * try (GradMode.Scope s = GradMode.noGrad()) {
 *   y = net.forward(x);   // nothing recorded, no memory kept for backward
 * }
 * }</pre>
 */
public final class GradMode {
  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  private GradMode() {}

  /** True when operations on tensors that require grad record a graph (the default). */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Disables recording until the returned scope is closed (restores the previous state). */
  public static Scope noGrad() {
    return set(false);
  }

  /** Enables recording until the returned scope is closed (restores the previous state). */
  public static Scope enableGrad() {
    return set(true);
  }

  private static Scope set(boolean enabled) {
    boolean[] cell = ENABLED.get();
    boolean prev = cell[0];
    cell[0] = enabled;
    return new Scope(cell, prev);
  }

  /** Restores the previous grad mode on {@link #close()}; closing twice is harmless. */
  public static final class Scope implements AutoCloseable {
    private final boolean[] cell;
    private final boolean prev;
    private boolean closed;

    private Scope(boolean[] cell, boolean prev) {
      this.cell = cell;
      this.prev = prev;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        cell[0] = prev;
      }
    }
  }
}
