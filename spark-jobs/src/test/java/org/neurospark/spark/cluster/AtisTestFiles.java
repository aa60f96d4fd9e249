package org.neurospark.spark.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes N-MNIST ATIS {@code .bin} recordings with a known content (40-bit records {@code x:8 y:8 p:1 t:23}), so
 * tests know the expected counts without any reader: event {@code i} of a file has {@code x = i % 34},
 * {@code y = (i / 34) % 34}, {@code p = i % 3 == 0 ? 1 : 0}, {@code t = start + 7 * i} µs.
 */
final class AtisTestFiles {
  private AtisTestFiles() {}

  /** Expected numbers for a file written by {@link #write}. */
  record Expected(long events, long firstT, long lastT, long on) {}

  static Expected write(Path file, int events, long start) throws IOException {
    byte[] b = new byte[events * 5];
    long on = 0;
    for (int i = 0; i < events; i++) {
      long t = start + 7L * i;
      int p = i % 3 == 0 ? 1 : 0;
      on += p;
      int o = i * 5;
      b[o] = (byte) (i % 34);
      b[o + 1] = (byte) ((i / 34) % 34);
      b[o + 2] = (byte) ((p << 7) | (int) ((t >>> 16) & 0x7f));
      b[o + 3] = (byte) (t >>> 8);
      b[o + 4] = (byte) t;
    }
    Files.write(file, b);
    return new Expected(events, start, start + 7L * (events - 1), on);
  }
}
