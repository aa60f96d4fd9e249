package org.neurospark.events.transform;

/**
 * A streaming event transform: rewrites an {@link org.neurospark.events.EventBatch} in place, column-wise, with no
 * per-event objects. Feed the batches of one recording (sample) in stream order; transforms that need history
 * (denoise, refractory period, noise timing) keep it across batches. Call {@link #reset()} before the next sample:
 * it forgets that history and redraws per-sample random choices (crop offset, flip decisions, dropped window).
 *
 * <p>A transform may shrink the batch (filters), grow it (noise: the batch's capacity is enlarged as needed) or
 * reorder it. Transforms that can break time order say so; they re-sort within the batch when asked to.
 */
public interface EventTransform {
  /** Transforms {@code batch} in place. */
  void apply(org.neurospark.events.EventBatch batch);

  /** Starts a new sample: clears per-pixel history and redraws per-sample random choices. Default: nothing. */
  default void reset() {}

  /** Sensor size of the events this transform emits, given the size of those it receives. Default: unchanged. */
  default SensorSize outputSize(SensorSize input) {
    return input;
  }

  /** True when the output may be out of time order even if the input is sorted. Default: false. */
  default boolean mayReorder() {
    return false;
  }
}
