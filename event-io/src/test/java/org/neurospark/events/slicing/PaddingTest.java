package org.neurospark.events.slicing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaddingTest {
  /** SEED-FEATURES §6.4 golden: lens (6,6,5,5,7) → padded (5,7,2,128,128), mask rows 1111110,1111110,... */
  @Test
  void spikingJellyGolden() {
    int[] lens = {6, 6, 5, 5, 7};
    int fs = 2 * 128 * 128;
    List<float[]> seqs = new ArrayList<>();
    for (int n = 0; n < lens.length; n++) {
      float[] s = new float[lens[n] * fs];
      for (int i = 0; i < s.length; i++) {
        s[i] = n + 1; // non-zero so padding is visible
      }
      seqs.add(s);
    }
    PaddedBatch b = Padding.collate(seqs, 2, 128, 128);
    assertArrayEquals(new int[] {5, 7, 2, 128, 128}, b.shape());
    assertArrayEquals(lens, b.lengths());
    float[] d = b.data();
    for (int n = 0; n < 5; n++) {
      for (int t = 0; t < 7; t++) {
        float v = d[(n * 7 + t) * fs + 12345];
        assertEquals(t < lens[n] ? n + 1 : 0, v, "n=" + n + " t=" + t);
      }
    }
    boolean[][] mask = b.mask();
    assertEquals(7, mask.length);
    assertEquals(5, mask[0].length);
    String[] rows = {"1111110", "1111110", "1111100", "1111100", "1111111"};
    for (int n = 0; n < 5; n++) {
      StringBuilder sb = new StringBuilder();
      for (int t = 0; t < 7; t++) {
        sb.append(mask[t][n] ? '1' : '0');
      }
      assertEquals(rows[n], sb.toString());
    }
  }

  @Test
  void explicitTAndErrors() {
    boolean[][] m = Padding.mask(new int[] {0, 2}, 3);
    assertEquals(3, m.length);
    assertArrayEquals(new boolean[] {false, true}, m[1]);
    assertArrayEquals(new boolean[] {false, false}, m[2]);
    assertThrows(IllegalArgumentException.class, () -> Padding.mask(new int[] {4}, 3));
    assertThrows(IllegalArgumentException.class, () -> Padding.collate(List.of(new float[5]), 2, 2));
  }
}
