package org.neurospark.spark.tables;

/** Another run holds the lock on a tables folder; the message names the lock file and its owner. */
public class TablesLockedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public TablesLockedException(String message) {
    super(message);
  }
}
