package org.neurospark.events;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A recording could not be read: truncated, corrupt, of the wrong format, or holding values outside the format's
 * range. The message always names the source (file path or URI), the byte offset where the problem was found and
 * what was expected.
 */
public class EventFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long offset;

  /**
   * @param source the recording's name: a local path or a URI ({@link org.neurospark.events.io.ByteSource#name()})
   * @param offset byte offset from the start of the source where the problem was found, or -1 when not applicable
   * @param problem what was found and what was expected
   */
  public EventFileException(String source, long offset, String problem) {
    super(format(source, offset, problem));
    this.source = source;
    this.offset = offset;
  }

  public EventFileException(String source, long offset, String problem, Throwable cause) {
    super(format(source, offset, problem), cause);
    this.source = source;
    this.offset = offset;
  }

  /** A problem in local file {@code file} (named by its {@link Path#toString()}). */
  public EventFileException(Path file, long offset, String problem) {
    this(String.valueOf(file), offset, problem);
  }

  public EventFileException(Path file, long offset, String problem, Throwable cause) {
    this(String.valueOf(file), offset, problem, cause);
  }

  private static String format(String source, long offset, String problem) {
    return source + (offset >= 0 ? " @ byte " + offset : "") + ": " + problem;
  }

  /** The name of the recording that failed: a local path or a URI, as its source named it. */
  public String source() {
    return source;
  }

  /** Byte offset of the problem, or -1. */
  public long offset() {
    return offset;
  }
}
