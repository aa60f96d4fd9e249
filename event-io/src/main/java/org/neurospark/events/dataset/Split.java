package org.neurospark.events.dataset;

import java.util.Locale;

/** Which part of a dataset a sample belongs to. {@link #NONE}: the dataset has no official split. */
public enum Split {
  TRAIN, TEST, NONE;

  /** Lowercase name used in CLI output and JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
