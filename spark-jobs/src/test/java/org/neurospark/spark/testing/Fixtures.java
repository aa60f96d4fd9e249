package org.neurospark.spark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.neurospark.events.testing.SharedData;

/** Locates {@code shared/} (data and reference fixtures) and arranges recordings into catalog folders. */
public final class Fixtures {
  private Fixtures() {}

  /** The {@code shared/} folder (event-io's {@link SharedData#root()}). */
  public static Path shared() {
    return SharedData.root();
  }

  /** A file under {@code shared/data/}. */
  public static Path data(String relative) {
    return SharedData.data(relative);
  }

  /** A file under {@code shared/reference/}. */
  public static Path reference(String relative) {
    return SharedData.reference(relative);
  }

  /** Copies {@code shared/data/<relative>} to {@code dir/<cls>/<name>}. */
  public static Path place(Path dir, String cls, String relative, String name) throws IOException {
    Path target = dir.resolve(cls).resolve(name);
    Files.createDirectories(target.getParent());
    return Files.copy(data(relative), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
