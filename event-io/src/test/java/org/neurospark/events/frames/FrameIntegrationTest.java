package org.neurospark.events.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.npy.NpyDtype;
import org.neurospark.events.npy.NpyHeader;
import org.neurospark.events.npy.NpzWriter;

/** Integration semantics, file modes against in-memory results, custom integrators and exact counting. */
class FrameIntegrationTest {
  @TempDir
  Path dir;

  @Test
  void countsGoToChannelByPolarityAndPixelYX() {
    EventBatch b = batch(new long[] {0, 1, 2, 3, 4}, new int[] {2, 2, 0, 4, 2}, new int[] {1, 1, 0, 2, 1},
        new byte[] {1, 1, 0, 0, 0});
    Frames f = new FrameIntegrator(3, 5).integrate(b, FrameIndex.byNumber(5, 1), null);
    assertArrayEquals(new long[] {1, 2, 3, 5}, f.shape());
    assertEquals(2f, f.get(0, 1, 1, 2)); // two ON at x=2, y=1
    assertEquals(1f, f.get(0, 0, 1, 2));
    assertEquals(1f, f.get(0, 0, 0, 0));
    assertEquals(1f, f.get(0, 0, 2, 4));
    assertEquals(5.0, f.total());
  }

  @Test
  void outOfRangeCoordinatesAreRejectedNotAliased() {
    EventBatch b = batch(new long[] {0}, new int[] {5}, new int[] {0}, new byte[] {1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FrameIntegrator(3, 5).byFramesNumber(b, SplitBy.NUMBER, 1));
    assertTrue(e.getMessage().contains("x=5"), e.getMessage());
    EventBatch neg = batch(new long[] {0}, new int[] {1}, new int[] {-1}, new byte[] {1});
    assertThrows(IllegalArgumentException.class, () -> new FrameIntegrator(3, 5).byFramesNumber(neg,
        SplitBy.NUMBER, 1));
  }

  @Test
  void reusesTheOutputBufferAndClearsIt() {
    EventBatch b = random(500, 8, 6, new SplittableRandom(1), true);
    FrameIntegrator fi = new FrameIntegrator(6, 8);
    Frames a = fi.byFramesNumber(b, SplitBy.NUMBER, 4);
    float[] first = a.toArray();
    Frames again = fi.byFramesNumber(b, SplitBy.NUMBER, 4, a);
    assertSame(a, again);
    assertArrayEquals(first, again.toArray());
    Frames fewer = fi.byFramesNumber(b, SplitBy.NUMBER, 2, a);
    assertSame(a, fewer);
    assertEquals(500.0, fewer.total());
  }

  @Test
  void userSuppliedIntegrator() {
    EventBatch b = batch(new long[] {0, 1, 2}, new int[] {1, 1, 1}, new int[] {0, 0, 0}, new byte[] {1, 1, 0});
    Frames bin = new FrameIntegrator(1, 2, SegmentIntegrator.BINARY).byFramesNumber(b, SplitBy.NUMBER, 1);
    assertArrayEquals(new float[] {0, 1, 0, 1}, bin.toArray());
    // a latest-timestamp surface, as a user would write it
    SegmentIntegrator latest = (ev, from, to, frame, off, h, w) -> {
      for (int i = from; i < to; i++) {
        frame[off + ev.p()[i] * h * w + ev.y()[i] * w + ev.x()[i]] = ev.t()[i];
      }
    };
    Frames sur = new FrameIntegrator(1, 2, latest).byFramesNumber(b, SplitBy.NUMBER, 1);
    assertArrayEquals(new float[] {0, 2, 0, 1}, sur.toArray());
  }

  @Test
  void exactCountingBeyondTheFloatLimitMatchesLongCounts() {
    // limit lowered to 8 events per frame: frames switch to long counters mid-way and must equal float counting
    EventBatch b = random(3000, 3, 2, new SplittableRandom(5), true);
    Frames plain = new FrameIntegrator(2, 3).byFramesNumber(b, SplitBy.NUMBER, 3);
    Frames exact = new FrameIntegrator(2, 3, SegmentIntegrator.COUNT, 8).byFramesNumber(b, SplitBy.NUMBER, 3);
    assertArrayEquals(plain.toArray(), exact.toArray());
    // and above 2^24 a float increment would stall while the exact path keeps counting
    float f = 1 << 24;
    assertEquals(f, f + 1f);
    assertEquals(16777218f, (float) ((1L << 24) + 2));
  }

  @Test
  void fileModesEqualInMemoryOnSortedAndUnsortedRecordings() throws IOException {
    SplittableRandom rnd = new SplittableRandom(7);
    for (boolean sorted : new boolean[] {true, false}) {
      EventBatch b = random(150_000, 40, 30, rnd, sorted); // > 2 default batches
      Path f = dir.resolve("ev" + sorted + ".npz");
      write(f, b);
      FrameIntegrator fi = new FrameIntegrator(30, 40);
      for (SplitBy split : SplitBy.values()) {
        for (int t : new int[] {1, 7, 16}) {
          Frames mem = fi.byFramesNumber(b, split, t);
          Frames file = FileFrames.byFramesNumber(f, ReadOptions.DEFAULT, split, t, fi);
          assertArrayEquals(mem.toArray(), file.toArray(), split + " T=" + t + " sorted=" + sorted);
          assertEquals(split == SplitBy.NUMBER || sorted ? 150_000.0 : mem.total(), file.total());
        }
      }
      for (DurationMode mode : DurationMode.values()) {
        if (mode == DurationMode.UPSTREAM && !sorted) {
          assertThrows(IllegalArgumentException.class, () -> FileFrames.byDuration(f, ReadOptions.DEFAULT, 1000,
              DurationMode.UPSTREAM, fi, (i, d, o) -> { }));
          continue;
        }
        for (long d : new long[] {999, 25_000, 10_000_000}) {
          Frames mem = fi.byDuration(b, d, mode);
          List<float[]> got = new ArrayList<>();
          int n = FileFrames.byDuration(f, ReadOptions.DEFAULT, d, mode, fi,
              (i, data, off) -> got.add(Arrays.copyOfRange(data, off, off + 2 * 30 * 40)));
          assertEquals(mem.frames(), n, mode + " d=" + d);
          for (int i = 0; i < n; i++) {
            assertArrayEquals(Arrays.copyOfRange(mem.data(), i * 2400, (i + 1) * 2400), got.get(i),
                mode + " d=" + d + " frame " + i);
          }
        }
      }
    }
  }

  static EventBatch random(int n, int w, int h, SplittableRandom rnd, boolean sorted) {
    EventBatch b = new EventBatch(n);
    long t = 1000;
    for (int i = 0; i < n; i++) {
      t += rnd.nextInt(10);
      long ti = sorted ? t : t + rnd.nextInt(-3000, 3000);
      b.add(ti, rnd.nextInt(w), rnd.nextInt(h), rnd.nextInt(2));
    }
    return b;
  }

  static EventBatch batch(long[] t, int[] x, int[] y, byte[] p) {
    return EventBatch.wrap(t, x, y, p, t.length);
  }

  static void write(Path f, EventBatch b) throws IOException {
    int n = b.size();
    java.nio.ByteBuffer bt = java.nio.ByteBuffer.allocate(8 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.ByteBuffer bx = java.nio.ByteBuffer.allocate(2 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.ByteBuffer by = java.nio.ByteBuffer.allocate(2 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    byte[] bp = new byte[n];
    for (int i = 0; i < n; i++) {
      bt.putLong(b.t()[i]);
      bx.putShort((short) b.x()[i]);
      by.putShort((short) b.y()[i]);
      bp[i] = b.p()[i];
    }
    try (NpzWriter z = new NpzWriter(f, true)) {
      z.add("t", NpyHeader.of(NpyDtype.INT64, n), bt.array());
      z.add("x", NpyHeader.of(NpyDtype.INT16, n), bx.array());
      z.add("y", NpyHeader.of(NpyDtype.INT16, n), by.array());
      z.add("p", NpyHeader.of(NpyDtype.UINT8, n), bp);
    }
  }
}
