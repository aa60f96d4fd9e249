package org.neurospark.events.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventFileException;

class HeaderLinesTest {
  static List<String> read(Path dir, String content, char marker, String terminator, long[] dataStart)
      throws IOException {
    Path f = dir.resolve("h" + Math.abs(content.hashCode()));
    Files.write(f, content.getBytes(StandardCharsets.ISO_8859_1));
    try (ChunkedFileInput in = new ChunkedFileInput(f, 64)) { // tiny chunks: lines span many refills
      List<String> lines = HeaderLines.read(in, (byte) marker, terminator);
      dataStart[0] = in.position();
      return lines;
    }
  }

  @Test
  void crlfLfTerminatorAndUnterminatedLastLine(@TempDir Path dir) throws IOException {
    long[] at = new long[1];
    String longLine = "#" + "x".repeat(300);
    assertEquals(List.of("#a", "#b", longLine), read(dir, "#a\r\n#b\n" + longLine + "\r\nDATA", '#', null, at));
    assertEquals(4 + 3 + longLine.length() + 2, at[0]);
    assertEquals(List.of("% evt 3.0", "% end"), read(dir, "% evt 3.0\n% end\n%binary", '%', "% end", at));
    assertEquals(16, at[0]);
    assertEquals(List.of("#only"), read(dir, "#only", '#', null, at));
    assertEquals(5, at[0]);
    assertEquals(List.of(), read(dir, "", '#', null, at));
  }

  @Test
  void overlongLineIsAnErrorNotAnOutOfMemory(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("long.aedat");
    byte[] b = new byte[HeaderLines.MAX_LINE_BYTES + 10];
    java.util.Arrays.fill(b, (byte) 'x');
    b[0] = '#';
    Files.write(f, b);
    try (ChunkedFileInput in = new ChunkedFileInput(f)) {
      EventFileException e = assertThrows(EventFileException.class, () -> HeaderLines.read(in, (byte) '#', null));
      assertEquals(0, e.offset());
    }
  }
}
