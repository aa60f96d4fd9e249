package org.neurospark.events.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.output.SpecialFiles;

/** The library itself (not only the commands) refuses inputs that are not regular files, before opening them. */
class SpecialInputTest {
  @TempDir
  Path dir;

  @Test
  void fifosDevicesAndDirectoriesAreRefusedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("f.bin");
    SpecialFiles.fifo(fifo);
    for (Path p : new Path[] {fifo, Path.of("/dev/zero"), dir}) {
      if (!Files.exists(p)) {
        continue;
      }
      IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class,
          () -> EventFiles.open(p, ReadOptions.DEFAULT).close()));
      assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }
  }
}
