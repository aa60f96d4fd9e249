package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.events.io.VectorSupport;

/** {@link VectorDeltas} against the scalar definitions, wrapping deltas and tails included. */
class VectorDeltasTest {
  @Test
  void deltasMinimumAndOrEqualTheScalarLoops() {
    assertTrue(VectorSupport.enabled(), "the tests run with jdk.incubator.vector");
    assertTrue(DeltaLongEncoder.VECTOR, "the encoder uses the vector path here");
    Random r = new Random(23);
    long[] lanes = new long[VectorDeltas.lanes()];
    for (int k : new int[] {1, 3, 4, 7, 8, 9, 31, 32, 33, 127, 128}) {
      for (int kind = 0; kind < 4; kind++) {
        long[] v = new long[k + 1];
        long t = r.nextLong();
        for (int i = 0; i <= k; i++) {
          t += switch (kind) {
            case 0 -> r.nextInt(40);
            case 1 -> r.nextInt(1000) - 500;
            case 2 -> r.nextLong(); // wraps
            default -> i == k / 2 ? Long.MIN_VALUE : 1; // one extreme delta
          };
          v[i] = t;
        }
        long[] want = new long[k];
        long min = Long.MAX_VALUE;
        for (int i = 0; i < k; i++) {
          want[i] = v[i + 1] - v[i];
          min = Math.min(min, want[i]);
        }
        long[] got = new long[129];
        Arrays.fill(got, 42);
        String what = "k " + k + " kind " + kind;
        assertEquals(min, VectorDeltas.deltas(v, 1, k, got, lanes), what);
        assertArrayEquals(want, Arrays.copyOf(got, k), what);
        assertEquals(42, got[k], what + ": nothing past k");
        int n = k - k % 8;
        long or = 0;
        for (int i = 0; i < n; i++) {
          or |= want[i] - min;
        }
        assertEquals(or, VectorDeltas.orMinus(got, 0, n, min), what);
      }
    }
  }
}
