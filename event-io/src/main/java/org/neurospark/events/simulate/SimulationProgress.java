package org.neurospark.events.simulate;

import org.neurospark.events.dataset.Split;

/**
 * Receives progress of {@link NmnistSimulator#run}. Called from the worker threads, possibly concurrently: an
 * implementation must be thread-safe and quick.
 */
@FunctionalInterface
public interface SimulationProgress {
  /** Does nothing. */
  SimulationProgress NONE = (split, index, label, events, done, total) -> { };

  /**
   * One recording was written.
   *
   * @param split its split
   * @param index 0-based position of its image in the split's IDX file
   * @param label its class label
   * @param events number of events it holds
   * @param done recordings written so far in this run (all splits)
   * @param total recordings this run writes (all splits)
   */
  void written(Split split, int index, int label, int events, long done, long total);
}
