package org.neurospark.events.frames;

import java.io.IOException;

/** Receives frames one at a time from a streaming integration; the buffer is reused for the next frame. */
@FunctionalInterface
public interface FrameSink {
  /**
   * Frame number {@code index} (0-based, consecutive), float32 {@code [2, H, W]} at
   * {@code data[offset .. offset + 2·H·W)}; valid only during the call.
   */
  void accept(int index, float[] data, int offset) throws IOException;
}
