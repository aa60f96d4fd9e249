package org.neurospark.gpu.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Philox4x32-10 against Random123's known-answer vectors (kat_vectors, philox4x32_10) and the dropout stream. */
class Philox4x32Test {
  @Test
  void knownAnswerVectors() {
    assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        Philox4x32.block(0, 0, 0, 0, 0, 0));
    assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        Philox4x32.block(-1, -1, -1, -1, -1, -1));
    assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
        Philox4x32.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
  }

  @Test
  void uniformUsesTheTop24Bits() {
    assertEquals(0f, Philox4x32.uniform24(0xFF));
    assertEquals(1f - 0x1.0p-24f, Philox4x32.uniform24(-1));
    assertEquals(0.5f, Philox4x32.uniform24(0x80000000));
  }

  @Test
  void dropoutMaskKeepsAboutOneMinusPAndScales() {
    int n = 100_000;
    float[] m = new float[n];
    PhiloxDropout.mask(42, 7, 0.25, m, n);
    int kept = 0;
    for (float v : m) {
      assertTrue(v == 0f || v == (float) (1 / 0.75), "mask value " + v);
      kept += v != 0 ? 1 : 0;
    }
    // binomial(100000, 0.75): sd ~137; 6 sd
    assertEquals(75_000, kept, 820);
    float[] again = new float[n];
    PhiloxDropout.mask(42, 7, 0.25, again, n);
    assertArrayEquals(m, again, "a pure function of (seed, offset, i)");
    float[] other = new float[n];
    PhiloxDropout.mask(42, 8, 0.25, other, n);
    int same = 0;
    for (int i = 0; i < n; i++) {
      same += m[i] == other[i] ? 1 : 0;
    }
    assertTrue(same < 0.7 * n, "another offset is another stream: " + same + " equal of " + n);
    assertThrows(IllegalArgumentException.class, () -> PhiloxDropout.mask(1, 0, 1.0, m, 1));
  }

  @Test
  void elementIUsesWordIMod4OfBlockIDiv4() {
    int[] w = Philox4x32.block(5, 0, 3, 0, 11, 0);
    for (int k = 0; k < 4; k++) {
      assertEquals(Philox4x32.uniform24(w[k]), PhiloxDropout.uniform(11, 3, 20 + k));
    }
  }
}
