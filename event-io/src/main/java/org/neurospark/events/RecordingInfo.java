package org.neurospark.events;

import java.nio.file.Path;

/**
 * What a reader knows about a recording before reading events.
 *
 * @param file the recording
 * @param format its format
 * @param width sensor width in pixels (number of columns), or 0 when the file does not say
 * @param height sensor height in pixels (number of rows), or 0 when the file does not say
 */
public record RecordingInfo(Path file, EventFormat format, int width, int height) {
  /** True when the file declares its sensor size. */
  public boolean hasSensorSize() {
    return width > 0 && height > 0;
  }
}
