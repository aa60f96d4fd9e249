package org.neurospark.snn.nn;

/** A module that draws random numbers (dropout masks); {@link Module#reseed} makes them reproducible. */
public interface Stochastic {
  /** Restarts the module's generator from {@code seed}. */
  void reseed(long seed);
}
