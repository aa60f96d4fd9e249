package org.neurospark.spark.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
    List<Map.Entry<Path, List<SampleSpec>>> entries = new ArrayList<>(byFile.entrySet());
    FileWork[] out = new FileWork[entries.size()];
    forEachIndex(entries.size(), i -> {
      Path f = entries.get(i).getKey();
      BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
      out[i] = new FileWork(f.toString(), a.size(), a.lastModifiedTime().toMillis(), entries.get(i).getValue());
    });
    return new ArrayList<>(Arrays.asList(out));
  }

  /** Files per chunk that one thread stats at a time. */
  private static final int STAT_CHUNK = 512;
  /** Most threads that stat at once: a {@code stat} is a system call, or a round trip on a network file system. */
  private static final int STAT_THREADS = 8;

  /** An action on an index that may fail with an I/O error. */
  interface IndexAction {
    void run(int i) throws IOException;
  }

  /**
   * Runs {@code action} for 0..n-1: on the calling thread for fewer than two chunks, else on up to
   * {@link #STAT_THREADS} threads (at most the processors, at least 2) taking chunks of {@link #STAT_CHUNK}. The
   * first failure is thrown, after every thread has stopped.
   */
  static void forEachIndex(int n, IndexAction action) throws IOException {
    int threads = Math.min(Math.min(STAT_THREADS, Math.max(2, Runtime.getRuntime().availableProcessors())),
        (n + STAT_CHUNK - 1) / STAT_CHUNK);
    if (threads < 2) {
      for (int i = 0; i < n; i++) {
        action.run(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Runnable worker = () -> {
      try {
        for (int c; failed.get() == null && (c = next.getAndAdd(STAT_CHUNK)) < n; ) {
          for (int i = c; i < Math.min(n, c + STAT_CHUNK); i++) {
            action.run(i);
          }
        }
      } catch (IOException | RuntimeException | Error e) {
        failed.compareAndSet(null, e);
      }
    };
    Thread[] helpers = new Thread[threads - 1];
    for (int t = 0; t < helpers.length; t++) {
      helpers[t] = new Thread(worker, "list-stat-" + t);
      helpers[t].setDaemon(true);
      helpers[t].start();
    }
    worker.run();
    boolean interrupted = false;
    for (Thread h : helpers) {
      while (true) {
        try {
          h.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the helpers end on their own once the chunks run out
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable e = failed.get();
    if (e instanceof IOException io) {
      throw io;
    } else if (e instanceof RuntimeException r) {
      throw r;
    } else if (e instanceof Error err) {
      throw err;
    }
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
