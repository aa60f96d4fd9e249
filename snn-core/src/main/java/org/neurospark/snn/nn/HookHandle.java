package org.neurospark.snn.nn;

/** Removes a hook installed on a {@link Module}. */
@FunctionalInterface
public interface HookHandle {
  /** Uninstalls the hook; further calls do nothing. */
  void remove();
}
