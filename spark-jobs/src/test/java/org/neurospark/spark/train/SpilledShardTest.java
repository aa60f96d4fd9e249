package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.data.EpochOrder;
import org.neurospark.snn.data.FrameDataset;
import org.neurospark.snn.tensor.Tensor;

/** The file-backed shard against the in-memory {@link FrameDataset} it replaces, its file's life and its heap. */
class SpilledShardTest {
  private static final int T = 3;
  private static final int H = 5;
  private static final int W = 4;
  private static final int CLASSES = 4;

  @TempDir
  Path dir;

  /** A record with random values (integers as event counts, some fractional), dense or sparse. */
  static FrameRecord record(String id, int label, int t, int h, int w, boolean sparse, Random rnd) {
    int n = t * 2 * h * w;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(3) == 0) {
        v[i] = rnd.nextBoolean() ? rnd.nextInt(5) : rnd.nextFloat() * 3;
      }
    }
    if (!sparse) {
      ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(v);
      return new FrameRecord(id, label, t, h, w, b.array(), null, null);
    }
    List<Integer> nz = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (v[i] != 0) {
        nz.add(i);
      }
    }
    Collections.shuffle(nz, rnd); // stored order need not be sorted
    ByteBuffer idx = ByteBuffer.allocate(4 * nz.size()).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer cnt = ByteBuffer.allocate(4 * nz.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i : nz) {
      idx.putInt(i);
      cnt.putFloat(v[i]);
    }
    return new FrameRecord(id, label, t, h, w, null, idx.array(), cnt.array());
  }

  /** {@code n} records with distinct ids in a random (partition) order. */
  static List<FrameRecord> records(int n, Boolean sparse, long seed) {
    Random rnd = new Random(seed);
    List<FrameRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean s = sparse == null ? rnd.nextBoolean() : sparse;
      out.add(record(String.format("s%05d", rnd.nextInt(100_000)) + "-" + i, rnd.nextInt(CLASSES), T, H, W, s, rnd));
    }
    Collections.shuffle(out, rnd);
    return out;
  }

  /** What training built before: the records sorted by id in a {@link FrameDataset}. */
  static FrameDataset inMemory(List<FrameRecord> recs) {
    List<FrameRecord> sorted = new ArrayList<>(recs);
    sorted.sort(Comparator.comparing(FrameRecord::sampleId));
    FrameDataset.Builder b = FrameDataset.builder(T, 2, H, W, CLASSES);
    for (FrameRecord r : sorted) {
      b.add(r.values(), r.label());
    }
    return b.build();
  }

  private void assertSameBatches(List<FrameRecord> recs) throws IOException {
    FrameDataset mem = inMemory(recs);
    try (SpilledShard file = SpilledShard.spill(recs.iterator(), dir, T, H, W, CLASSES)) {
      assertEquals(mem.size(), file.size());
      assertEquals(mem.numClasses(), file.numClasses());
      assertArrayEquals(mem.sampleShape(), file.sampleShape());
      assertArrayEquals(mem.batchShape(7), file.batchShape(7));
      assertEquals(recs.size() * 4L * T * 2 * H * W, Files.size(file.file()));
      assertEquals(Files.size(file.file()), file.fileBytes());
      List<String> ids = recs.stream().map(FrameRecord::sampleId).sorted().toList();
      for (int i = 0; i < mem.size(); i++) {
        assertEquals(mem.label(i), file.label(i));
        assertEquals(ids.get(i), file.sampleId(i));
      }
      int batch = 5;
      for (int epoch = 0; epoch < 2; epoch++) {
        EpochOrder order = new EpochOrder(17, mem.size(), batch, true);
        int[] perm = order.order(epoch);
        for (int b = 0; b < order.batches(); b++) {
          int from = order.batchStart(b);
          int len = order.batchLength(b);
          Tensor x1 = Tensor.zeros(mem.batchShape(len));
          Tensor x2 = Tensor.zeros(file.batchShape(len));
          int[] l1 = new int[len];
          int[] l2 = new int[len];
          mem.fillBatch(perm, from, x1, l1);
          file.fillBatch(perm, from, x2, l2);
          assertArrayEquals(l1, l2);
          float[] a = x1.floatData();
          float[] c = x2.floatData();
          assertEquals(a.length, c.length);
          for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(c[i])) {
              throw new AssertionError("epoch " + epoch + " batch " + b + " element " + i + ": " + a[i] + " vs "
                  + c[i]);
            }
          }
        }
      }
    }
  }

  @Test
  void denseRecordsGiveTheInMemoryDataSetsBatchesBitForBit() throws IOException {
    assertSameBatches(records(53, false, 1));
  }

  @Test
  void sparseAndMixedRecordsGiveTheInMemoryDataSetsBatchesBitForBit() throws IOException {
    assertSameBatches(records(41, true, 2));
    assertSameBatches(records(38, null, 3));
  }

  @Test
  void closeDeletesTheFileAndLaterReadsFail() throws IOException {
    SpilledShard s = SpilledShard.spill(records(4, false, 4).iterator(), dir, T, H, W, CLASSES);
    Path f = s.file();
    assertTrue(Files.exists(f));
    assertEquals(dir, f.getParent());
    s.close();
    s.close(); // idempotent
    assertFalse(Files.exists(f));
    assertThrows(IllegalStateException.class, () -> s.fillBatch(new int[] {0}, 0, Tensor.zeros(s.batchShape(1)),
        new int[1]));
  }

  @Test
  void aBadRecordNamesItselfAndLeavesNoFile() throws IOException {
    List<FrameRecord> recs = new ArrayList<>(records(3, false, 5));
    recs.add(record("odd-one", 1, T, H + 1, W, false, new Random(6)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SpilledShard.spill(recs.iterator(), dir, T, H, W, CLASSES));
    assertTrue(e.getMessage().contains("'odd-one'") && e.getMessage().contains("expected [3, 2, 5, 4]"),
        e.getMessage());
    List<FrameRecord> labels = new ArrayList<>(records(2, true, 7));
    labels.add(record("big-label", CLASSES, T, H, W, true, new Random(8)));
    e = assertThrows(IllegalArgumentException.class,
        () -> SpilledShard.spill(labels.iterator(), dir, T, H, W, CLASSES));
    assertTrue(e.getMessage().contains("'big-label'") && e.getMessage().contains("label 4"), e.getMessage());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList());
    }
  }

  /**
   * Memory does not grow with the shard: records stream through (at most a couple alive while the next is produced,
   * where a list of them would keep all alive), and serving a whole epoch allocates far less than the shard's bytes
   * (no per-sample arrays: one reused buffer).
   */
  @Test
  void recordsStreamThroughAndReadingAllocatesFarLessThanTheShard() throws IOException {
    int t = 8;
    int h = 34;
    int w = 34;
    int n = 400; // 74 KB per sample: a 30 MB shard
    Random rnd = new Random(9);
    List<WeakReference<FrameRecord>> produced = new ArrayList<>();
    int[] maxAlive = {0};
    Iterator<FrameRecord> source = new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public FrameRecord next() {
        if (i >= n) {
          throw new NoSuchElementException();
        }
        if (i % 50 == 49) {
          System.gc();
          maxAlive[0] = Math.max(maxAlive[0], (int) produced.stream().filter(r -> r.get() != null).count());
        }
        FrameRecord r = record(String.format("id%04d", n - i), i % 10, t, h, w, i % 2 == 0, rnd);
        produced.add(new WeakReference<>(r));
        i++;
        return r;
      }
    };
    try (SpilledShard s = SpilledShard.spill(source, dir, t, h, w, 10)) {
      assertEquals(n, s.size());
      assertTrue(maxAlive[0] <= 2, "records alive while spilling: " + maxAlive[0] + " (a shard held in memory keeps"
          + " all)");
      com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      int batch = 16;
      Tensor x = Tensor.zeros(s.batchShape(batch));
      int[] lab = new int[batch];
      EpochOrder order = new EpochOrder(3, n, batch, true);
      int[] perm = order.order(0);
      s.fillBatch(perm, 0, x, lab); // warm up
      long before = mx.getCurrentThreadAllocatedBytes();
      for (int b = 0; b < order.batches(); b++) {
        s.fillBatch(perm, order.batchStart(b), x, lab);
      }
      long allocated = mx.getCurrentThreadAllocatedBytes() - before;
      assertTrue(allocated < s.fileBytes() / 100, "reading a " + s.fileBytes() + "-byte shard once allocated "
          + allocated + " bytes");
    }
  }
}
