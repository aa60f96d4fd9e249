package org.neurospark.events.output;

import java.io.IOException;

/** An output path holds something this command must not delete or replace; nothing was written. */
public class OutputRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public OutputRefusedException(String message) {
    super(message);
  }
}
