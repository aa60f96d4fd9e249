package org.neurospark.events;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A recording could not be read: truncated, corrupt, of the wrong format, or holding values outside the format's
 * range. The message always names the file, the byte offset where the problem was found and what was expected.
 */
public class EventFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  /**
   * @param file the recording
   * @param offset byte offset from the start of the file where the problem was found, or -1 when not applicable
   * @param problem what was found and what was expected
   */
  public EventFileException(Path file, long offset, String problem) {
    super(format(file, offset, problem));
    this.file = file;
    this.offset = offset;
  }

  public EventFileException(Path file, long offset, String problem, Throwable cause) {
    super(format(file, offset, problem), cause);
    this.file = file;
    this.offset = offset;
  }

  private static String format(Path file, long offset, String problem) {
    return file + (offset >= 0 ? " @ byte " + offset : "") + ": " + problem;
  }

  /** The recording that failed. */
  public Path file() {
    return file;
  }

  /** Byte offset of the problem, or -1. */
  public long offset() {
    return offset;
  }
}
