package org.neurospark.snn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model, checkpoint or dataset file could not be read: truncated, corrupt or of the wrong format. The message
 * names the file, the byte offset where the problem was found (-1 when not applicable) and what was expected.
 */
public class DataFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String source;
  private final long offset;

  public DataFileException(Path file, long offset, String problem) {
    super(format(String.valueOf(file), offset, problem));
    this.file = file;
    this.source = String.valueOf(file);
    this.offset = offset;
  }

  public DataFileException(Path file, long offset, String problem, Throwable cause) {
    super(format(String.valueOf(file), offset, problem), cause);
    this.file = file;
    this.source = String.valueOf(file);
    this.offset = offset;
  }

  /**
   * A problem in data that did not come from a local file (a stream, channel or buffer): {@code source} names it
   * (a URI, a Hadoop path, "checkpoint.zip!model.safetensors", ...).
   */
  public DataFileException(String source, long offset, String problem) {
    super(format(source, offset, problem));
    this.file = null;
    this.source = source;
    this.offset = offset;
  }

  public DataFileException(String source, long offset, String problem, Throwable cause) {
    super(format(source, offset, problem), cause);
    this.file = null;
    this.source = source;
    this.offset = offset;
  }

  private static String format(String source, long offset, String problem) {
    return source + (offset >= 0 ? " @ byte " + offset : "") + ": " + problem;
  }

  /** The local file that failed, or null when the data came from a stream, channel or buffer. */
  public Path file() {
    return file;
  }

  /** Name of what failed: the file's path, or the name given for a stream, channel or buffer. */
  public String source() {
    return source;
  }

  /** Byte offset of the problem, or -1. */
  public long offset() {
    return offset;
  }
}
