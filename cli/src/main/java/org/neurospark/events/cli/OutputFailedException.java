package org.neurospark.events.cli;

/**
 * A command failed after it started writing; the message says why and what it left at the output (the previous
 * output, or none), e.g. {@code "... @ byte 3000000: truncated ...; nothing written: /tmp/t.parquet unchanged"}.
 */
final class OutputFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  OutputFailedException(Throwable cause, String left) {
    super(message(cause) + "; " + left, cause);
  }

  private static String message(Throwable t) {
    return org.neurospark.cli.support.ErrorMessages.describe(t);
  }

  /** "nothing written: PATH unchanged" or "nothing written: PATH not created". */
  static String leftFile(boolean existed, java.nio.file.Path out) {
    return existed ? "nothing written: the previous " + out + " is unchanged"
        : "nothing written: " + out + " was not created";
  }

  /** As {@link #leftFile} for an output folder. */
  static String leftDir(boolean existed, java.nio.file.Path out) {
    return existed ? "nothing written: the files in " + out + " are unchanged"
        : "nothing written: " + out + " was not created";
  }
}
