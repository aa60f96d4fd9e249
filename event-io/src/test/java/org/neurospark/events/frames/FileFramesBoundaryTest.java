package org.neurospark.events.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.ReadOptions;

/**
 * Streaming file modes with tiny read batches (every batch boundary inside and between frames) against the
 * in-memory definitions, on recordings with gaps, clumps at cell starts and spans that are exact multiples of the
 * duration (where upstream folds the final cell into the last frame).
 */
class FileFramesBoundaryTest {
  @TempDir
  Path dir;

  @AfterEach
  void restore() {
    FileFrames.batchCapacity = EventBatch.DEFAULT_CAPACITY;
  }

  @Test
  void streamedFramesEqualInMemoryForEveryModeAndBatchSize() throws IOException {
    SplittableRandom rnd = new SplittableRandom(11);
    FrameIntegrator fi = new FrameIntegrator(3, 4);
    int cases = 0;
    for (int trial = 0; trial < 60; trial++) {
      int n = 1 + rnd.nextInt(120);
      long d = 1 + rnd.nextInt(40);
      EventBatch b = new EventBatch(n);
      long t = rnd.nextLong(-50, 50);
      for (int i = 0; i < n; i++) {
        int r = rnd.nextInt(10);
        t += r < 5 ? 0 : r < 8 ? rnd.nextInt(5) : rnd.nextInt(200); // clumps and gaps
        b.add(t, rnd.nextInt(4), rnd.nextInt(3), rnd.nextInt(2));
      }
      if (trial % 3 == 0 && n > 1) {
        // make the span an exact multiple of d: the last events sit exactly on a cell start
        long t0 = b.t()[0];
        long span = b.t()[n - 1] - t0;
        long target = t0 + Math.max(1, (span + d - 1) / d) * d;
        b.t()[n - 1] = target;
        if (n > 2 && trial % 2 == 0) {
          b.t()[n - 2] = target;
        }
      }
      Path f = dir.resolve("b" + trial + ".npz");
      FrameIntegrationTest.write(f, b);
      for (int cap : new int[] {1, 3, 16, 1000}) {
        FileFrames.batchCapacity = cap;
        for (DurationMode mode : DurationMode.values()) {
          Frames mem = fi.byDuration(b, d, mode);
          List<float[]> got = new ArrayList<>();
          int frames = FileFrames.byDuration(f, ReadOptions.DEFAULT, d, mode, fi, (i, data, off) -> {
            assertEquals(got.size(), i);
            got.add(Arrays.copyOfRange(data, off, off + 24));
          });
          String what = "trial " + trial + " cap " + cap + " " + mode + " d=" + d;
          assertEquals(mem.frames(), frames, what);
          for (int i = 0; i < frames; i++) {
            assertArrayEquals(Arrays.copyOfRange(mem.data(), i * 24, i * 24 + 24), got.get(i), what + " frame " + i);
          }
          cases++;
        }
        for (SplitBy split : SplitBy.values()) {
          Frames mem = fi.byFramesNumber(b, split, 5);
          assertArrayEquals(mem.toArray(), FileFrames.byFramesNumber(f, ReadOptions.DEFAULT, split, 5, fi).toArray());
        }
      }
    }
    assertTrue(cases > 400);
  }

  @Test
  void outsideEventsAreReportedByTheirIndexInTheRecording() throws IOException {
    int n = 100;
    EventBatch b = new EventBatch(n);
    for (int i = 0; i < n; i++) {
      b.add(10L * i, i == 50 ? 9 : 1, 1, i % 2);
    }
    Path f = dir.resolve("outside.npz");
    FrameIntegrationTest.write(f, b);
    FileFrames.batchCapacity = 16;
    FrameIntegrator fi = new FrameIntegrator(3, 4);
    for (DurationMode mode : DurationMode.values()) {
      EventOutsideSensorException e = assertThrows(EventOutsideSensorException.class,
          () -> FileFrames.byDuration(f, ReadOptions.DEFAULT, 70, mode, fi, (i, d, o) -> { }));
      assertEquals(50, e.index(), mode.toString());
      assertTrue(e.getMessage().contains("event 50 (t=500 µs, x=9"), e.getMessage());
    }
    for (SplitBy split : SplitBy.values()) {
      assertEquals(50, assertThrows(EventOutsideSensorException.class,
          () -> FileFrames.byFramesNumber(f, ReadOptions.DEFAULT, split, 3, fi)).index());
    }
    assertEquals(50, assertThrows(EventOutsideSensorException.class,
        () -> fi.byFramesNumber(b, SplitBy.NUMBER, 4)).index());
  }

  @Test
  void upstreamNeedsSortedEventsAndSaysWhere() throws IOException {
    EventBatch b = EventBatch.wrap(new long[] {0, 5, 9, 3, 12}, new int[5], new int[5], new byte[5], 5);
    Path f = dir.resolve("unsorted.npz");
    FrameIntegrationTest.write(f, b);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FileFrames.byDuration(f, ReadOptions.DEFAULT, 4, DurationMode.UPSTREAM, new FrameIntegrator(1, 1),
            (i, d, o) -> { }));
    assertTrue(e.getMessage().contains("near event 3"), e.getMessage());
  }
}
