package org.neurospark.events.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurospark.events.EventBatch;

/**
 * The coordinate checks of the counting integrators, on a small frame (checked as the events are counted) and a
 * large one (checked once per call before counting, see {@link CountIntegrator#CHECK_AS_YOU_GO_MAX}): every kind of
 * violation, first index reported, same counts.
 */
class OutsideSensorCheckTest {
  private int W;
  private int H;

  private EventBatch batchWith(int badIndex, int badX, int badY) {
    EventBatch b = new EventBatch(100);
    for (int i = 0; i < 100; i++) {
      b.add(i, i % W, i % H, i & 1);
    }
    b.x()[badIndex] = badX;
    b.y()[badIndex] = badY;
    b.x()[badIndex + 20] = -1; // a later bad event must not be the one reported
    return b;
  }

  @ParameterizedTest
  @CsvSource({"5, 3", "300, 200"})
  void everyViolationIsFoundWithTheFirstIndex(int w, int h) {
    W = w;
    H = h;
    int[][] bad = {{-1, 0}, {0, -1}, {W, 0}, {0, H}, {Integer.MIN_VALUE, 0}, {0, Integer.MAX_VALUE},
        {Integer.MAX_VALUE, Integer.MIN_VALUE}};
    for (int[] c : bad) {
      for (SegmentIntegrator in : new SegmentIntegrator[] {SegmentIntegrator.COUNT, SegmentIntegrator.BINARY}) {
        EventBatch b = batchWith(37, c[0], c[1]);
        EventOutsideSensorException e = assertThrows(EventOutsideSensorException.class,
            () -> in.integrate(b, 10, 100, new float[2 * H * W], 0, H, W));
        assertEquals(37, e.index(), "x=" + c[0] + " y=" + c[1]);
        assertTrue(e.getMessage().contains("x=" + c[0] + ", y=" + c[1]), e.getMessage());
        // outside the checked range the bad event is not looked at
        float[] counted = new float[2 * H * W];
        in.integrate(b, 0, 37, counted, 0, H, W);
        double sum = 0;
        for (float v : counted) {
          sum += v;
        }
        java.util.Set<Integer> pixels = new java.util.HashSet<>();
        for (int i = 0; i < 37; i++) {
          pixels.add((b.p()[i] != 0 ? H * W : 0) + b.y()[i] * W + b.x()[i]);
        }
        assertEquals(in == SegmentIntegrator.COUNT ? 37 : pixels.size(), sum, 0.0, "x=" + c[0] + " y=" + c[1]);
      }
      EventBatch b = batchWith(37, c[0], c[1]);
      assertEquals(37, assertThrows(EventOutsideSensorException.class,
          () -> CountIntegrator.integrateExact(b, 0, 100, new long[2 * H * W], H, W)).index());
    }
  }

  @org.junit.jupiter.api.Test
  void theTwoSizesUseTheTwoPaths() {
    assertTrue(2 * 5 * 3 <= CountIntegrator.CHECK_AS_YOU_GO_MAX);
    assertTrue(2 * 300 * 200 > CountIntegrator.CHECK_AS_YOU_GO_MAX);
  }

  @ParameterizedTest
  @CsvSource({"5, 3", "300, 200"})
  void edgesCountAndPolarityOtherThanOneIsOn(int w, int h) {
    W = w;
    H = h;
    EventBatch b = new EventBatch(4);
    b.add(0, 0, 0, 0);
    b.add(1, W - 1, H - 1, 1);
    b.add(2, W - 1, H - 1, -3); // any non-zero polarity is channel 1, as in SpikingJelly
    b.add(3, 0, H - 1, 2);
    float[] f = new float[2 * H * W];
    SegmentIntegrator.COUNT.integrate(b, 0, 4, f, 0, H, W);
    float[] want = new float[2 * H * W];
    want[0] = 1;
    want[H * W + (H - 1) * W + W - 1] = 2;
    want[H * W + (H - 1) * W] = 1;
    assertArrayEquals(want, f);
    long[] c = new long[2 * H * W];
    CountIntegrator.integrateExact(b, 0, 4, c, H, W);
    for (int i = 0; i < want.length; i++) {
      assertEquals((long) want[i], c[i]);
    }
  }
}
