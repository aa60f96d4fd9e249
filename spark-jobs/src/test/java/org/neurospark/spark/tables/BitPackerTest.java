package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.BytePackerForLong;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.junit.jupiter.api.Test;

/** {@link BitPacker} writes what parquet-java's little-endian packers write, for every width, from any offset. */
class BitPackerTest {
  private static final int GROUPS = 37;

  @Test
  void intsMatchParquetJavaAtEveryWidth() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int width = 0; width <= 32; width++) {
      int[] v = new int[3 + 8 * GROUPS];
      for (int i = 0; i < v.length; i++) {
        // all ones at the width in some values: the widest value must survive the joins of the two words
        v[i] = width == 0 ? 0 : i % 5 == 0 ? (int) ((1L << width) - 1) : (int) (rnd.nextLong() >>> (64 - width));
      }
      BytePacker ref = Packer.LITTLE_ENDIAN.newBytePacker(width);
      byte[] want = new byte[5 + GROUPS * width];
      for (int g = 0; g < GROUPS; g++) {
        ref.pack8Values(v, 3 + 8 * g, want, 5 + g * width);
      }
      byte[] got = new byte[want.length + BitPacker.SLACK];
      Arrays.fill(got, (byte) 0x5A); // garbage the packer must overwrite
      Arrays.fill(got, 0, 5, (byte) 0);
      assertEquals(want.length, BitPacker.pack(v, 3, GROUPS, width, got, 5), "width " + width);
      assertArrayEquals(want, Arrays.copyOf(got, want.length), "width " + width);
    }
  }

  @Test
  void longDifferencesMatchParquetJavaAtEveryWidth() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (long minus : new long[] {0, -5, 1L << 40, Long.MIN_VALUE}) {
      for (int width = 0; width <= 64; width++) {
        long[] u = new long[8 * GROUPS];
        long[] v = new long[u.length];
        for (int i = 0; i < v.length; i++) {
          u[i] = width == 0 ? 0 : i % 7 == 0 ? -1L >>> (64 - width) : rnd.nextLong() >>> (64 - width);
          v[i] = u[i] + minus; // wraps as the delta encoding's arithmetic does
        }
        BytePackerForLong ref = Packer.LITTLE_ENDIAN.newBytePackerForLong(width);
        byte[] want = new byte[GROUPS * width];
        for (int g = 0; g < GROUPS; g++) {
          ref.pack8Values(u, 8 * g, want, g * width);
        }
        byte[] got = new byte[want.length + BitPacker.SLACK];
        Arrays.fill(got, (byte) 0xA5);
        String at = "width " + width + ", minus " + minus;
        assertEquals(want.length, BitPacker.packMinus(v, 0, GROUPS, width, minus, got, 0), at);
        assertArrayEquals(want, Arrays.copyOf(got, want.length), at);
      }
    }
  }

  @Test
  void eightPolarityBytesPackIntoOneByteLsbFirst() {
    for (int bits = 0; bits < 256; bits++) {
      byte[] b = new byte[8];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) ((bits >>> i) & 1);
      }
      long word = 0;
      for (int i = 7; i >= 0; i--) {
        word = word << 8 | b[i];
      }
      assertEquals((byte) bits, EventsFileWriter.packBits(word), "bits " + Integer.toBinaryString(bits));
    }
  }
}
