package org.neurospark.events.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks an input path before it is opened: it must be a regular file (following symbolic links). A FIFO would
 * block the reader forever, a character device such as {@code /dev/zero} never ends, a directory is not a file: all
 * are refused with a message naming the path and what it is. Messages name the reason of file-system failures too
 * (missing, permission denied, symbolic link loop).
 */
public final class InputFiles {
  private InputFiles() {}

  /**
   * Throws unless {@code file} is a readable regular file.
   *
   * @param file the input
   * @throws IOException naming the path and the reason (missing, is a directory, FIFO, device, permission denied,
   *     symbolic link loop)
   */
  public static void requireRegularFile(Path file) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file"
          + (Files.isSymbolicLink(file) ? " (dangling symbolic link)" : ""));
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(file.toString(), null, "permission denied");
    } catch (FileSystemException e) {
      throw new FileSystemException(file.toString(), null, e.getReason() != null ? e.getReason() : "cannot stat");
    }
    if (a.isRegularFile()) {
      if (!Files.isReadable(file)) {
        throw new AccessDeniedException(file.toString(), null, "permission denied");
      }
      return;
    }
    String kind;
    if (a.isDirectory()) {
      kind = "is a directory, not a file";
    } else {
      kind = "is " + special(file) + ", not a regular file (it could block or never end)";
    }
    throw new FileSystemException(file.toString(), null, kind);
  }

  /**
   * What kind of special (non-regular, non-directory) file {@code p} is, for messages: "a FIFO (named pipe)", "a
   * character device", "a block device", "a socket", else "a special file".
   */
  public static String special(Path p) {
    try {
      Object mode = Files.getAttribute(p, "unix:mode");
      if (mode instanceof Integer m) {
        switch (m & 0170000) {
          case 0010000:
            return "a FIFO (named pipe)";
          case 0020000:
            return "a character device";
          case 0060000:
            return "a block device";
          case 0140000:
            return "a socket";
          default:
            break;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no unix view
    }
    return "a special file";
  }
}
