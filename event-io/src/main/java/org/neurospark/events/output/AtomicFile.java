package org.neurospark.events.output;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One output file written all-or-nothing: the writer writes {@link #temp()}, a hidden name beside the target in the
 * same folder ({@code .NAME.<random>.tmp}); {@link #commit()} renames it onto the target atomically; {@link #close()}
 * without a commit deletes the temporary file, so a failure leaves the previous target (or none). The target is
 * checked with {@link OutputTargets#requireReplaceableFile} on creation and again before the rename.
 *
 * <pre>{@code
 * try (AtomicFile f = AtomicFile.create(out, "--out")) {
 *   write(f.temp());
 *   f.commit();
 * }
 * }</pre>
 */
public final class AtomicFile implements Closeable {
  private final Path target;
  private final Path temp;
  private final String what;
  private boolean committed;

  private AtomicFile(Path target, Path temp, String what) {
    this.target = target;
    this.temp = temp;
    this.what = what;
  }

  /**
   * Checks {@code target} and reserves a temporary name beside it (creating the parent folders); nothing is created
   * at the temporary name.
   *
   * @param what how the user named the target (e.g. {@code "--out"}), for messages
   */
  public static AtomicFile create(Path target, String what) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (abs.getFileName() == null) {
      throw new OutputRefusedException(what + " " + target + " names no file");
    }
    OutputTargets.requireReplaceableFile(abs, what);
    Path parent = abs.getParent();
    OutputTargets.requireDirectoryOrAbsent(parent, "the folder of " + what);
    Files.createDirectories(parent);
    Path temp;
    do {
      temp = parent.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()
          & Long.MAX_VALUE) + ".tmp");
    } while (Files.exists(temp, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    return new AtomicFile(abs, temp, what);
  }

  /** Where to write. */
  public Path temp() {
    return temp;
  }

  /** The final path (absolute). */
  public Path target() {
    return target;
  }

  /** Whether {@link #commit()} succeeded. */
  public boolean committed() {
    return committed;
  }

  /** Renames the temporary file onto the target (atomically where the file system allows). */
  public void commit() throws IOException {
    if (committed) {
      return;
    }
    if (!Files.isRegularFile(temp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("nothing was written to " + temp + " for " + what + " " + target);
    }
    OutputTargets.requireReplaceableFile(target, what);
    move(temp, target);
    committed = true;
  }

  /** Deletes the temporary file unless committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      Files.deleteIfExists(temp);
    }
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
