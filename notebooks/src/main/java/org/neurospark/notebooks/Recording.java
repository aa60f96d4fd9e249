package org.neurospark.notebooks;

import java.io.IOException;
import java.nio.file.Path;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.EventFiles;

/**
 * A whole recording in memory, for pictures of it in a note.
 *
 * @param info format and sensor size ({@link RecordingInfo#width()} × {@link RecordingInfo#height()} pixels)
 * @param events all its polarity events in file order: t in µs, x/y pixels, p 1 = ON, 0 = OFF
 */
public record Recording(RecordingInfo info, EventBatch events) {
  /** Reads every event of {@code file} (any format event-io detects). Meant for single samples, not hours of data. */
  public static Recording read(Path file) throws IOException {
    try (EventReader r = EventFiles.open(file)) {
      EventBatch all = new EventBatch();
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        all.addAll(b);
      }
      return new Recording(r.info(), all);
    }
  }

  /** Sensor width in pixels: the declared one, else 1 + the largest x seen. */
  public int width() {
    if (info.hasSensorSize()) {
      return info.width();
    }
    int m = 0;
    for (int i = 0; i < events.size(); i++) {
      m = Math.max(m, events.x()[i]);
    }
    return m + 1;
  }

  /** Sensor height in pixels: the declared one, else 1 + the largest y seen. */
  public int height() {
    if (info.hasSensorSize()) {
      return info.height();
    }
    int m = 0;
    for (int i = 0; i < events.size(); i++) {
      m = Math.max(m, events.y()[i]);
    }
    return m + 1;
  }

  /** Time from the first to the last event, µs (0 when empty). */
  public long durationUs() {
    int n = events.size();
    return n == 0 ? 0 : events.t()[n - 1] - events.t()[0];
  }
}
