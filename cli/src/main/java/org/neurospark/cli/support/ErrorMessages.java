package org.neurospark.cli.support;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Turns a failure into the one line a user needs: file-system failures name the path and the reason (missing,
 * permission denied, is a directory, no space left, symbolic link loop), exceptions without a message get their
 * cause's message or a plain description instead of {@code null}, and the result is escaped for the terminal.
 */
public final class ErrorMessages {
  private ErrorMessages() {}

  /** One line describing {@code t} (not escaped). */
  public static String describe(Throwable t) {
    if (t instanceof FileSystemException f) {
      return fileSystem(f);
    }
    if (t instanceof OutOfMemoryError) {
      return "out of memory (maximum heap " + heap() + "); raise it with NEUROSPARK_JAVA_OPTS=-Xmx... or ask for"
          + " less (smaller batches, frames, windows)";
    }
    if (t instanceof StackOverflowError) {
      return "input nested too deeply (stack overflow)";
    }
    if (t instanceof ArithmeticException a) {
      return "arithmetic overflow or division by zero (" + a.getMessage() + "); check the numeric flags";
    }
    String m = t.getMessage();
    if (m == null || m.isBlank() || "null".equals(m)) {
      Throwable c = t.getCause();
      if (c != null && c != t) {
        return describe(c);
      }
      return t.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
    }
    return m;
  }

  private static String fileSystem(FileSystemException f) {
    String path = f.getFile() != null ? f.getFile() : "?";
    String other = f.getOtherFile() != null ? " (and " + f.getOtherFile() + ")" : "";
    String reason = f.getReason();
    if (reason == null || reason.isBlank()) {
      if (f instanceof NoSuchFileException) {
        reason = "no such file or directory";
      } else if (f instanceof AccessDeniedException) {
        reason = "permission denied";
      } else if (f instanceof FileAlreadyExistsException) {
        reason = "already exists";
      } else if (f instanceof DirectoryNotEmptyException) {
        reason = "directory not empty";
      } else if (f instanceof NotDirectoryException) {
        reason = "not a directory";
      } else if (f instanceof FileSystemLoopException) {
        reason = "symbolic link loop";
      } else {
        reason = "file-system error";
      }
    }
    return path + other + ": " + reason;
  }

  private static String heap() {
    long b = Runtime.getRuntime().maxMemory();
    return String.format(Locale.ROOT, "%.1f GiB", b / (1024.0 * 1024 * 1024));
  }

  /** The execution-exception handler of both command lines: "error: MESSAGE" on stderr, exit code 1. */
  public static CommandLine.IExecutionExceptionHandler handler() {
    return (ex, cmd, parseResult) -> {
      cmd.getErr().println("error: " + Terminal.escape(describe(ex)));
      cmd.getErr().flush();
      return 1;
    };
  }

  /**
   * Runs {@code cl} with {@code args}, turning an {@link Error} that escapes picocli (out of memory, stack overflow)
   * into the same one-line message and exit code 1.
   */
  public static int execute(CommandLine cl, String[] args) {
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      System.err.println("error: " + describe(e));
      return 1;
    }
  }
}
