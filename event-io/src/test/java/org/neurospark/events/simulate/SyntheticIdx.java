package org.neurospark.events.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** A tiny IDX dataset of ten distinct white-on-black shapes (one class each), written as MNIST names its files. */
final class SyntheticIdx {
  static final int SIZE = 28;

  private SyntheticIdx() {}

  /** Image of class {@code label}, shifted by a small per-sample offset so samples of a class differ. */
  static byte[] image(int label, int sample) {
    byte[] im = new byte[SIZE * SIZE];
    int sx = sample % 3 - 1;
    int sy = (sample / 3) % 3 - 1;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double u = x - 13.5 - sx;
        double v = y - 13.5 - sy;
        double r = Math.hypot(u, v);
        boolean on = switch (label) {
          case 0 -> r > 6 && r < 9; // ring
          case 1 -> Math.abs(u) < 1.6 && Math.abs(v) < 9; // vertical bar
          case 2 -> Math.abs(v) < 1.6 && Math.abs(u) < 9; // horizontal bar
          case 3 -> Math.abs(u - v) < 2.3 && r < 9.5; // diagonal
          case 4 -> Math.abs(u + v) < 2.3 && r < 9.5; // anti-diagonal
          case 5 -> (Math.abs(u) < 1.6 || Math.abs(v) < 1.6) && Math.abs(u) < 9 && Math.abs(v) < 9; // plus
          case 6 -> Math.abs(v + 8) < 1.6 && Math.abs(u) < 9 || Math.abs(u) < 1.6 && v > -8 && v < 9; // T
          case 7 -> Math.abs(v + 8) < 1.6 && Math.abs(u) < 9 || Math.abs(u - 8) < 1.6 && Math.abs(v) < 9; // top + right
          case 8 -> r < 4.5; // disk
          default -> Math.abs(v - 8) < 1.6 && Math.abs(u) < 9 || Math.abs(u + 8) < 1.6 && Math.abs(v) < 9; // L
        };
        im[y * SIZE + x] = (byte) (on ? 255 : 0);
      }
    }
    return im;
  }

  /**
   * Writes {@code perClass} samples of every class to each split (labels cycling 0..9), images plain and labels
   * gzip-compressed (both forms the reader accepts).
   */
  static void write(Path dir, int perClass) throws IOException {
    Files.createDirectories(dir);
    for (String prefix : new String[] {"train", "t10k"}) {
      int n = 10 * perClass;
      ByteBuffer img = ByteBuffer.allocate(16 + n * SIZE * SIZE);
      img.putInt(0x803).putInt(n).putInt(SIZE).putInt(SIZE);
      ByteBuffer lab = ByteBuffer.allocate(8 + n);
      lab.putInt(0x801).putInt(n);
      for (int i = 0; i < n; i++) {
        int label = i % 10;
        int sample = i / 10 + (prefix.equals("t10k") ? 4 : 0);
        img.put(image(label, sample));
        lab.put((byte) label);
      }
      Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), img.array());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(prefix
          + "-labels-idx1-ubyte.gz")))) {
        out.write(lab.array());
      }
    }
  }
}
