package org.neurospark.events.limits;

/** A size asked for by a file or a flag exceeds a limit (the heap, or a cap a flag raises); nothing was allocated. */
public class ResourceLimitException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ResourceLimitException(String message) {
    super(message);
  }
}
