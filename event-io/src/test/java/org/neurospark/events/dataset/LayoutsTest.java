package org.neurospark.events.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutsTest {
  @Test
  void filesAreTheRegularFilesWithTheExtensionInNameOrder(@TempDir Path tmp) throws IOException {
    for (String n : new String[] {"b.bin", "a.BIN", "B.bin", "c.bin.txt", "10.bin", "9.bin", "_x.bin"}) {
      Files.write(tmp.resolve(n), new byte[1]);
    }
    Files.createDirectory(tmp.resolve("dir.bin")); // a folder, not a recording
    List<String> names = Layouts.files(tmp, ".bin").stream().map(p -> p.getFileName().toString()).toList();
    // String order, as Python's sorted() gives for ASCII names: digits, upper case, '_', lower case
    assertEquals(List.of("10.bin", "9.bin", "B.bin", "_x.bin", "a.BIN", "b.bin"), names);
    assertEquals(List.of(), Layouts.files(tmp, ".aedat"));
  }
}
