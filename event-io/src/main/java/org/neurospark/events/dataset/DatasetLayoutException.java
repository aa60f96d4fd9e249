package org.neurospark.events.dataset;

import java.io.IOException;
import java.nio.file.Path;

/** A dataset folder does not match the catalog's layout; the message names the folder, what is missing and the
 * expected layout. */
public class DatasetLayoutException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path root;

  public DatasetLayoutException(String catalog, Path root, String problem, String layout) {
    super(catalog + " dataset at " + root + ": " + problem + "\nexpected layout:\n" + layout);
    this.root = root;
  }

  /** The folder that was given. */
  public Path root() {
    return root;
  }
}
