package org.neurospark.events.npy;

import java.io.IOException;

/**
 * A {@code .npy} stream is malformed. {@link #offset()} is relative to the start of the {@code .npy} stream (the
 * file, or the zip entry's uncompressed bytes); file-level readers turn it into an
 * {@link org.neurospark.events.EventFileException} naming the file and absolute byte offset.
 */
public class NpyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  public NpyFormatException(long offset, String problem) {
    super(problem);
    this.offset = offset;
  }

  /** Byte offset inside the {@code .npy} stream where the problem was found. */
  public long offset() {
    return offset;
  }
}
