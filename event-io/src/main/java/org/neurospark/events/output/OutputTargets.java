package org.neurospark.events.output;

import org.neurospark.events.io.InputFiles;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks on output paths made before anything is written or replaced: an output file may replace only a regular
 * file (or a symbolic link to one, which is then replaced by the new file), never a directory, FIFO, device, socket
 * or a symbolic link that does not resolve (dangling or a loop). Messages name the path and the reason.
 */
public final class OutputTargets {
  private OutputTargets() {}

  /**
   * Throws unless {@code target} is absent or may be replaced by a new regular file.
   *
   * @param target the output file
   * @param what how the user named it, e.g. {@code "--out"}, used in the message
   * @throws OutputRefusedException when something that is not a regular file is at {@code target}
   */
  public static void requireReplaceableFile(Path target, String what) throws IOException {
    BasicFileAttributes link = attributes(target, LinkOption.NOFOLLOW_LINKS);
    if (link == null) {
      return;
    }
    if (link.isRegularFile()) {
      return;
    }
    if (link.isSymbolicLink()) {
      BasicFileAttributes followed;
      try {
        followed = Files.readAttributes(target, BasicFileAttributes.class);
      } catch (FileSystemException e) {
        throw new OutputRefusedException(what + " " + target + " is a symbolic link that does not resolve ("
            + (e.getReason() != null ? e.getReason() : "dangling") + "); refusing to replace it");
      }
      if (followed.isRegularFile()) {
        return;
      }
      throw new OutputRefusedException(what + " " + target + " is a symbolic link to " + kind(target, followed)
          + "; refusing to replace it");
    }
    throw new OutputRefusedException(what + " " + target + " is " + kind(target, link)
        + ", not a regular file; refusing to replace it" + (link.isDirectory() ? " (give a file path)" : ""));
  }

  /**
   * Throws unless {@code dir} is absent or a directory (following symbolic links).
   *
   * @param what how the user named it, e.g. {@code "--out"}
   */
  public static void requireDirectoryOrAbsent(Path dir, String what) throws IOException {
    BasicFileAttributes link = attributes(dir, LinkOption.NOFOLLOW_LINKS);
    if (link == null) {
      return;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(dir, BasicFileAttributes.class);
    } catch (FileSystemException e) {
      throw new OutputRefusedException(what + " " + dir + " is a symbolic link that does not resolve ("
          + (e.getReason() != null ? e.getReason() : "dangling") + ")");
    }
    if (!a.isDirectory()) {
      throw new OutputRefusedException(what + " " + dir + " is " + kind(dir, a) + ", not a directory");
    }
  }

  /** "a directory", "a FIFO", "a character device", ... for messages. */
  static String kind(Path p, BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    if (a.isRegularFile()) {
      return "a regular file";
    }
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    String kind = InputFiles.special(p);
    return kind.equals("a special file") ? "a special file (FIFO, device or socket)" : kind;
  }

  private static BasicFileAttributes attributes(Path p, LinkOption... options) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, options);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }
}
