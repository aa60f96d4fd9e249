package org.neurospark.events.frames;

/**
 * An event's pixel lies outside the {@code W × H} sensor the frames were sized for (SpikingJelly would alias
 * {@code x >= W} into the next row or fail). {@link #index()} is the event's index in the batch, or in the whole
 * recording when thrown by {@link FileFrames}.
 */
public class EventOutsideSensorException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long index;

  public EventOutsideSensorException(long index, String message) {
    super(message);
    this.index = index;
  }

  /** Index of the offending event. */
  public long index() {
    return index;
  }
}
