package org.neurospark.spark.ingest;

import java.util.ArrayList;
import java.util.List;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.spark.cli.UsageException;

/**
 * The catalogs {@code ingest --catalog} accepts: event-io's built-in dataset catalogs plus {@value #FOLDER} (one
 * sub-folder per class, any mix of formats detected per file, raw fields as stored).
 */
public final class IngestCatalogs {
  /** Name of the generic class-folder catalog. */
  public static final String FOLDER = "folder";

  private IngestCatalogs() {}

  /** Every accepted name. */
  public static List<String> names() {
    List<String> l = new ArrayList<>(Catalogs.all().keySet());
    l.add(FOLDER);
    return l;
  }

  /** The canonical name of {@code name}, or a {@link UsageException} listing the known ones. */
  public static String canonical(String name) {
    if (FOLDER.equalsIgnoreCase(name)) {
      return FOLDER;
    }
    try {
      return Catalogs.byName(name).name();
    } catch (IllegalArgumentException e) {
      throw new UsageException("unknown catalog '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
  }

  /** The event-io catalog called {@code name}, or null for {@value #FOLDER}. */
  public static DatasetCatalog catalog(String name) {
    return FOLDER.equals(name) ? null : Catalogs.byName(name);
  }

  /** Reading conventions: the catalog's, or the raw fields for {@value #FOLDER}. */
  public static ReadOptions readOptions(String name) {
    DatasetCatalog c = catalog(name);
    return c == null ? ReadOptions.DEFAULT : c.readOptions();
  }
}
