package org.neurospark.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
  private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

  @Test
  void crcOfTheStandardCheckString() {
    // the catalogued check values: CRC-32C("123456789") = e3069283, CRC-32 = cbf43926
    assertEquals("crc32c+crc32:e3069283cbf43926", Checksums.of(CHECK, 0, CHECK.length));
    byte[] padded = new byte[CHECK.length + 5];
    System.arraycopy(CHECK, 0, padded, 3, CHECK.length);
    assertEquals("crc32c+crc32:e3069283cbf43926", Checksums.of(padded, 3, CHECK.length));
    assertEquals("crc32c+crc32:0000000000000000", Checksums.of(new byte[0], 0, 0));
  }

  @Test
  void aFileInEitherAlgorithm(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("check.bin");
    Files.write(f, CHECK);
    assertEquals("crc32c+crc32:e3069283cbf43926", Checksums.of(f.toString()));
    assertEquals("crc32c+crc32:e3069283cbf43926", Checksums.of(f.toString(), "crc32c+crc32:0123456789abcdef"));
    // FIPS 180-2's SHA-256 of "abc"
    Files.write(f, "abc".getBytes(StandardCharsets.US_ASCII));
    assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Checksums.of(f.toString(), "sha256:00"));
    assertEquals(Checksums.of(f.toString(), "sha256"), Checksums.of(f.toString(), "sha256:ff"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checksums.of(f.toString(), "md5:900150983cd24fb0d6963f7d28e17f72"));
    assertEquals("unknown checksum algorithm 'md5' (known: crc32c+crc32, sha256)", e.getMessage());
  }

  @Test
  void streamedFileEqualsInMemoryAndSeesOneFlippedBit(@TempDir Path tmp) throws Exception {
    byte[] b = new byte[300_001]; // several read buffers
    new Random(7).nextBytes(b);
    Path f = tmp.resolve("r.bin");
    Files.write(f, b);
    String sum = Checksums.of(b, 0, b.length);
    assertEquals(sum, Checksums.of(f.toString()));
    b[123_457] ^= 0x10;
    assertNotEquals(sum, Checksums.of(b, 0, b.length));
  }
}
