package org.neurospark.events.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurospark.events.testing.BatchEvents.event;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurospark.events.EventBatch;
import org.neurospark.events.testing.BatchEvents;
import org.neurospark.events.testing.SharedData;

/**
 * Transforms on the real N-MNIST fixtures. Expected counts come from
 * {@code src/test/resources/transform/expected_counts.py} (numpy loops following tonic's functional code).
 */
class TransformsOnNmnistTest {
  static final SensorSize NMNIST = new SensorSize(34, 34);
  static EventBatch tonicSample;
  static EventBatch s60001;

  @BeforeAll
  static void load() throws IOException {
    tonicSample = BatchEvents.readAll(SharedData.data("events/nmnist/tonic_sample_nmnist.bin"));
    s60001 = BatchEvents.readAll(SharedData.data("events/nmnist/nmnist_test_60001_label7.bin"));
    assertEquals(4325, tonicSample.size());
    assertEquals(3330, s60001.size());
  }

  /** Applies {@code t} to {@code all} in batches of {@code chunk} events, as a reader would feed it. */
  static EventBatch streamed(EventTransform t, EventBatch all, int chunk) {
    EventBatch out = new EventBatch(16);
    for (int i = 0; i < all.size(); i += chunk) {
      EventBatch b = BatchEvents.range(all, i, Math.min(all.size(), i + chunk));
      t.apply(b);
      out.addAll(b);
    }
    return out;
  }

  /** tonic sizes its pixel memory from the sample's largest coordinates. */
  static SensorSize tonicSize(EventBatch b) {
    int mx = 0;
    int my = 0;
    for (int i = 0; i < b.size(); i++) {
      mx = Math.max(mx, b.x()[i]);
      my = Math.max(my, b.y()[i]);
    }
    return new SensorSize(mx + 1, my + 1);
  }

  @ParameterizedTest
  @CsvSource({"10000, 4012, 4100", "3000, 3374, 3695"})
  void denoiseTonicSampleMatchesTonic(long ft, int four, int eight) {
    EventBatch out = streamed(new Denoise(NMNIST, ft), tonicSample, 4325);
    assertEquals(four, out.size());
    assertArrayEquals(new long[] {654, 7, 15, 1}, event(out, 0));
    assertArrayEquals(new long[] {2999, 19, 18, 0}, event(out, 1));
    // the same filter fed 7 events at a time keeps exactly the same events (state carries across batches)
    assertTrue(BatchEvents.same(out, streamed(new Denoise(NMNIST, ft), tonicSample, 7)));
    assertEquals(eight, streamed(new Denoise(NMNIST, ft, Denoise.Neighbourhood.EIGHT), tonicSample, 100).size());
  }

  @ParameterizedTest
  @CsvSource({"10000, 3037, 3117, 5087", "3000, 2521, 2847, 8591"})
  void denoise60001MatchesTonic(long ft, int four, int eight, long firstT) {
    SensorSize s = tonicSize(s60001);
    EventBatch out = streamed(new Denoise(s, ft), s60001, 1000);
    assertEquals(four, out.size());
    assertEquals(firstT, out.t()[0]);
    assertEquals(eight, streamed(new Denoise(s, ft, Denoise.Neighbourhood.EIGHT), s60001, 33).size());
  }

  @Test
  void denoiseResetForgetsHistory() {
    Denoise d = new Denoise(NMNIST, 10000);
    EventBatch first = streamed(d, tonicSample, 500);
    d.reset();
    assertTrue(BatchEvents.same(first, streamed(d, tonicSample, 500)));
  }

  @ParameterizedTest
  @CsvSource({"1000, 4303, 3322", "5000, 2454, 1913"})
  void refractoryMatchesTonic(long rp, int tonicCount, int count60001) {
    EventBatch out = streamed(new RefractoryPeriod(NMNIST, rp), tonicSample, 64);
    assertEquals(tonicCount, out.size());
    assertArrayEquals(new long[] {654, 7, 15, 1}, event(out, 0));
    assertEquals(count60001, streamed(new RefractoryPeriod(SensorSize.UNKNOWN, rp), s60001, 3330).size());
  }

  @Test
  void centerCropKeepsTheMiddle() {
    Crop c = Crop.center(NMNIST, 20, 20);
    assertEquals(7, c.offsetX());
    assertEquals(7, c.offsetY());
    EventBatch out = streamed(c, tonicSample, 1000);
    assertEquals(3951, out.size());
    assertEquals(2873, streamed(Crop.center(NMNIST, 20, 20), s60001, 1000).size());
    // first event (654, 7, 15, 1) is inside: shifted to (0, 8)
    assertArrayEquals(new long[] {654, 0, 8, 1}, event(out, 0));
    for (int i = 0; i < out.size(); i++) {
      assertTrue(out.x()[i] >= 0 && out.x()[i] < 20 && out.y()[i] >= 0 && out.y()[i] < 20);
    }
    assertEquals(new SensorSize(20, 20), c.outputSize(NMNIST));
  }

  @Test
  void randomCropIsSeededAndInRange() {
    Crop a = Crop.random(NMNIST, 10, 12, 42);
    Crop b = Crop.random(NMNIST, 10, 12, 42);
    assertEquals(a.offsetX(), b.offsetX());
    assertEquals(a.offsetY(), b.offsetY());
    boolean moved = false;
    for (int i = 0; i < 50; i++) {
      int ox = a.offsetX();
      int oy = a.offsetY();
      assertTrue(ox >= 0 && ox <= 24 && oy >= 0 && oy <= 22);
      EventBatch out = streamed(a, tonicSample, 4325);
      int inside = 0;
      for (int k = 0; k < tonicSample.size(); k++) {
        int x = tonicSample.x()[k];
        int y = tonicSample.y()[k];
        if (x >= ox && x < ox + 10 && y >= oy && y < oy + 12) {
          inside++;
        }
      }
      assertEquals(inside, out.size());
      a.reset();
      moved |= a.offsetX() != ox || a.offsetY() != oy;
    }
    assertTrue(moved);
  }

  @Test
  void downsampleHalvesCoordinates() {
    EventBatch out = streamed(new Downsample(0.5, 0.5, 1), tonicSample, 1000);
    assertEquals(4325, out.size());
    long sx = 0;
    long sy = 0;
    int mx = 0;
    for (int i = 0; i < out.size(); i++) {
      sx += out.x()[i];
      sy += out.y()[i];
      mx = Math.max(mx, Math.max(out.x()[i], out.y()[i]));
    }
    assertEquals(36139, sx);
    assertEquals(34893, sy);
    assertEquals(16, mx);
    assertArrayEquals(new long[] {654, 3, 7, 1}, event(out, 0));
    assertEquals(new SensorSize(17, 17), new Downsample(0.5, 0.5, 1).outputSize(NMNIST));
    EventBatch slow = streamed(new Downsample(1, 1, 0.001), tonicSample, 1000);
    assertEquals(311, slow.t()[slow.size() - 1]); // 311175 µs * 0.001, floored
  }

  @Test
  void flipsMirror() {
    EventBatch lr = streamed(new Flip(Flip.Axis.LR, NMNIST, 1, 0), tonicSample, 1000);
    assertArrayEquals(new long[] {654, 26, 15, 1}, event(lr, 0));
    EventBatch ud = streamed(new Flip(Flip.Axis.UD, NMNIST, 1, 0), tonicSample, 1000);
    assertArrayEquals(new long[] {654, 7, 18, 1}, event(ud, 0));
    EventBatch pol = streamed(new Flip(Flip.Axis.POLARITY, NMNIST, 1, 0), tonicSample, 1000);
    long on = 0;
    for (int i = 0; i < pol.size(); i++) {
      on += pol.p()[i];
    }
    assertEquals(4325 - 2145, on);
    assertTrue(BatchEvents.same(tonicSample, streamed(new Flip(Flip.Axis.LR, NMNIST, 0, 0), tonicSample, 1000)));
    // p = 0.5: about half of 1000 samples flipped
    Flip f = new Flip(Flip.Axis.LR, NMNIST, 0.5, 7);
    int flipped = 0;
    for (int i = 0; i < 1000; i++) {
      flipped += f.active() ? 1 : 0;
      f.reset();
    }
    assertTrue(flipped > 430 && flipped < 570, "flipped " + flipped);
  }

  @Test
  void mergePolaritiesZeroes() {
    EventBatch out = streamed(new MergePolarities(), tonicSample, 1000);
    for (int i = 0; i < out.size(); i++) {
      assertEquals(0, out.p()[i]);
    }
  }

  @Test
  void dropByTimeWindowAndRandom() {
    assertEquals(3037, streamed(DropByTime.window(100000, 200000), tonicSample, 500).size());
    assertEquals(2284, streamed(DropByTime.window(100000, 200000), s60001, 500).size());
    DropByTime r = DropByTime.random(0.2, 311175, 5);
    for (int k = 0; k < 20; k++) {
      assertEquals(0.2 * 311175, r.end() - r.start(), 1e-6);
      assertTrue(r.start() >= 0 && r.end() <= 311175);
      int expected = 0;
      for (int i = 0; i < tonicSample.size(); i++) {
        long t = tonicSample.t()[i];
        expected += (t < r.start() || t > r.end()) ? 1 : 0;
      }
      assertEquals(expected, streamed(r, tonicSample, 300).size());
      r.reset();
    }
  }

  @Test
  void dropByAreaRemovesTheBox() {
    DropByArea d = new DropByArea(NMNIST, 0.25, 3);
    for (int k = 0; k < 10; k++) {
      int[] box = d.box();
      assertEquals(7, box[2] - box[0]); // int(34 * 0.25) = 8 columns
      assertTrue(box[0] >= 0 && box[0] < 34 - 8 && box[1] >= 0 && box[1] < 34 - 8);
      EventBatch out = streamed(d, tonicSample, 999);
      int expected = 0;
      for (int i = 0; i < tonicSample.size(); i++) {
        int x = tonicSample.x()[i];
        int y = tonicSample.y()[i];
        expected += (x < box[0] || x > box[2] || y < box[1] || y > box[3]) ? 1 : 0;
      }
      assertEquals(expected, out.size());
      d.reset();
    }
  }

  @Test
  void dropEventsIsSeededBernoulli() {
    EventBatch a = streamed(new DropEvents(0.3, 11), tonicSample, 100);
    EventBatch b = streamed(new DropEvents(0.3, 11), tonicSample, 100);
    assertTrue(BatchEvents.same(a, b));
    double sd = Math.sqrt(4325 * 0.3 * 0.7);
    assertEquals(4325 * 0.7, a.size(), 5 * sd);
    assertTrue(EventSort.isSorted(a.t(), a.size()));
    assertEquals(0, streamed(new DropEvents(1, 1), tonicSample, 100).size());
    assertEquals(4325, streamed(new DropEvents(0, 1), tonicSample, 100).size());
  }

  @Test
  void timeSkewScalesAndShifts() {
    EventBatch out = streamed(new TimeSkew(2.0, 1000), tonicSample, 1000);
    assertEquals(654 * 2 + 1000, out.t()[0]);
    assertEquals(311175L * 2 + 1000, out.t()[out.size() - 1]);
    EventBatch neg = streamed(new TimeSkew(0.5, -1000.7), tonicSample, 1000);
    assertEquals((long) (654 * 0.5 - 1000.7), neg.t()[0]); // -673.7 truncates toward zero: -673
    assertEquals(-673, neg.t()[0]);
  }

  @Test
  void timeJitterHasTheRequestedSpreadAndSortsWhenAsked() {
    EventBatch out = streamed(new TimeJitter(100, false, false, 9), tonicSample, 4325);
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < out.size(); i++) {
      double d = out.t()[i] - tonicSample.t()[i];
      sum += d;
      sq += d * d;
    }
    double mean = sum / out.size();
    double sd = Math.sqrt(sq / out.size() - mean * mean);
    assertEquals(0, mean, 5 * 100 / Math.sqrt(4325));
    assertEquals(100, sd, 10);
    assertFalse(EventSort.isSorted(out.t(), out.size()), "jitter of 100 µs reorders N-MNIST's dense bursts");
    EventBatch sorted = streamed(new TimeJitter(100, false, true, 9), tonicSample, 4325);
    assertTrue(EventSort.isSorted(sorted.t(), sorted.size()));
    // clip: with std 1000 µs some of the first events (t = 654, 2999) go negative and are dropped
    EventBatch clipped = streamed(new TimeJitter(5000, true, true, 1), tonicSample, 4325);
    assertTrue(clipped.size() < 4325 && clipped.t()[0] >= 0);
  }

  @Test
  void uniformNoiseAddsTheExpectedAmount() {
    EventBatch out = streamed(new UniformNoise(NMNIST, 100_000, 4), tonicSample, 500);
    double expected = 100_000.0 * (311175 - 654) / 1e6; // ≈ 31052 noise events
    assertEquals(4325 + expected, out.size(), 5 * Math.sqrt(expected));
    assertTrue(EventSort.isSorted(out.t(), out.size()));
    for (int i = 0; i < out.size(); i++) {
      assertTrue(out.x()[i] >= 0 && out.x()[i] < 34 && out.y()[i] >= 0 && out.y()[i] < 34);
      assertTrue(out.t()[i] >= 654 && out.t()[i] <= 311175);
    }
  }

  @Test
  void spatialJitterMovesWithTheCovariance() {
    EventBatch out = streamed(new SpatialJitter(NMNIST, 4, 1, 0, true, 2), tonicSample, 4325);
    assertEquals(4325, out.size());
    double sx = 0;
    double sy = 0;
    int moved = 0;
    int n = 0;
    for (int i = 0; i < out.size(); i++) {
      int x0 = tonicSample.x()[i];
      int y0 = tonicSample.y()[i];
      if (x0 < 8 || x0 > 25 || y0 < 8 || y0 > 25) {
        continue; // away from the clamped border
      }
      double dx = out.x()[i] - x0;
      double dy = out.y()[i] - y0;
      sx += dx * dx;
      sy += dy * dy;
      moved += (dx != 0 || dy != 0) ? 1 : 0;
      n++;
    }
    // rounding adds 1/12 px² of variance
    assertEquals(4 + 1.0 / 12, sx / n, 0.5);
    assertEquals(1 + 1.0 / 12, sy / n, 0.2);
    assertTrue(moved > n / 2);
    EventBatch dropped = streamed(new SpatialJitter(NMNIST, 25, 25, 0, false, 2), tonicSample, 4325);
    assertTrue(dropped.size() < 4325);
    for (int i = 0; i < dropped.size(); i++) {
      assertTrue(dropped.x()[i] >= 0 && dropped.x()[i] < 34 && dropped.y()[i] >= 0 && dropped.y()[i] < 34);
    }
  }
}
