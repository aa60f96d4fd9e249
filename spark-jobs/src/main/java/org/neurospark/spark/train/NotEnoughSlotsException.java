package org.neurospark.spark.train;

/** The application cannot run the training stage's barrier tasks all at once (fewer task slots than workers). */
public final class NotEnoughSlotsException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public NotEnoughSlotsException(String message) {
    super(message);
  }
}
