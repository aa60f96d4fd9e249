package org.neurospark.spark.tables;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.BytePackerForLong;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Parquet's bit-packing (the {@code BIT_PACKED} runs of the RLE/bit-packing hybrid and DELTA_BINARY_PACKED
 * miniblocks): groups of 8 values of {@code width} bits, the first value in the lowest bits, LSB first, each group
 * {@code width} bytes. Byte for byte what parquet-java's {@code Packer.LITTLE_ENDIAN} packers write.
 *
 * <p>Widths up to {@link #WIDE} are packed with two 64-bit words per group (the first four values in one, the last
 * four in the other, joined and stored as 16 little-endian bytes) instead of parquet-java's byte-at-a-time code;
 * wider values go to parquet-java's packers. Every value must be below {@code 2^width} (no masking), and the output
 * array must have {@link #SLACK} bytes to spare after the packed bytes: a group's store may write zeros past its end,
 * which the next group overwrites.
 */
final class BitPacker {
  /** Widest width packed by the two-word path. */
  static final int WIDE = 15;
  /** Bytes the output needs beyond the packed bytes. */
  static final int SLACK = 16;

  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final BytePacker[] INT_PACKERS = new BytePacker[33];
  private static final BytePackerForLong[] LONG_PACKERS = new BytePackerForLong[65];

  static {
    for (int w = 0; w <= 32; w++) {
      INT_PACKERS[w] = Packer.LITTLE_ENDIAN.newBytePacker(w);
    }
    for (int w = 0; w <= 64; w++) {
      LONG_PACKERS[w] = Packer.LITTLE_ENDIAN.newBytePackerForLong(w);
    }
  }

  private BitPacker() {}

  /**
   * Packs {@code v[from, from + 8 * groups)} ({@code 0 ≤ v < 2^width}, {@code width} 0..32) into {@code out} from
   * {@code pos}; returns the position after the {@code groups * width} bytes.
   */
  static int pack(int[] v, int from, int groups, int width, byte[] out, int pos) {
    if (width == 0) {
      return pos;
    }
    if (width > WIDE) {
      BytePacker p = INT_PACKERS[width];
      for (int g = 0; g < groups; g++) {
        p.pack8Values(v, from + 8 * g, out, pos + g * width);
      }
      return pos + groups * width;
    }
    int w = width;
    int half = 4 * w;
    for (int g = 0, i = from; g < groups; g++, i += 8) {
      long lo = (long) v[i] | (long) v[i + 1] << w | (long) v[i + 2] << 2 * w | (long) v[i + 3] << 3 * w;
      long hi = (long) v[i + 4] | (long) v[i + 5] << w | (long) v[i + 6] << 2 * w | (long) v[i + 7] << 3 * w;
      LONG_LE.set(out, pos, lo | hi << half);
      LONG_LE.set(out, pos + 8, hi >>> (64 - half));
      pos += w;
    }
    return pos;
  }

  /**
   * Packs {@code v[i] − minus} for {@code i} in {@code [from, from + 8 * groups)} (each {@code < 2^width} as
   * unsigned, {@code width} 0..64) into {@code out} from {@code pos}; returns the position after the
   * {@code groups * width} bytes. For widths above {@link #WIDE}, {@code v} is overwritten with the differences.
   */
  static int packMinus(long[] v, int from, int groups, int width, long minus, byte[] out, int pos) {
    if (width == 0) {
      return pos;
    }
    if (width > WIDE) {
      BytePackerForLong p = LONG_PACKERS[width];
      for (int i = from; i < from + 8 * groups; i++) {
        v[i] -= minus;
      }
      for (int g = 0; g < groups; g++) {
        p.pack8Values(v, from + 8 * g, out, pos + g * width);
      }
      return pos + groups * width;
    }
    int w = width;
    int half = 4 * w;
    long m = minus;
    for (int g = 0, i = from; g < groups; g++, i += 8) {
      long lo = (v[i] - m) | (v[i + 1] - m) << w | (v[i + 2] - m) << 2 * w | (v[i + 3] - m) << 3 * w;
      long hi = (v[i + 4] - m) | (v[i + 5] - m) << w | (v[i + 6] - m) << 2 * w | (v[i + 7] - m) << 3 * w;
      LONG_LE.set(out, pos, lo | hi << half);
      LONG_LE.set(out, pos + 8, hi >>> (64 - half));
      pos += w;
    }
    return pos;
  }
}
