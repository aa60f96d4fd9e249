package org.neurospark.events.dataset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Folder helpers shared by the catalogs. */
final class Layouts {
  private Layouts() {}

  /** The first of {@code root/<candidate>} (or root itself for "") that is a directory holding {@code marker}. */
  static Path findBase(Path root, String marker, String... candidates) {
    for (String c : candidates) {
      Path base = c.isEmpty() ? root : root.resolve(c);
      if (Files.isDirectory(base.resolve(marker))) {
        return base;
      }
    }
    return null;
  }

  /** Sub-directories of {@code dir}, sorted by name (Java string order = Python's for ASCII names). */
  static List<Path> dirs(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).forEach(out::add);
    }
    out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return out;
  }

  /**
   * Regular files of {@code dir} whose name ends with {@code ext} (case-insensitive), sorted by name. Only names that
   * match are checked on disk (one {@code stat} each), and each name is decoded once.
   */
  static List<Path> files(Path dir, String ext) throws IOException {
    String e = ext.toLowerCase(Locale.ROOT);
    TreeMap<String, Path> byName = new TreeMap<>(); // by name, in String order
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (n.toLowerCase(Locale.ROOT).endsWith(e) && Files.isRegularFile(p)) {
          byName.put(n, p);
        }
      }
    }
    return new ArrayList<>(byName.values());
  }

  static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
