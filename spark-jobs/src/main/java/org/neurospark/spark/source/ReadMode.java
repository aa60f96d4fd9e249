package org.neurospark.spark.source;

import java.util.Arrays;
import java.util.Locale;

/** What the source does with a recording that fails to decode (option {@code mode}). */
public enum ReadMode {
  /** The query fails with an error naming the recording and the byte offset of the problem (the default). */
  FAILFAST,
  /**
   * The sample is left out entirely (none of its events appear, even those before the problem), a warning naming
   * the file and byte offset is logged and the scan's {@code malformedRecordings} metric counts it.
   */
  DROPMALFORMED;

  /** The mode called {@code name} (case-insensitive). */
  public static ReadMode parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("neurospark source: unknown mode '" + name + "' (known: "
          + Arrays.toString(values()) + ")");
    }
  }
}
