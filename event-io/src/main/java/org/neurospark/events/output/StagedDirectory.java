package org.neurospark.events.output;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Several output files written all-or-nothing into an output folder: the command writes into {@link #staging()}, a
 * hidden sibling folder of the output folder ({@code .NAME.<random>.staging}, same file system); {@link #commit()}
 * first checks every target (each must be absent or a regular file; each folder on the way absent or a folder), then
 * moves the files into place; {@link #close()} without a commit deletes the staging folder. Files in the output
 * folder that this command does not write are never touched.
 *
 * <p>All-or-nothing holds for the command's work (a failure while writing leaves the output folder as it was); the
 * final moves are individual renames, so a crash during {@link #commit()} itself can leave some of the new files in
 * place.
 */
public final class StagedDirectory implements Closeable {
  private final Path dir;
  private final Path staging;
  private final String what;
  private boolean committed;

  private StagedDirectory(Path dir, Path staging, String what) {
    this.dir = dir;
    this.staging = staging;
    this.what = what;
  }

  /**
   * Checks {@code dir} (absent or a folder) and creates the staging folder beside it.
   *
   * @param what how the user named the folder (e.g. {@code "--out"}), for messages
   */
  public static StagedDirectory create(Path dir, String what) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (abs.getFileName() == null) {
      throw new OutputRefusedException(what + " " + dir + " cannot be the root folder");
    }
    OutputTargets.requireDirectoryOrAbsent(abs, what);
    Path real = Files.exists(abs) ? abs.toRealPath() : abs;
    Path parent = real.getParent();
    OutputTargets.requireDirectoryOrAbsent(parent, "the folder of " + what);
    Files.createDirectories(parent);
    Path staging;
    while (true) {
      staging = parent.resolve("." + real.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
          .nextLong() & Long.MAX_VALUE) + ".staging");
      try {
        Files.createDirectory(staging);
        break;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another name
      }
    }
    return new StagedDirectory(abs, staging, what);
  }

  /** Where to write (a fresh, empty folder). */
  public Path staging() {
    return staging;
  }

  /** The output folder (absolute). */
  public Path directory() {
    return dir;
  }

  /** The final path of a file written at {@code staged} (a path inside {@link #staging()}). */
  public Path finalPath(Path staged) {
    return dir.resolve(staging.relativize(staged.toAbsolutePath().normalize()).toString());
  }

  /**
   * Moves every staged file into the output folder (creating it and subfolders), after checking all targets.
   *
   * @return the final paths, in a stable order
   * @throws OutputRefusedException when a target is not a regular file (then nothing was moved)
   */
  public List<Path> commit() throws IOException {
    if (committed) {
      throw new IllegalStateException("already committed");
    }
    List<Path> staged = new ArrayList<>();
    try (Stream<Path> s = Files.walk(staging)) {
      s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(staged::add);
    }
    OutputTargets.requireDirectoryOrAbsent(dir, what);
    List<Path> targets = new ArrayList<>(staged.size());
    for (Path p : staged) {
      Path t = finalPath(p);
      for (Path d = t.getParent(); d != null && d.startsWith(dir); d = d.getParent()) {
        OutputTargets.requireDirectoryOrAbsent(d, "folder");
      }
      OutputTargets.requireReplaceableFile(t, "output file");
      targets.add(t);
    }
    Files.createDirectories(dir);
    for (int i = 0; i < staged.size(); i++) {
      Files.createDirectories(targets.get(i).getParent());
      AtomicFile.move(staged.get(i), targets.get(i));
    }
    committed = true;
    deleteTree(staging);
    return targets;
  }

  /** Whether {@link #commit()} succeeded. */
  public boolean committed() {
    return committed;
  }

  /** Deletes the staging folder (and, unless committed, everything written into it). */
  @Override
  public void close() throws IOException {
    deleteTree(staging);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
