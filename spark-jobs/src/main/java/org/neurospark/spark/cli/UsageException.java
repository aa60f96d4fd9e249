package org.neurospark.spark.cli;

/** The command line is wrong (unknown flag, missing value, bad number); the message says what and how to fix it. */
public class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
