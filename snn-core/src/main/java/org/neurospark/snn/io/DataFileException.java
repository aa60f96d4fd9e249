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
  private final long offset;

  public DataFileException(Path file, long offset, String problem) {
    super(format(file, offset, problem));
    this.file = file;
    this.offset = offset;
  }

  public DataFileException(Path file, long offset, String problem, Throwable cause) {
    super(format(file, offset, problem), cause);
    this.file = file;
    this.offset = offset;
  }

  private static String format(Path file, long offset, String problem) {
    return file + (offset >= 0 ? " @ byte " + offset : "") + ": " + problem;
  }

  /** The file that failed. */
  public Path file() {
    return file;
  }

  /** Byte offset of the problem, or -1. */
  public long offset() {
    return offset;
  }
}
