package org.neurospark.spark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/** Locates {@code shared/} (data and reference fixtures) and arranges recordings into catalog folders. */
public final class Fixtures {
  private static Path root;

  private Fixtures() {}

  /** The {@code shared/} folder: {@code -Dneurospark.shared}, {@code NEUROSPARK_SHARED}, or found walking up. */
  public static synchronized Path shared() {
    if (root != null) {
      return root;
    }
    String configured = System.getProperty("neurospark.shared", System.getenv("NEUROSPARK_SHARED"));
    if (configured != null && !configured.isBlank()) {
      root = Paths.get(configured).toAbsolutePath();
      return root;
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path c = dir.resolve("shared");
      if (Files.isDirectory(c.resolve("data")) && Files.isDirectory(c.resolve("reference"))) {
        root = c;
        return root;
      }
    }
    throw new IllegalStateException("shared/ fixtures not found above " + Paths.get("").toAbsolutePath()
        + "; set -Dneurospark.shared=/path/to/shared");
  }

  /** A file under {@code shared/data/}. */
  public static Path data(String relative) {
    return shared().resolve("data").resolve(relative);
  }

  /** A file under {@code shared/reference/}. */
  public static Path reference(String relative) {
    return shared().resolve("reference").resolve(relative);
  }

  /** Copies {@code shared/data/<relative>} to {@code dir/<cls>/<name>}. */
  public static Path place(Path dir, String cls, String relative, String name) throws IOException {
    Path target = dir.resolve(cls).resolve(name);
    Files.createDirectories(target.getParent());
    return Files.copy(data(relative), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
