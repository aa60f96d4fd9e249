package org.neurospark.snn.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the shared fixtures ({@code shared/reference/...}) beside the checkout for snn-core tests:
 * {@code -Dneurospark.shared} / {@code NEUROSPARK_SHARED}, else the first {@code shared/} with {@code data} and
 * {@code reference} found walking up from the working directory.
 */
public final class SnnShared {
  private SnnShared() {}

  public static Path root() {
    String configured = System.getProperty("neurospark.shared", System.getenv("NEUROSPARK_SHARED"));
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured).toAbsolutePath();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path c = dir.resolve("shared");
      if (Files.isDirectory(c.resolve("data")) && Files.isDirectory(c.resolve("reference"))) {
        return c;
      }
    }
    throw new IllegalStateException("shared/ fixtures not found above " + Paths.get("").toAbsolutePath()
        + "; set -Dneurospark.shared=/path/to/shared");
  }

  /** The SpikingJelly golden-case directory. */
  public static Path spikingjelly() {
    return root().resolve("reference").resolve("spikingjelly");
  }
}
