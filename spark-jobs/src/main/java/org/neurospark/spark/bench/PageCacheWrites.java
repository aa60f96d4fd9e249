package org.neurospark.spark.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What writing new files costs on this machine before any encoding: {@code bytes} written the way ingest writes its
 * data files (1 MiB writes through a file channel, no sync), timed twice in a row:
 * <ol>
 *   <li><b>into free memory</b>: a new file after a pause, so the kernel takes every page-cache page from its free
 *   lists;</li>
 *   <li><b>into pages just freed</b>: that file deleted, another written at once.</li>
 * </ol>
 * On a bare machine both are a memory copy. On a virtual machine whose host takes back the guest's free memory (the
 * balloon driver's free-page reporting, as on the machines this project measures on), the first pays a host fault
 * for every page it touches; ingest pays it for its output, while the raw-decode baseline, which only reads files
 * already in the page cache, never does. The two numbers side by side say how much of an ingest's time is that.
 *
 * @param bytes bytes written each time
 * @param freshS seconds for the first file
 * @param reusedS seconds for the second
 */
public record PageCacheWrites(long bytes, double freshS, double reusedS) {
  /** Bytes per write, as {@code LocalDataFile}. */
  static final int WRITE_BYTES = 1 << 20;

  /**
   * Measures in {@code dir} (created if needed; both files are deleted before returning).
   *
   * @param bytes bytes per file (at least 1)
   * @param pauseMs milliseconds to wait first, so memory freed just before has gone back to the free lists
   *     (Linux reports free pages to the host 2 s after they gather)
   */
  public static PageCacheWrites measure(Path dir, long bytes, long pauseMs) throws IOException {
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes " + bytes + " (at least 1)");
    }
    Files.createDirectories(dir);
    ByteBuffer buffer = ByteBuffer.allocate(WRITE_BYTES);
    for (int i = 0; i < WRITE_BYTES; i++) {
      buffer.put(i, (byte) (i * 31 + (i >>> 11))); // not all zeros: nothing on the way can skip it
    }
    Path a = dir.resolve("page-cache-a.bin");
    Path b = dir.resolve("page-cache-b.bin");
    try {
      Thread.sleep(pauseMs);
      double fresh = write(a, bytes, buffer);
      Files.delete(a);
      double reused = write(b, bytes, buffer);
      return new PageCacheWrites(bytes, fresh, reused);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(a);
      Files.deleteIfExists(b);
    }
  }

  /** {@code bytes} into a new file at {@code p}; returns the seconds it took. */
  private static double write(Path p, long bytes, ByteBuffer buffer) throws IOException {
    long t0 = System.nanoTime();
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long left = bytes;
      while (left > 0) {
        buffer.clear().limit((int) Math.min(WRITE_BYTES, left));
        while (buffer.hasRemaining()) {
          left -= ch.write(buffer);
        }
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    if (Files.size(p) != bytes) {
      throw new IOException(p + " holds " + Files.size(p) + " bytes after writing " + bytes);
    }
    return s;
  }

  /** Seconds the first write took beyond the second: the cost of fresh pages (0 when it was not slower). */
  public double excessS() {
    return Math.max(0, freshS - reusedS);
  }
}
