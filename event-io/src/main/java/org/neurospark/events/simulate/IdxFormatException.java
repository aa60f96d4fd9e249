package org.neurospark.events.simulate;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file (MNIST / Fashion-MNIST) is malformed; the message names the file and the byte offset. */
public final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param file the IDX file
   * @param offset byte offset in the (decompressed) IDX stream where the problem was found
   * @param problem what was found and what was expected
   */
  public IdxFormatException(Path file, long offset, String problem) {
    super(file + " @ byte " + offset + ": " + problem);
  }
}
