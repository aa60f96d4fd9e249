package org.neurospark.spark.source;

import java.io.IOException;

/**
 * A recording the source could not decode in {@code FAILFAST} mode. The message names the sample, the file and the
 * byte offset of the problem.
 */
public final class MalformedRecordingException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long offset;

  /**
   * @param file the recording
   * @param offset byte offset of the problem from the start of the file, or −1 when unknown
   * @param message the complete message
   */
  MalformedRecordingException(String file, long offset, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.offset = offset;
  }

  /** The recording. */
  public String file() {
    return file;
  }

  /** Byte offset of the problem, or −1. */
  public long offset() {
    return offset;
  }
}
