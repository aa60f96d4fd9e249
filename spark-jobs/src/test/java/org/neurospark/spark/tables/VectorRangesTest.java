package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.events.io.VectorSupport;

/** {@link VectorRanges#minMax} against the scalar definition: any length, extremes in the vector part and the tail. */
class VectorRangesTest {
  @Test
  void minimumAndMaximumEqualTheScalarLoop() {
    assertTrue(VectorSupport.enabled(), "the tests run with jdk.incubator.vector");
    Random r = new Random(5);
    for (int n : new int[] {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 1000, 131_072}) {
      for (int kind = 0; kind < 4; kind++) {
        int[] v = new int[n + 3];
        for (int i = 0; i < v.length; i++) {
          v[i] = switch (kind) {
            case 0 -> r.nextInt(34); // pixel coordinates
            case 1 -> r.nextInt(); // anything, negatives included
            case 2 -> 7; // constant
            default -> i == n - 1 ? Integer.MIN_VALUE : i == n / 2 ? Integer.MAX_VALUE : r.nextInt(3);
          };
        }
        v[n] = Integer.MIN_VALUE; // past n: must not count
        v[n + 1] = Integer.MAX_VALUE;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
          min = Math.min(min, v[i]);
          max = Math.max(max, v[i]);
        }
        long want = (long) min << 32 | (max & 0xFFFFFFFFL);
        assertEquals(want, VectorRanges.minMax(v, n), "n " + n + " kind " + kind);
        assertEquals(want, EventsFileWriter.minMax(v, n), "n " + n + " kind " + kind);
      }
    }
  }
}
