package org.neurospark.events.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SpikingJelly's index math, edge cases, and a brute-force mask implementation on random data. */
class FrameIndexTest {

  @Test
  void byNumberGivesTheRemainderToTheLastFrame() {
    assertEquals(seg(new long[] {0, 3, 6}, new long[] {3, 6, 10}), FrameIndex.byNumber(10, 3));
    assertEquals(seg(new long[] {0, 0, 0, 0, 0}, new long[] {0, 0, 0, 0, 2}), FrameIndex.byNumber(2, 5));
    assertEquals(seg(new long[] {0, 0}, new long[] {0, 0}), FrameIndex.byNumber(0, 2));
    assertEquals(seg(new long[] {0}, new long[] {4325}), FrameIndex.byNumber(4325, 1));
    assertEquals(seg(new long[] {0, 270, 540}, new long[] {270, 540, 811}), FrameIndex.byNumber(811, 3));
    assertThrows(IllegalArgumentException.class, () -> FrameIndex.byNumber(10, 0));
  }

  @Test
  void byTimeSlicesAreHalfOpenAndTheLastFrameEndsAtN() {
    // dt = (10 - 0) // 2 = 5: [0,5) holds t=0; [5,10) holds t=5; t=10 == t_0 + 2*dt falls only into the last frame
    assertEquals(seg(new long[] {0, 1}, new long[] {1, 3}), FrameIndex.byTime(new long[] {0, 5, 10}, 3, 2));
    // floor division: dt = 11 // 3 = 3 -> slices [0,3) [3,6) [6,9), t = 11 only via j_r[-1] = N
    assertEquals(seg(new long[] {0, 2, 3}, new long[] {2, 3, 5}),
        FrameIndex.byTime(new long[] {0, 2, 4, 8, 11}, 5, 3));
  }

  @Test
  void emptySlicesGiveEmptyFramesWhereSpikingJellyRaises() {
    // dt = 5; slice 1 [5, 10) is empty: SpikingJelly raises IndexError, here it is [4, 4) then j_r[-1] = N
    assertEquals(seg(new long[] {0, 4}, new long[] {4, 5}), FrameIndex.byTime(new long[] {0, 1, 2, 3, 10}, 5, 2));
    // a middle slice empty: dt = 10, slices [0,10) [10,20) [20,30)
    assertEquals(seg(new long[] {0, 2, 2}, new long[] {2, 2, 4}), FrameIndex.byTime(new long[] {0, 9, 25, 30}, 4, 3));
    // dt = 0 (span < T): every slice empty, all events to the last frame
    assertEquals(seg(new long[] {0, 0, 0}, new long[] {0, 0, 3}), FrameIndex.byTime(new long[] {7, 7, 8}, 3, 3));
    // no events
    assertEquals(seg(new long[] {0, 0}, new long[] {0, 0}), FrameIndex.byTime(new long[0], 0, 2));
  }

  @Test
  void byTimeMatchesTheMaskDefinitionOnRandomSortedAndUnsortedData() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + rnd.nextInt(200);
      int frames = 1 + rnd.nextInt(12);
      long[] t = new long[n];
      long base = rnd.nextLong(-1000, 1000);
      for (int i = 0; i < n; i++) {
        t[i] = base + rnd.nextInt(trial % 3 == 0 ? 20 : 5000);
      }
      if (trial % 2 == 0) {
        Arrays.sort(t);
      }
      Segments want = maskReference(t, frames);
      assertEquals(want, FrameIndex.byTime(t, n, frames), "trial " + trial + " " + Arrays.toString(t));
      // streaming in uneven chunks gives the same
      long dt = FrameIndex.timeStep(t[0], t[n - 1], frames);
      TimeSliceIndexer ix = new TimeSliceIndexer(t[0], dt, frames);
      for (int g = 0; g < n; ) {
        int k = Math.min(n - g, 1 + rnd.nextInt(17));
        ix.accept(Arrays.copyOfRange(t, g, g + k), k, g);
        g += k;
      }
      assertEquals(want, ix.finish(n), "streamed trial " + trial);
    }
  }

  /** SpikingJelly's loop with boolean masks, plus this project's empty-slice convention. */
  static Segments maskReference(long[] t, int frames) {
    int n = t.length;
    long dt = Math.floorDiv(t[n - 1] - t[0], frames);
    long[] s = new long[frames];
    long[] e = new long[frames];
    long prev = 0;
    for (int i = 0; i < frames; i++) {
      long tl = dt * i + t[0];
      long tr = tl + dt;
      int first = -1;
      int last = -1;
      for (int j = 0; j < n; j++) {
        if (t[j] >= tl && t[j] < tr) {
          if (first < 0) {
            first = j;
          }
          last = j;
        }
      }
      s[i] = first < 0 ? prev : first;
      e[i] = first < 0 ? prev : last + 1;
      prev = e[i];
    }
    e[frames - 1] = n;
    return seg(s, e);
  }

  @Test
  void seedDurationAnchorsFramesAtEventTimesInclusive() {
    long[] t = {0, 5, 10, 11, 30};
    // anchor 0 takes t - 0 <= 10 (0, 5, 10); anchor 11 takes 11 (30 - 11 > 10); anchor 30 takes 30
    assertEquals(seg(new long[] {0, 3, 4}, new long[] {3, 4, 5}), FrameIndex.byDurationSeed(t, 5, 10));
    assertEquals(seg(new long[] {0}, new long[] {5}), FrameIndex.byDurationSeed(t, 5, 30));
    assertEquals(0, FrameIndex.byDurationSeed(new long[0], 0, 10).frames());
    assertThrows(IllegalArgumentException.class, () -> FrameIndex.byDurationSeed(t, 5, 0));
  }

  @Test
  void upstreamDurationIsAGridFromTheFirstEvent() {
    long[] t = {100, 105, 110, 111, 130};
    // t' = 0 5 10 11 30: T = ceil(30 / 10) = 3; t' // 10 = 0 0 1 1 3 -> the 3 goes to the last frame
    assertEquals(seg(new long[] {0, 2, 4}, new long[] {2, 4, 5}), FrameIndex.byDurationUpstream(t, 5, 10));
    // span 25 -> T = 3, the last frame is [20, ...)
    assertEquals(seg(new long[] {0, 1, 1}, new long[] {1, 1, 2}),
        FrameIndex.byDurationUpstream(new long[] {0, 25}, 2, 10));
    // all events at one instant: upstream would compute T = 0 and fail; here one frame
    assertEquals(seg(new long[] {0}, new long[] {3}), FrameIndex.byDurationUpstream(new long[] {4, 4, 4}, 3, 10));
    assertEquals(0, FrameIndex.byDurationUpstream(new long[0], 0, 10).frames());
    assertThrows(IllegalArgumentException.class, () -> FrameIndex.byDurationUpstream(new long[] {5, 1}, 2, 10));
    assertEquals(3, FrameIndex.upstreamFrameCount(30, 10));
    assertEquals(31, FrameIndex.upstreamFrameCount(300001, 10000));
  }

  static Segments seg(long[] s, long[] e) {
    return new Segments(s, e);
  }
}
