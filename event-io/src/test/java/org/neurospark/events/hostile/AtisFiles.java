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

  /**
   * An N-MNIST tree (Train/Test, classes 0..9, {@code perClass} recordings each) whose Train/3/00000.bin is
   * truncated by 2 bytes; returns that file.
   */
  public static Path nmnistTree(Path root, int perClass) throws IOException {
    for (String split : new String[] {"Train", "Test"}) {
      for (int c = 0; c < 10; c++) {
        for (int k = 0; k < perClass; k++) {
          write(root.resolve(split).resolve(Integer.toString(c)).resolve(String.format("%05d.bin", k)), 20 + c);
        }
      }
    }
    Path bad = root.resolve("Train/3/00000.bin");
    byte[] b = Files.readAllBytes(bad);
    Files.write(bad, java.util.Arrays.copyOf(b, b.length - 2));
    return bad;
  }
}
