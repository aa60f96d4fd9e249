package org.neurospark.events;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * What a reader knows about a recording before reading events.
 *
 * @param source the recording's name: a local path or a URI ({@link org.neurospark.events.io.ByteSource#name()})
 * @param format its format
 * @param width sensor width in pixels (number of columns), or 0 when the file does not say
 * @param height sensor height in pixels (number of rows), or 0 when the file does not say
 */
public record RecordingInfo(String source, EventFormat format, int width, int height) implements Serializable {
  /** Info for local file {@code file} (its source name is the path's string). */
  public RecordingInfo(Path file, EventFormat format, int width, int height) {
    this(file == null ? null : file.toString(), format, width, height);
  }

  /** True when the file declares its sensor size. */
  public boolean hasSensorSize() {
    return width > 0 && height > 0;
  }
}
