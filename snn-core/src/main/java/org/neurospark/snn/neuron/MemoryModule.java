package org.neurospark.snn.neuron;

/**
 * A module with state across time steps (SpikingJelly {@code base.MemoryModule}). The state must be
 * {@link #reset()} between independent sequences (see {@link Functional#resetNet}); {@link #detach()} cuts the
 * gradient path through the state (truncated BPTT): later backward passes stop at the current state.
 */
public abstract class MemoryModule extends Module {
  /** Returns the state to its initial value and forgets everything saved for backward. */
  public abstract void reset();

  /** Keeps the state's value but drops its gradient history (SpikingJelly {@code detach()}). */
  public abstract void detach();
}
