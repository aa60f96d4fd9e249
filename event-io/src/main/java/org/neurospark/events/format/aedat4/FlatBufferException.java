package org.neurospark.events.format.aedat4;

/**
 * A flatbuffer did not follow the FlatBuffers wire format: an offset, vtable or vector pointed outside the buffer, or
 * the identifier was wrong. {@link #offset()} is the byte offset inside the decoded buffer, so callers can map it
 * back to the file.
 */
public final class FlatBufferException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int offset;

  public FlatBufferException(int offset, String problem) {
    super(problem);
    this.offset = offset;
  }

  /** Offset of the problem from the start of the flatbuffer's byte array region (the view's base). */
  public int offset() {
    return offset;
  }
}
