package org.neurospark.spark.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.neurospark.snn.data.BatchSource;
import org.neurospark.snn.tensor.Tensor;

/**
 * A worker's shard of event frames kept in a local spill file instead of the heap: the partition's
 * {@link FrameRecord}s are streamed once into the file (each sample's dense {@code [T, 2, H, W]} float32 LE values,
 * sparse records expanded while writing), and only the sample id, label and file offset of each sample stay in
 * memory, so the heap a worker needs does not grow with its shard (a few dozen bytes per sample plus one sample's
 * buffer). Samples are numbered in sample-id order (as {@link org.neurospark.snn.data.FrameDataset} built from the
 * sorted records numbers them), so batches are bit-identical to the in-memory data set's.
 *
 * <p>Batches are time-major {@code [T, N, 2, H, W]} like {@link org.neurospark.snn.data.FrameDataset}'s; each sample
 * is read with one positional read into a reused direct buffer. Files may exceed 2 GB. Not thread-safe.
 * {@link #close()} closes and deletes the file (idempotent).
 */
public final class SpilledShard implements BatchSource, AutoCloseable {
  private static final Comparator<Entry> BY_ID = Comparator.comparing(Entry::id);

  private final Path file;
  private final FileChannel channel;
  private final String[] ids;
  private final int[] labels;
  private final long[] offsets;
  private final int t;
  private final int h;
  private final int w;
  private final int numClasses;
  private final ByteBuffer sample;
  private final FloatBuffer sampleFloats;
  private boolean closed;

  private record Entry(String id, int label, long offset) {}

  private SpilledShard(Path file, FileChannel channel, String[] ids, int[] labels, long[] offsets, int t, int h,
      int w, int numClasses, ByteBuffer sample) {
    this.file = file;
    this.channel = channel;
    this.ids = ids;
    this.labels = labels;
    this.offsets = offsets;
    this.t = t;
    this.h = h;
    this.w = w;
    this.numClasses = numClasses;
    this.sample = sample;
    sample.clear(); // a view of the whole buffer (in its little-endian order)
    this.sampleFloats = sample.asFloatBuffer();
  }

  /**
   * Streams {@code records} into a new spill file in folder {@code dir} (created if missing) and returns the shard
   * over it, samples in sample-id order. Every record must be {@code [t, 2, h, w]} with a label in
   * {@code [0, numClasses)}; on any error the file is deleted before the exception propagates.
   *
   * @param records the partition, each record consumed once and not kept
   * @param dir the folder of the spill file (an executor's local folder)
   * @param t frames (time steps) per sample
   * @param h height in pixels
   * @param w width in pixels
   * @param numClasses number of classes
   */
  public static SpilledShard spill(Iterator<FrameRecord> records, Path dir, int t, int h, int w, int numClasses)
      throws IOException {
    if (t < 1 || h < 1 || w < 1 || numClasses < 1) {
      throw new IllegalArgumentException("a spilled shard needs T, H, W and classes >= 1");
    }
    long bytes = 4L * t * 2 * h * w;
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a [" + t + ", 2, " + h + ", " + w + "] sample is over 2 GB");
    }
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, "neurospark-shard-", ".f32");
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      ByteBuffer buf = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
      FloatBuffer floats = buf.asFloatBuffer();
      List<Entry> index = new ArrayList<>();
      long offset = 0;
      while (records.hasNext()) {
        FrameRecord r = records.next();
        if (r.t() != t || r.height() != h || r.width() != w) {
          throw new IllegalArgumentException("frames row '" + r.sampleId() + "' is [" + r.t() + ", 2, " + r.height()
              + ", " + r.width() + "], expected [" + t + ", 2, " + h + ", " + w + "]");
        }
        if (r.label() < 0 || r.label() >= numClasses) {
          throw new IllegalArgumentException("frames row '" + r.sampleId() + "': label " + r.label()
              + " outside [0, " + numClasses + ")");
        }
        float[] v = r.values();
        floats.clear();
        floats.put(v);
        buf.clear();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        index.add(new Entry(r.sampleId(), r.label(), offset));
        offset += bytes;
      }
      index.sort(BY_ID);
      int n = index.size();
      String[] ids = new String[n];
      int[] labels = new int[n];
      long[] offsets = new long[n];
      for (int i = 0; i < n; i++) {
        Entry e = index.get(i);
        ids[i] = e.id();
        labels[i] = e.label();
        offsets[i] = e.offset();
      }
      return new SpilledShard(file, ch, ids, labels, offsets, t, h, w, numClasses, buf);
    } catch (IOException | RuntimeException | Error e) {
      try {
        if (ch != null) {
          ch.close();
        }
        Files.deleteIfExists(file);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The spill file (deleted by {@link #close()}). */
  public Path file() {
    return file;
  }

  /** Bytes of the spill file: samples × T·2·H·W × 4. */
  public long fileBytes() {
    return (long) ids.length * sample.capacity();
  }

  /** The id of sample {@code i} (samples are in id order). */
  public String sampleId(int i) {
    return ids[i];
  }

  @Override
  public int size() {
    return ids.length;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int[] sampleShape() {
    return new int[] {t, 2, h, w};
  }

  @Override
  public int[] batchShape(int n) {
    return new int[] {t, n, 2, h, w};
  }

  @Override
  public int label(int i) {
    return labels[i];
  }

  @Override
  public void fillBatch(int[] indices, int from, Tensor out, int[] labelsOut) {
    int n = labelsOut.length;
    if (!Arrays.equals(out.shape(), batchShape(n)) || !out.isContiguous()) {
      throw new IllegalArgumentException("batch tensor " + Arrays.toString(out.shape()) + " is not a contiguous "
          + Arrays.toString(batchShape(n)));
    }
    if (closed) {
      throw new IllegalStateException("spilled shard " + file + " is closed");
    }
    int frame = 2 * h * w;
    float[] d = out.floatData();
    int base = out.offset();
    for (int j = 0; j < n; j++) {
      int idx = indices[from + j];
      read(idx);
      for (int s = 0; s < t; s++) {
        sampleFloats.get(s * frame, d, base + (s * n + j) * frame, frame);
      }
      labelsOut[j] = labels[idx];
    }
    out.storage().bumpVersion();
  }

  private void read(int idx) {
    sample.clear();
    long pos = offsets[idx];
    try {
      while (sample.hasRemaining()) {
        int got = channel.read(sample, pos);
        if (got < 0) {
          throw new IOException("unexpected end of file at byte " + pos);
        }
        pos += got;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("spilled shard " + file + ": sample " + idx + " ('" + ids[idx] + "') at byte "
          + offsets[idx] + ": " + e.getMessage(), e);
    }
  }

  /** Closes and deletes the spill file; later calls do nothing. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
