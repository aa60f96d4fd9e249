package org.neurospark.events.output;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Makes FIFOs for hostile-input tests (skipped where mkfifo is unavailable). */
public final class SpecialFiles {
  private SpecialFiles() {}

  /** Creates a named pipe at {@code p} with mkfifo(1). */
  public static Path fifo(Path p) throws IOException, InterruptedException {
    Process pr;
    try {
      pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("mkfifo not available: " + e.getMessage());
      throw e;
    }
    Assumptions.assumeTrue(pr.waitFor() == 0, "mkfifo failed");
    return p;
  }
}
