package org.neurospark.spark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageCacheWritesTest {
  @Test
  void timesBothWritesOfTheWholeSizeAndLeavesNoFile(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("pc");
    long bytes = 3L * PageCacheWrites.WRITE_BYTES + 5; // a short last write
    PageCacheWrites w = PageCacheWrites.measure(dir, bytes, 0);
    assertEquals(bytes, w.bytes());
    assertTrue(w.freshS() > 0 && w.reusedS() > 0, w.toString());
    assertEquals(Math.max(0, w.freshS() - w.reusedS()), w.excessS(), 0);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void refusesNothingToWrite(@TempDir Path tmp) {
    assertThrows(IllegalArgumentException.class, () -> PageCacheWrites.measure(tmp, 0, 0));
  }
}
