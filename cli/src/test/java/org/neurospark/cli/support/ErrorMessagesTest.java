package org.neurospark.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** One-line messages: file-system failures name path and reason, no "null", control characters escaped. */
class ErrorMessagesTest {
  @Test
  void fileSystemFailuresNameThePathAndTheReason() {
    assertEquals("/d/x.bin: no such file or directory", ErrorMessages.describe(new NoSuchFileException("/d/x.bin")));
    assertEquals("/d/x.bin: permission denied", ErrorMessages.describe(new AccessDeniedException("/d/x.bin")));
    assertEquals("/d/out: No space left on device",
        ErrorMessages.describe(new FileSystemException("/d/out", null, "No space left on device")));
    assertEquals("/a (and /b): Too many levels of symbolic links",
        ErrorMessages.describe(new FileSystemException("/a", "/b", "Too many levels of symbolic links")));
  }

  @Test
  void noNullMessages() {
    assertEquals("inner reason", ErrorMessages.describe(new RuntimeException(null,
        new IOException("inner reason"))));
    assertEquals("null pointer exception", ErrorMessages.describe(new NullPointerException()));
    assertTrue(ErrorMessages.describe(new OutOfMemoryError("Java heap space")).contains("-Xmx"));
  }

  @Test
  void escapesControlCharacters() {
    assertEquals("a\\x1b[2Jb\\x07\\x0d\n\tc\\u202e", Terminal.escape("a\u001b[2Jb\u0007\r\n\tc\u202e"));
    StringWriter w = new StringWriter();
    PrintWriter p = Terminal.escaping(new PrintWriter(w));
    p.print("name\u001b]0;title\u0007");
    p.flush();
    assertEquals("name\\x1b]0;title\\x07", w.toString());
  }
}
