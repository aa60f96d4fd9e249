package org.neurospark.events.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small ATIS / N-MNIST {@code .bin} recordings (5-byte records: x, y, p|t[22:16], t[15:8], t[7:0]). */
public final class AtisFiles {
  private AtisFiles() {}

  /** {@code n} events at x = y = i % 34, alternating polarity, t = 10·i µs. */
  public static Path write(Path file, int n) throws IOException {
    byte[] b = new byte[5 * n];
    for (int i = 0; i < n; i++) {
      int t = 10 * i;
      b[5 * i] = (byte) (i % 34);
      b[5 * i + 1] = (byte) (i % 34);
      b[5 * i + 2] = (byte) (((i & 1) << 7) | ((t >>> 16) & 0x7F));
      b[5 * i + 3] = (byte) (t >>> 8);
      b[5 * i + 4] = (byte) t;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, b);
  }
}
