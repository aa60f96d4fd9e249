package org.neurospark.events.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared fixtures ({@code shared/data}, {@code shared/reference}) that sit beside the checkout. Looks at
 * {@code -Dneurospark.shared} / {@code NEUROSPARK_SHARED} first, then walks up from the working directory looking
 * for a {@code shared/} folder (so it works from the repository root, a module, or a git worktree).
 */
public final class SharedData {
  private static Path root;

  private SharedData() {}

  /** The {@code shared/} directory. */
  public static synchronized Path root() {
    if (root != null) {
      return root;
    }
    String configured = System.getProperty("neurospark.shared", System.getenv("NEUROSPARK_SHARED"));
    if (configured != null && !configured.isBlank()) {
      root = Paths.get(configured).toAbsolutePath();
      return root;
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared");
      if (Files.isDirectory(candidate.resolve("data")) && Files.isDirectory(candidate.resolve("reference"))) {
        root = candidate;
        return root;
      }
    }
    throw new IllegalStateException("shared/ fixtures not found above " + Paths.get("").toAbsolutePath()
        + "; set -Dneurospark.shared=/path/to/shared");
  }

  /** A file under {@code shared/data/}, e.g. {@code data("events/nmnist/tonic_sample_nmnist.bin")}. */
  public static Path data(String relative) {
    return root().resolve("data").resolve(relative);
  }

  /** A file under {@code shared/reference/}. */
  public static Path reference(String relative) {
    return root().resolve("reference").resolve(relative);
  }
}
