package org.neurospark.snn.neuron;

/** Removes the hook it was returned for (idempotent). */
@FunctionalInterface
public interface HookHandle {
  void remove();
}
