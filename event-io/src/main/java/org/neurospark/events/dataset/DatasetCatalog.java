package org.neurospark.events.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.transform.SensorSize;

/**
 * What Neurospark knows about one published event dataset: on-disk layout (as the dataset's archives extract,
 * SpikingJelly's {@code extract/} folder also accepted), label rule, class names, sensor size, the reading
 * conventions SpikingJelly applies, and whether an official train/test split exists.
 */
public interface DatasetCatalog {
  /** Catalog name used on the command line, e.g. {@code "nmnist"}. */
  String name();

  /** Sensor size of the samples as read with {@link #readOptions()}, in pixels. */
  SensorSize sensorSize();

  /** Class names, index = label. For folder-defined classes (N-Caltech101) the list comes from {@link #list}. */
  List<String> classNames();

  /** Conventions that reproduce SpikingJelly's events for this dataset. */
  ReadOptions readOptions();

  /** True when the dataset defines train/test; otherwise samples come with {@link Split#NONE}. */
  boolean officialSplit();

  /** Human description of the expected folder layout (also part of every layout error). */
  String layout();

  /**
   * Lists the samples under {@code root}, in SpikingJelly's dataset order (class folders sorted by name, files
   * sorted by name within a class; for DVS128 Gesture, files sorted then CSV rows in order).
   *
   * @throws DatasetLayoutException when the folder does not match the layout (names what is missing)
   */
  List<Sample> list(Path root) throws IOException;
}
