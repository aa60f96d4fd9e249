package org.neurospark.events.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurospark.events.EventBatch;

/** The once-per-call coordinate check of the counting integrators: every kind of violation, first index reported. */
class OutsideSensorCheckTest {
  private static final int W = 5;
  private static final int H = 3;

  private static EventBatch batchWith(int badIndex, int badX, int badY) {
    EventBatch b = new EventBatch(100);
    for (int i = 0; i < 100; i++) {
      b.add(i, i % W, i % H, i & 1);
    }
    b.x()[badIndex] = badX;
    b.y()[badIndex] = badY;
    b.x()[badIndex + 20] = -1; // a later bad event must not be the one reported
    return b;
  }

  @Test
  void everyViolationIsFoundWithTheFirstIndex() {
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
        in.integrate(b, 0, 37, new float[2 * H * W], 0, H, W);
      }
      EventBatch b = batchWith(37, c[0], c[1]);
      assertEquals(37, assertThrows(EventOutsideSensorException.class,
          () -> CountIntegrator.integrateExact(b, 0, 100, new long[2 * H * W], H, W)).index());
    }
  }

  @Test
  void edgesCountAndPolarityOtherThanOneIsOn() {
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
