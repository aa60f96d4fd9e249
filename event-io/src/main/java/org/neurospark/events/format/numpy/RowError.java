package org.neurospark.events.format.numpy;

import org.neurospark.events.EventFileException;

/** Builds the exception for a bad value in row {@code row} of a column (names file and byte offset). */
@FunctionalInterface
interface RowError {
  EventFileException at(long row, String problem);
}
