package org.neurospark.events.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.transform.SensorSize;

/**
 * A dataset stored as {@code [<split>/]<class>/<sample>.<ext>} — one recording per sample, label = index of the
 * class folder in the class list (sorted folder names, as torchvision's {@code DatasetFolder} that SpikingJelly
 * uses). The folder may sit directly under the given root or under one of a few known wrapper folders (SpikingJelly's
 * {@code extract/}, the archive's top folder).
 */
public final class FolderCatalog implements DatasetCatalog {
  private final String name;
  private final SensorSize sensor;
  private final List<String> classes;
  private final String ext;
  private final Map<Split, String> splitDirs;
  private final String[] wrappers;
  private final ReadOptions options;
  private final String layout;

  /**
   * @param classes fixed class folder names in label order, or null to take the sorted folders found on disk
   * @param splitDirs folder name per split (TRAIN, TEST), or empty when the dataset has no official split
   * @param wrappers folders that may wrap the dataset under the root ({@code ""} = the root itself)
   */
  public FolderCatalog(String name, SensorSize sensor, List<String> classes, String ext, Map<Split, String> splitDirs,
      String[] wrappers, ReadOptions options, String layout) {
    this.name = name;
    this.sensor = sensor;
    this.classes = classes == null ? null : List.copyOf(classes);
    this.ext = ext;
    this.splitDirs = new LinkedHashMap<>(splitDirs);
    this.wrappers = wrappers.clone();
    this.options = options;
    this.layout = layout;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SensorSize sensorSize() {
    return sensor;
  }

  @Override
  public List<String> classNames() {
    return classes == null ? Collections.emptyList() : classes;
  }

  @Override
  public ReadOptions readOptions() {
    return options;
  }

  @Override
  public boolean officialSplit() {
    return !splitDirs.isEmpty();
  }

  @Override
  public String layout() {
    return layout;
  }

  @Override
  public List<Sample> list(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw error(root, "not a directory");
    }
    List<Sample> out = new ArrayList<>();
    if (splitDirs.isEmpty()) {
      Path base = findClassBase(root);
      if (base == null) {
        throw error(root, classes == null ? "no class folders holding *" + ext + " files found"
            : "none of the class folders " + classes + " found (looked in " + looked(root) + ")");
      }
      listClasses(root, base, Split.NONE, out);
      return out;
    }
    List<String> missing = new ArrayList<>();
    Path base = null;
    for (String w : wrappers) {
      Path b = w.isEmpty() ? root : root.resolve(w);
      boolean any = false;
      for (String d : splitDirs.values()) {
        any |= Files.isDirectory(b.resolve(d));
      }
      if (any) {
        base = b;
        break;
      }
    }
    if (base == null) {
      throw error(root, "no " + String.join("/ or ", splitDirs.values()) + "/ folder (looked in " + looked(root)
          + ")");
    }
    for (Map.Entry<Split, String> e : splitDirs.entrySet()) {
      if (!Files.isDirectory(base.resolve(e.getValue()))) {
        missing.add(base.resolve(e.getValue()) + "/");
      }
    }
    if (!missing.isEmpty()) {
      throw error(root, "missing " + String.join(", ", missing));
    }
    for (Map.Entry<Split, String> e : splitDirs.entrySet()) {
      listClasses(root, base.resolve(e.getValue()), e.getKey(), out);
    }
    return out;
  }

  private String looked(Path root) {
    List<String> l = new ArrayList<>();
    for (String w : wrappers) {
      l.add((w.isEmpty() ? root : root.resolve(w)) + "/");
    }
    return String.join(", ", l);
  }

  private Path findClassBase(Path root) throws IOException {
    for (String w : wrappers) {
      Path b = w.isEmpty() ? root : root.resolve(w);
      if (!Files.isDirectory(b)) {
        continue;
      }
      if (classes != null) {
        for (String c : classes) {
          if (Files.isDirectory(b.resolve(c))) {
            return b;
          }
        }
      } else {
        for (Path d : Layouts.dirs(b)) {
          if (!Layouts.files(d, ext).isEmpty()) {
            return b;
          }
        }
      }
    }
    return null;
  }

  private void listClasses(Path root, Path dir, Split split, List<Sample> out) throws IOException {
    List<String> names = new ArrayList<>();
    for (Path d : Layouts.dirs(dir)) {
      names.add(d.getFileName().toString());
    }
    List<String> cls = classes;
    if (cls == null) {
      cls = names;
      if (cls.isEmpty()) {
        throw error(root, dir + "/ holds no class folders");
      }
    } else {
      TreeSet<String> absent = new TreeSet<>(cls);
      names.forEach(absent::remove);
      if (!absent.isEmpty()) {
        throw error(root, "missing class folder(s) " + absent + " in " + dir + "/");
      }
      TreeSet<String> extra = new TreeSet<>(names);
      extra.removeAll(cls);
      if (!extra.isEmpty()) {
        throw error(root, "unexpected folder(s) " + extra + " in " + dir + "/ (classes are " + cls + ")");
      }
    }
    for (int label = 0; label < cls.size(); label++) {
      Path cdir = dir.resolve(cls.get(label));
      List<Path> files = Layouts.files(cdir, ext);
      if (files.isEmpty()) {
        throw error(root, cdir + "/ holds no *" + ext + " files");
      }
      for (Path f : files) {
        out.add(new Sample(f, label, cls.get(label), split, -1, -1, Layouts.stem(f)));
      }
    }
  }

  private DatasetLayoutException error(Path root, String problem) {
    return new DatasetLayoutException(name, root, problem, layout);
  }
}
