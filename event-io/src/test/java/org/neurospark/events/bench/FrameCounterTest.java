package org.neurospark.events.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.neurospark.events.EventBatch;

class FrameCounterTest {
  /** SpikingJelly split_by='number': N = 7, T = 3 → di = 2, frames hold events [0,2), [2,4), [4,7). */
  @Test
  void splitByNumberAcrossBatchesPutsTheRemainderInTheLastFrame() {
    int[][] ev = {{0, 0, 1}, {1, 0, 0}, {1, 1, 1}, {0, 1, 1}, {1, 0, 0}, {1, 0, 0}, {0, 0, 1}}; // x, y, p
    float[] expected = new float[3 * 2 * 2 * 2];
    int[] frameOf = {0, 0, 1, 1, 2, 2, 2};
    for (int i = 0; i < ev.length; i++) {
      expected[((frameOf[i] * 2 + ev[i][2]) * 2 + ev[i][1]) * 2 + ev[i][0]] += 1;
    }
    for (int batch : new int[] {1, 3, 7}) {
      FrameCounter c = new FrameCounter(3, 2, 2);
      c.start(ev.length);
      EventBatch b = new EventBatch(batch);
      for (int i = 0; i < ev.length; i++) {
        b.add(i, ev[i][0], ev[i][1], ev[i][2]);
        if (b.isFull() || i == ev.length - 1) {
          c.add(b);
          b.clear();
        }
      }
      assertArrayEquals(expected, c.counts(), "batch " + batch);
    }
  }

  @Test
  void fewerEventsThanFramesAllLandInTheLastFrame() {
    FrameCounter c = new FrameCounter(4, 1, 1);
    c.start(2);
    EventBatch b = new EventBatch(2);
    b.add(0, 0, 0, 1);
    b.add(1, 0, 0, 0);
    c.add(b);
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1, 1}, c.counts());
    assertEquals(8, c.counts().length);
  }
}
