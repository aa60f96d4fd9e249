package org.neurospark.events.slicing;

import java.util.Arrays;

/**
 * A batch of variable-length frame sequences, zero-padded, batch-first: {@code data} is {@code [N, T_max, ...frame]}
 * row-major; {@code lengths[n]} is sequence {@code n}'s true length {@code T_n}. SpikingJelly's
 * {@code pad_sequence_collate} result {@code (x_p, y, x_len)} without the labels.
 */
public final class PaddedBatch {
  private final float[] data;
  private final int[] lengths;
  private final int[] frameShape;
  private final int maxLength;

  PaddedBatch(float[] data, int[] lengths, int[] frameShape, int maxLength) {
    this.data = data;
    this.lengths = lengths;
    this.frameShape = frameShape;
    this.maxLength = maxLength;
  }

  /** Padded values, {@code [N, T_max, ...frame]} row-major; rows past a sequence's length are 0. */
  public float[] data() {
    return data;
  }

  /** True lengths {@code T_n}. */
  public int[] lengths() {
    return lengths.clone();
  }

  /** {@code T_max}. */
  public int maxLength() {
    return maxLength;
  }

  /** Shape {@code [N, T_max, ...frame]}. */
  public int[] shape() {
    int[] s = new int[2 + frameShape.length];
    s[0] = lengths.length;
    s[1] = maxLength;
    System.arraycopy(frameShape, 0, s, 2, frameShape.length);
    return s;
  }

  /** {@link Padding#mask} of this batch's lengths: {@code [T_max][N]}. */
  public boolean[][] mask() {
    return Padding.mask(lengths, maxLength);
  }

  @Override
  public String toString() {
    return "PaddedBatch" + Arrays.toString(shape()) + " lengths " + Arrays.toString(lengths);
  }
}
