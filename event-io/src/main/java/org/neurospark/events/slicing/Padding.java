package org.neurospark.events.slicing;

import java.util.List;

/** SpikingJelly's variable-length helpers: {@code pad_sequence_collate} and {@code padded_sequence_mask}. */
public final class Padding {
  private Padding() {}

  /**
   * Stacks sequences of frames into one zero-padded batch-first array (SpikingJelly {@code pad_sequence_collate}).
   *
   * @param sequences sequence {@code n} holds {@code T_n} frames, {@code T_n · frameSize} values row-major
   *     ({@code [T_n, ...frameShape]}); {@code T_n} may be 0
   * @param frameShape shape of one frame, e.g. {@code {2, 128, 128}}
   * @throws IllegalArgumentException when a sequence's length is not a whole number of frames
   */
  public static PaddedBatch collate(List<float[]> sequences, int... frameShape) {
    long fs = 1;
    for (int d : frameShape) {
      if (d <= 0) {
        throw new IllegalArgumentException("frame dimensions must be > 0");
      }
      fs *= d;
    }
    int n = sequences.size();
    int[] lengths = new int[n];
    int tMax = 0;
    for (int i = 0; i < n; i++) {
      float[] s = sequences.get(i);
      if (s.length % fs != 0) {
        throw new IllegalArgumentException("sequence " + i + " has " + s.length + " values, not a multiple of the "
            + "frame size " + fs);
      }
      lengths[i] = (int) (s.length / fs);
      tMax = Math.max(tMax, lengths[i]);
    }
    long total = (long) n * tMax * fs;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("padded batch of " + total + " values exceeds one Java array");
    }
    float[] data = new float[(int) total];
    for (int i = 0; i < n; i++) {
      float[] s = sequences.get(i);
      System.arraycopy(s, 0, data, (int) (i * tMax * fs), s.length);
    }
    return new PaddedBatch(data, lengths, frameShape.clone(), tMax);
  }

  /**
   * SpikingJelly {@code padded_sequence_mask(sequence_len, T)}: {@code mask[t][n] = t < lengths[n]}, shape
   * {@code [T, N]}.
   *
   * @param maxLength {@code T}; values below the longest length are refused, −1 means the longest length
   */
  public static boolean[][] mask(int[] lengths, int maxLength) {
    int longest = 0;
    for (int l : lengths) {
      if (l < 0) {
        throw new IllegalArgumentException("negative sequence length " + l);
      }
      longest = Math.max(longest, l);
    }
    int tt = maxLength < 0 ? longest : maxLength;
    if (tt < longest) {
      throw new IllegalArgumentException("T = " + tt + " is shorter than the longest sequence (" + longest + ")");
    }
    boolean[][] m = new boolean[tt][lengths.length];
    for (int t = 0; t < tt; t++) {
      for (int n = 0; n < lengths.length; n++) {
        m[t][n] = t < lengths[n];
      }
    }
    return m;
  }
}
