package org.neurospark.events.format.aedat4;

/**
 * A compressed packet body could not be decompressed (bad magic, corrupt data, checksum mismatch, too large).
 * {@link #offset()} is the byte offset inside the compressed body where the problem was found (0 when unknown).
 */
public final class CompressionException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int offset;

  public CompressionException(int offset, String problem) {
    super(problem);
    this.offset = offset;
  }

  public CompressionException(int offset, String problem, Throwable cause) {
    super(problem, cause);
    this.offset = offset;
  }

  /** Offset of the problem from the start of the compressed body. */
  public int offset() {
    return offset;
  }
}
