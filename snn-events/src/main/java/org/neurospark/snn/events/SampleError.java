package org.neurospark.snn.events;

import java.io.Serializable;

/**
 * A sample that could not be turned into frames and was left out.
 *
 * @param path the recording
 * @param offset byte offset of the problem in the recording, or -1 when not known
 * @param message what went wrong
 */
public record SampleError(String path, long offset, String message) implements Serializable {
  private static final long serialVersionUID = 1L;
}
