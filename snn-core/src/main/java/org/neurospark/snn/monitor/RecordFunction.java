package org.neurospark.snn.monitor;

/**
 * Turns a monitored array (with its shape, e.g. [T, N] spikes) into what a monitor records, e.g.
 * {@link FiringRates#perStep()}. Must not keep or modify {@code data}; return a new array.
 */
@FunctionalInterface
public interface RecordFunction {
  float[] apply(float[] data, int[] shape);

  /** Records a copy of the data. */
  static RecordFunction identity() {
    return (data, shape) -> data.clone();
  }
}
