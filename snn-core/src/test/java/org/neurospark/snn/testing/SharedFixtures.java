package org.neurospark.snn.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared fixture folder ({@code shared/}) by walking up from the working directory. */
public final class SharedFixtures {
  private SharedFixtures() {}

  /** The shared folder; override with -Dneurospark.shared or NEUROSPARK_SHARED. */
  public static Path shared() {
    String p = System.getProperty("neurospark.shared", System.getenv("NEUROSPARK_SHARED"));
    if (p != null) {
      return Path.of(p);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolve("shared");
      if (Files.isDirectory(c.resolve("reference"))) {
        return c;
      }
    }
    throw new IllegalStateException("shared fixtures folder not found above " + Path.of("").toAbsolutePath());
  }

  /** The SpikingJelly golden folder. */
  public static Path golden() {
    return shared().resolve("reference/spikingjelly");
  }
}
