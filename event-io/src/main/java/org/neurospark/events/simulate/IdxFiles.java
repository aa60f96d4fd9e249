package org.neurospark.events.simulate;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.neurospark.events.dataset.Split;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (LeCun's format: big-endian magic {@code 0x00000803} for images,
 * {@code 0x00000801} for labels, then the dimension sizes as big-endian int32, then unsigned bytes), plain or gzip
 * compressed (detected by content, not by name), and finds them in a folder under their usual names.
 */
public final class IdxFiles {
  private static final int MAGIC_IMAGES = 0x00000803;
  private static final int MAGIC_LABELS = 0x00000801;

  private IdxFiles() {}

  /** Reads an IDX3 image file (plain or gzip). */
  public static IdxImages readImages(Path file) throws IOException {
    return readImages(file, -1);
  }

  /**
   * Reads the first {@code limit} images of an IDX3 image file (plain or gzip); −1 = all. The header must still
   * declare at least as many images as are read.
   */
  public static IdxImages readImages(Path file, int limit) throws IOException {
    try (Counting in = open(file)) {
      int magic = in.readInt("magic number");
      if (magic != MAGIC_IMAGES) {
        throw new IdxFormatException(file, 0, String.format("magic 0x%08x is not an IDX3 unsigned-byte image file "
            + "(0x%08x)", magic, MAGIC_IMAGES));
      }
      int count = in.readInt("image count");
      int rows = in.readInt("row count");
      int cols = in.readInt("column count");
      if (count < 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096
          || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
        throw new IdxFormatException(file, 4, "implausible dimensions " + count + " × " + rows + " × " + cols);
      }
      int n = limit < 0 ? count : Math.min(limit, count);
      byte[] pixels = new byte[n * rows * cols];
      in.readFully(pixels, n + " images of " + rows + " × " + cols);
      return new IdxImages(file, n, rows, cols, pixels);
    }
  }

  /** Reads an IDX1 label file (plain or gzip): one unsigned byte per item. */
  public static int[] readLabels(Path file) throws IOException {
    return readLabels(file, -1);
  }

  /** Reads the first {@code limit} labels of an IDX1 label file (plain or gzip); −1 = all. */
  public static int[] readLabels(Path file, int limit) throws IOException {
    try (Counting in = open(file)) {
      int magic = in.readInt("magic number");
      if (magic != MAGIC_LABELS) {
        throw new IdxFormatException(file, 0, String.format("magic 0x%08x is not an IDX1 unsigned-byte label file "
            + "(0x%08x)", magic, MAGIC_LABELS));
      }
      int count = in.readInt("label count");
      if (count < 0) {
        throw new IdxFormatException(file, 4, "negative label count " + count);
      }
      int n = limit < 0 ? count : Math.min(limit, count);
      byte[] raw = new byte[n];
      in.readFully(raw, n + " labels");
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = raw[i] & 0xFF;
      }
      return labels;
    }
  }

  /** The item count an IDX file's header declares (images or labels), without reading the items. */
  public static int declaredCount(Path file) throws IOException {
    try (Counting in = open(file)) {
      int magic = in.readInt("magic number");
      if (magic != MAGIC_IMAGES && magic != MAGIC_LABELS) {
        throw new IdxFormatException(file, 0, String.format("magic 0x%08x is not an IDX1/IDX3 unsigned-byte file",
            magic));
      }
      int count = in.readInt("item count");
      if (count < 0) {
        throw new IdxFormatException(file, 4, "negative item count " + count);
      }
      return count;
    }
  }

  /**
   * The image and label files of {@code split} in {@code dir}: {@code train-images-idx3-ubyte} /
   * {@code train-labels-idx1-ubyte} for TRAIN, {@code t10k-…} for TEST, each also accepted with a {@code .gz}
   * suffix or with {@code .} instead of the last {@code -} ({@code train-images.idx3-ubyte}).
   *
   * @return {images, labels}
   * @throws IOException naming the names that were looked for when a file is missing
   */
  public static Path[] locate(Path dir, Split split) throws IOException {
    String prefix = switch (split) {
      case TRAIN -> "train";
      case TEST -> "t10k";
      default -> throw new IllegalArgumentException("IDX datasets have train and test files only, not " + split);
    };
    return new Path[] {find(dir, prefix + "-images", "idx3-ubyte"), find(dir, prefix + "-labels", "idx1-ubyte")};
  }

  private static Path find(Path dir, String stem, String kind) throws IOException {
    List<String> tried = new ArrayList<>();
    for (String sep : new String[] {"-", "."}) {
      for (String gz : new String[] {"", ".gz"}) {
        String name = stem + sep + kind + gz;
        tried.add(name);
        Path p = dir.resolve(name);
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    throw new IOException(dir + ": no " + stem + " file (looked for " + String.join(", ", tried) + ")");
  }

  private static Counting open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)
        : raw;
    return new Counting(file, in);
  }

  /** A stream that knows its offset, for error messages. */
  private static final class Counting implements AutoCloseable {
    private final Path file;
    private final InputStream in;
    private long offset;

    Counting(Path file, InputStream in) {
      this.file = file;
      this.in = in;
    }

    int readInt(String what) throws IOException {
      byte[] b = new byte[4];
      readFully(b, what);
      return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    void readFully(byte[] b, String what) throws IOException {
      int n = 0;
      try {
        while (n < b.length) {
          int r = in.read(b, n, b.length - n);
          if (r < 0) {
            break;
          }
          n += r;
        }
      } catch (EOFException e) {
        // a truncated gzip stream: reported below with the offset reached
      }
      if (n < b.length) {
        throw new IdxFormatException(file, offset + n, "truncated: expected " + b.length + " bytes of " + what
            + ", found " + n);
      }
      offset += n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
