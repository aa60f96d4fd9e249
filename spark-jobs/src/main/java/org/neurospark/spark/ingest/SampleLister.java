package org.neurospark.spark.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.transform.SensorSize;

/**
 * Lists the recordings and samples of an input folder on the driver (names, sizes, times — no event data), grouped
 * by recording, in catalog order.
 */
public final class SampleLister {
  private SampleLister() {}

  /**
   * The recordings under {@code root} for catalog {@code catalogName} ({@link IngestCatalogs#canonical}).
   *
   * @throws org.neurospark.events.dataset.DatasetLayoutException when the folder does not match the catalog
   */
  public static List<FileWork> list(String catalogName, Path root) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    DatasetCatalog catalog = IngestCatalogs.catalog(catalogName);
    List<Sample> samples = catalog == null ? listFolder(base) : catalog.list(base);
    SensorSize sensor = catalog == null ? SensorSize.UNKNOWN : catalog.sensorSize();
    Map<Path, List<SampleSpec>> byFile = new LinkedHashMap<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Sample s : samples) {
      Path file = s.file().toAbsolutePath().normalize();
      String rel = base.relativize(file).toString().replace(java.io.File.separatorChar, '/');
      // a segment's name is unique per label (SpikingJelly's <split>/<label>/<file>_<k> layout)
      String id = s.wholeFile() ? rel : rel + "#" + s.label() + "/" + s.name();
      if (!ids.add(id)) {
        throw new IllegalStateException("catalog " + catalogName + " lists sample '" + id + "' twice under " + base);
      }
      byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(new SampleSpec(id, catalogName, s.split().id(),
          s.label(), s.className(), file.toString(), s.startUs(), s.endUs(), s.name(), sensor.width(),
          sensor.height()));
    }
    List<FileWork> out = new ArrayList<>(byFile.size());
    for (Map.Entry<Path, List<SampleSpec>> e : byFile.entrySet()) {
      Path f = e.getKey();
      java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(f,
          java.nio.file.attribute.BasicFileAttributes.class);
      out.add(new FileWork(f.toString(), a.size(), a.lastModifiedTime().toMillis(), e.getValue()));
    }
    return out;
  }

  /**
   * The {@code folder} layout: {@code root/<class>/<file>}, classes = non-hidden sub-folders sorted by name
   * (label = index), files = non-hidden regular files of each class folder sorted by name, any format.
   */
  static List<Sample> listFolder(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("catalog folder: " + root + " is not a directory");
    }
    List<Path> classes = children(root, true);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("catalog folder: " + root + " holds no class folders (expected "
          + "DIR/<class>/<recording>, label = index of the class folder in sorted order)");
    }
    List<Sample> out = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      Path c = classes.get(label);
      String cls = c.getFileName().toString();
      for (Path f : children(c, false)) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        out.add(new Sample(f, label, cls, org.neurospark.events.dataset.Split.NONE, -1, -1,
            dot > 0 ? n.substring(0, dot) : n));
      }
    }
    return out;
  }

  private static List<Path> children(Path dir, boolean dirs) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> dirs ? Files.isDirectory(p) : Files.isRegularFile(p))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }
}
