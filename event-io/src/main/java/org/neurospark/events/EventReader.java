package org.neurospark.events;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * Streams the polarity (change-detection) events of one recording in file order, a batch at a time, in constant
 * memory. Non-event content (IMU samples, APS frames, triggers, other packet types) is skipped and counted by kind.
 *
 * <pre>{@code
 * try (EventReader r = EventFiles.open(path)) {
 *   EventBatch b = new EventBatch();
 *   while (r.read(b)) { ... b.t()[i], b.x()[i] ... }
 * }
 * }</pre>
 */
public interface EventReader extends Closeable {
  /** Format, sensor size and source of the recording. */
  RecordingInfo info();

  /**
   * Clears {@code batch} and fills it with up to {@code batch.capacity()} next events.
   *
   * @return false when the recording is exhausted (the batch is then empty)
   * @throws EventFileException when the bytes are truncated or corrupt (names file and byte offset)
   */
  boolean read(EventBatch batch) throws IOException;

  /**
   * Counts of non-event words/packets skipped so far, by kind (e.g. {@code "imu6"}, {@code "time_high"}). Complete
   * once {@link #read} returned false. Iteration order is stable (insertion order).
   */
  Map<String, Long> skipped();

  /** Bytes consumed so far (for progress and throughput reporting). */
  long bytesRead();
}
