package org.neurospark.snn.neuron;

/** Network-wide helpers (SpikingJelly {@code functional}). */
public final class Functional {
  private Functional() {}

  /** Calls {@link MemoryModule#reset()} on every stateful module in {@code net} (including itself). */
  public static void resetNet(Module net) {
    net.visit((name, m) -> {
      if (m instanceof MemoryModule) {
        ((MemoryModule) m).reset();
      }
    });
  }

  /** Calls {@link MemoryModule#detach()} on every stateful module in {@code net} (truncated BPTT). */
  public static void detachNet(Module net) {
    net.visit((name, m) -> {
      if (m instanceof MemoryModule) {
        ((MemoryModule) m).detach();
      }
    });
  }

  /** Sets the step mode of {@code net} and all its descendants. */
  public static void setStepMode(Module net, char mode) {
    net.visit((name, m) -> m.setStepMode(mode));
  }
}
