package org.neurospark.events.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurospark.events.testing.BatchEvents.event;

import org.junit.jupiter.api.Test;
import org.neurospark.events.EventBatch;
import org.neurospark.events.testing.BatchEvents;

/** Hand-computed cases on tiny streams. */
class TransformSemanticsTest {
  static final SensorSize S = new SensorSize(16, 16);

  @Test
  void denoiseKeepsEventsWithARecentNeighbour() {
    EventBatch b = BatchEvents.of(
        new long[] {20000, 5, 5, 1},   // no neighbour yet, t >= filter time: dropped
        new long[] {25000, 6, 5, 0},   // (5,5) fired 5000 µs ago: kept
        new long[] {36000, 5, 5, 1},   // (6,5) fired 11000 µs ago: dropped
        new long[] {40000, 8, 8, 1},   // alone: dropped
        new long[] {41000, 7, 7, 1},   // diagonal of (8,8): dropped with 4, kept with 8 neighbours
        new long[] {45000, 5, 6, 0});  // (5,5) fired 9000 µs ago: kept
    EventBatch four = BatchEvents.range(b, 0, 6);
    new Denoise(S, 10000).apply(four);
    assertEquals(2, four.size());
    assertArrayEquals(new long[] {25000, 6, 5, 0}, event(four, 0));
    assertArrayEquals(new long[] {45000, 5, 6, 0}, event(four, 1));
    EventBatch eight = BatchEvents.range(b, 0, 6);
    new Denoise(S, 10000, Denoise.Neighbourhood.EIGHT).apply(eight);
    assertEquals(3, eight.size());
    assertArrayEquals(new long[] {41000, 7, 7, 1}, event(eight, 1));
  }

  @Test
  void denoiseTreatsTheFirstFilterWindowAsActiveLikeTonic() {
    EventBatch b = BatchEvents.of(new long[] {500, 3, 3, 1}, new long[] {12000, 0, 0, 1});
    new Denoise(S, 10000).apply(b);
    assertEquals(1, b.size()); // t = 500 < 10000: every neighbour's memory (10000) is still "active"
    assertEquals(500, b.t()[0]);
  }

  @Test
  void refractoryCountsDroppedEventsToo() {
    EventBatch b = BatchEvents.of(
        new long[] {0, 1, 1, 1},       // t <= 0: dropped (tonic's memory starts at -delta)
        new long[] {100, 1, 1, 1},     // 100 - 0 = 100 <= 100: dropped
        new long[] {201, 1, 1, 0},     // 201 - 100 > 100: kept
        new long[] {250, 2, 1, 0},     // other pixel, first event: kept
        new long[] {300, 1, 1, 1},     // 99 after 201: dropped
        new long[] {390, 1, 1, 1},     // 90 after the dropped 300: dropped
        new long[] {491, 1, 1, 1});    // 101 after 390: kept
    new RefractoryPeriod(S, 100).apply(b);
    assertEquals(3, b.size());
    assertArrayEquals(new long[] {201, 1, 1, 0}, event(b, 0));
    assertArrayEquals(new long[] {250, 2, 1, 0}, event(b, 1));
    assertArrayEquals(new long[] {491, 1, 1, 1}, event(b, 2));
  }

  @Test
  void outOfSensorCoordinatesAreRejectedWithThePosition() {
    EventBatch b = BatchEvents.of(new long[] {10, 3, 3, 1}, new long[] {20, 16, 3, 1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Denoise(S, 100).apply(b));
    assertTrue(e.getMessage().contains("event 1") && e.getMessage().contains("x=16"), e.getMessage());
  }

  @Test
  void unknownSensorGrowsTheMemory() {
    EventBatch b = BatchEvents.of(new long[] {10, 3, 3, 1}, new long[] {200, 300, 200, 1}, new long[] {300, 300, 200, 0});
    new RefractoryPeriod(SensorSize.UNKNOWN, 50).apply(b);
    assertEquals(3, b.size());
    assertThrows(IllegalArgumentException.class, () -> Crop.center(SensorSize.UNKNOWN, 2, 2));
    // implausible coordinates on an undeclared sensor: a clear error, not an OutOfMemoryError
    EventBatch huge = BatchEvents.of(new long[] {10, 60000, 60000, 1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Denoise(SensorSize.UNKNOWN, 100).apply(huge));
    assertTrue(e.getMessage().contains("give the sensor size"), e.getMessage());
    // noise over an hour-long gap at a high rate is refused before allocating
    UniformNoise noise = new UniformNoise(S, 1e6, 1);
    noise.apply(BatchEvents.of(new long[] {0, 1, 1, 1}, new long[] {1, 1, 1, 1}));
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
        () -> noise.apply(BatchEvents.of(new long[] {3_600_000_000L, 1, 1, 1})));
    assertTrue(n.getMessage().contains("lower the rate"), n.getMessage());
  }

  @Test
  void sortIsStable() {
    EventBatch b = BatchEvents.of(new long[] {5, 0, 0, 1}, new long[] {3, 1, 0, 1}, new long[] {5, 2, 0, 0},
        new long[] {3, 3, 0, 0}, new long[] {-2, 4, 0, 1});
    new EventSort().sortByTime(b);
    assertArrayEquals(new long[] {-2, 3, 3, 5, 5}, java.util.Arrays.copyOf(b.t(), 5));
    assertArrayEquals(new int[] {4, 1, 3, 0, 2}, java.util.Arrays.copyOf(b.x(), 5));
  }

  @Test
  void sortFallsBackToTheKeySortStably() {
    // reversed runs of equal times: far beyond the insertion budget
    EventBatch b = new EventBatch(4000);
    for (int i = 0; i < 4000; i++) {
      b.add(4000 - i / 2, i, 0, i & 1);
    }
    new EventSort().sortByTime(b);
    for (int i = 0; i < 4000; i++) {
      assertEquals(2001 + i / 2, b.t()[i]);
      // within equal times the original order (x ascending) is kept
      int pair = 3999 - 2 * (i / 2) - 1;
      assertEquals(pair + (i & 1), b.x()[i]);
    }
  }

  @Test
  void noiseMergesIntoSortedAndResortsUnsortedBatches() {
    UniformNoise n = new UniformNoise(S, 1e6, 3);
    EventBatch sorted = BatchEvents.of(new long[] {0, 1, 1, 1}, new long[] {500, 2, 2, 0}, new long[] {1000, 3, 3, 1});
    n.apply(sorted);
    assertTrue(sorted.size() > 500 && EventSort.isSorted(sorted.t(), sorted.size()));
    int originals = 0;
    for (int i = 0; i < sorted.size(); i++) {
      originals += sorted.x()[i] == 2 && sorted.y()[i] == 2 && sorted.t()[i] == 500 ? 1 : 0;
    }
    assertTrue(originals >= 1);
    UniformNoise m = new UniformNoise(S, 1e6, 3);
    EventBatch unsorted = BatchEvents.of(new long[] {1000, 1, 1, 1}, new long[] {0, 2, 2, 0}, new long[] {2000, 3, 3, 1});
    m.apply(unsorted);
    assertTrue(EventSort.isSorted(unsorted.t(), unsorted.size()));
  }

  @Test
  void parsesAChain() {
    Compose c = Compose.parse("denoise(10000), downsample(0.5,0.5) ; fliplr(p=1)", new SensorSize(34, 34), 1);
    assertEquals(3, c.steps().size());
    assertTrue(c.steps().get(0) instanceof Denoise);
    assertEquals(new SensorSize(17, 17), c.outputSize(new SensorSize(34, 34)));
    // the flip after the downsample mirrors in the 17-pixel-wide sensor
    EventBatch b = BatchEvents.of(new long[] {20000, 4, 4, 1}, new long[] {20001, 5, 4, 1});
    c.apply(b);
    assertEquals(1, b.size());
    assertArrayEquals(new long[] {20001, 16 - 2, 2, 1}, event(b, 0));
    assertEquals("denoise(10000,4),downsample(0.5,0.5,1.0),fliplr(1.0)", c.toString());
    assertTrue(Compose.parse("", S, 0).isEmpty());
    assertTrue(Compose.parse("timejitter(10)", S, 0).mayReorder());
    assertTrue(!Compose.parse("timejitter(10,sort=true)", S, 0).mayReorder());
    assertEquals(8, Compose.parse("denoise(10,8),refractory(5),crop(8,8),randomcrop(4,4),flipud,flippol(0.2),"
        + "mergepol(),drop(0.1)", S, 0).steps().size());
    assertEquals(7, Compose.parse("droptime(1,2),droptimeratio(0.1,1000),droparea(0.2),timeskew(1.5,3),noise(10),"
        + "spatialjitter(1,1,0.5,clamp=true),timejitter(std=4,clip=1,sort=yes)", S, 0).steps().size());
  }

  @Test
  void badSpecsNameTheProblem() {
    assertMessage("unknown transform 'blur'", () -> Compose.parse("blur(3)", S, 0));
    assertMessage("missing ')'", () -> Compose.parse("denoise(10", S, 0));
    assertMessage("not a finite number", () -> Compose.parse("downsample(half)", S, 0));
    assertMessage("at most 1 arguments", () -> Compose.parse("refractory(1,2)", S, 0));
    assertMessage("neighbours must be 4 or 8", () -> Compose.parse("denoise(10,6)", S, 0));
    assertMessage("does not fit sensor", () -> Compose.parse("crop(40,4)", S, 0));
    assertMessage("needs the sensor size", () -> Compose.parse("fliplr(1)", SensorSize.UNKNOWN, 0));
    assertMessage("must be in [0, 1]", () -> Compose.parse("drop(1.5)", S, 0));
    assertMessage("missing argument 1", () -> Compose.parse("denoise()", S, 0));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable ex) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
