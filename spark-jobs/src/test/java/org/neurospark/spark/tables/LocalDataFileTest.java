package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalDataFile} writes exactly the bytes it is given, and its position counts buffered bytes too. */
class LocalDataFileTest {
  @TempDir
  Path dir;

  @Test
  void bytesAndPositionsOfMixedWritesAcrossBufferBoundaries() throws IOException {
    Path p = dir.resolve("a.parquet");
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    SplittableRandom rnd = new SplittableRandom(3);
    try (PositionOutputStream out = new LocalDataFile(p).create(0)) {
      // single bytes, small arrays, and arrays of 1-3 buffers written from an offset: every boundary case
      int[] sizes = {1, 0, 7, LocalDataFile.BUFFER_BYTES - 9, 1, 1, 5000, 3 * LocalDataFile.BUFFER_BYTES + 11,
          LocalDataFile.BUFFER_BYTES, 2, 65_536};
      for (int size : sizes) {
        byte[] b = new byte[size + 5];
        rnd.nextBytes(b);
        if (size == 1) {
          out.write(b[0]);
          want.write(b[0]);
        } else {
          out.write(b, 3, size);
          want.write(b, 3, size);
        }
        assertEquals(want.size(), out.getPos(), "position after a write of " + size);
      }
    }
    assertArrayEquals(want.toByteArray(), Files.readAllBytes(p));
  }

  @Test
  void createRefusesAnExistingFileAndCreateOrOverwriteTruncatesIt() throws IOException {
    Path p = dir.resolve("b.parquet");
    Files.write(p, new byte[100]);
    assertThrows(FileAlreadyExistsException.class, () -> new LocalDataFile(p).create(0));
    try (PositionOutputStream out = new LocalDataFile(p).createOrOverwrite(0)) {
      out.write(new byte[] {1, 2, 3});
    }
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
  }

  @Test
  void writesAfterCloseFailAndCloseTwiceIsHarmless() throws IOException {
    Path p = dir.resolve("c.parquet");
    PositionOutputStream out = new LocalDataFile(p).create(0);
    out.write(new byte[10]);
    out.close();
    out.close();
    assertThrows(IOException.class, () -> out.write(1));
    assertThrows(IOException.class, () -> out.write(new byte[3], 0, 3));
    assertEquals(10, Files.size(p));
  }
}
