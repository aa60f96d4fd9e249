package org.neurospark.events.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sample#locationOf} gives {@code Path.toUri()}'s string for every recording, plain name or not. */
class SampleLocationTest {
  @Test
  void locationIsToUrisStringForFilesOfAnyName(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("Train").resolve("3"));
    for (String name : new String[] {"00012.bin", "a-b_c.~x.aedat4", "with space.bin", "ünïcode.raw", "x+y=z.dat",
        "semi;colon.bin", "per%cent.bin", "hash#tag.bin", "q?mark.bin"}) {
      Path f = Files.createFile(dir.resolve(name));
      assertEquals(f.toAbsolutePath().toUri().toString(), Sample.locationOf(f), name);
      assertEquals(f.toAbsolutePath(), new Sample(f, 3, "3", Split.TRAIN, -1, -1, "s").file(), name);
    }
    Path missing = dir.resolve("not-there.bin");
    assertEquals(missing.toUri().toString(), Sample.locationOf(missing));
    Path relative = Path.of("target", "some.bin");
    assertEquals(relative.toAbsolutePath().toUri().toString(), Sample.locationOf(relative));
  }
}
