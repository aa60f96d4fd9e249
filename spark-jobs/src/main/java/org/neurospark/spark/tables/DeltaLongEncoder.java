package org.neurospark.spark.tables;

import java.util.Arrays;

/**
 * Parquet's DELTA_BINARY_PACKED encoding of a page of int64 values from an array, as the format specifies it:
 * header {@code <block size 128> <4 miniblocks> <value count> <first value (zigzag)>}, then per block of 128 deltas
 * {@code <min delta (zigzag)> <4 bit widths> <miniblocks of 32 values, (delta − min delta) bit-packed LSB first>}.
 * Deltas wrap around in two's complement as the specification allows. Per block: its deltas and their minimum in one
 * loop, each miniblock's width from the OR of its (delta − minimum), then the miniblocks
 * packed by {@link BitPacker}. Same block layout as parquet-java's
 * {@code DeltaBinaryPackingValuesWriterForLong}; padding values are zero.
 */
final class DeltaLongEncoder {
  static final int BLOCK = 128;
  static final int MINIBLOCKS = 4;
  static final int MINI = BLOCK / MINIBLOCKS;
  /** Whether the block arithmetic runs on the Vector API ({@link VectorDeltas}); same bytes either way. */
  static final boolean VECTOR = org.neurospark.events.io.VectorSupport.enabled();

  /** One block's deltas. */
  private final long[] deltas = new long[BLOCK];
  /** Scratch of {@link VectorDeltas#deltas}. */
  private final long[] lanes = new long[VECTOR ? VectorDeltas.lanes() : 0];
  private byte[] out = new byte[1 << 16];
  private int pos;

  /** Encodes {@code v[0, n)}; the bytes are {@link #bytes()}[0, {@link #size()}) until the next call. */
  void encode(long[] v, int n) {
    pos = 0;
    ensure(32);
    pos = varint(out, pos, BLOCK);
    pos = varint(out, pos, MINIBLOCKS);
    pos = varint(out, pos, n);
    pos = varlong(out, pos, n == 0 ? 0 : zigzag(v[0]));
    long[] d = deltas;
    for (int start = 1; start < n; start += BLOCK) {
      int k = Math.min(BLOCK, n - start);
      int used = (k + MINI - 1) / MINI;
      // the block's deltas and their minimum, in L1: a branch, not Math.min, since after the first deltas it is
      // almost never taken
      long min;
      if (VECTOR) {
        min = VectorDeltas.deltas(v, start, k, d, lanes);
      } else {
        min = Long.MAX_VALUE;
        for (int i = 0; i < k; i++) {
          long x = v[start + i] - v[start + i - 1];
          d[i] = x;
          if (x < min) {
            min = x;
          }
        }
      }
      Arrays.fill(d, k, used * MINI, min); // padding: (min − min) = 0
      ensure(10 + MINIBLOCKS + BLOCK * 8 + BitPacker.SLACK);
      pos = varlong(out, pos, zigzag(min));
      int widthsAt = pos;
      pos += MINIBLOCKS;
      for (int m = 0; m < MINIBLOCKS; m++) {
        if (m >= used) {
          out[widthsAt + m] = 0;
          continue;
        }
        // a miniblock's width is that of its largest (delta − min) as an unsigned value: the highest bit of their OR
        int from = m * MINI;
        long or = 0;
        if (VECTOR) {
          or = VectorDeltas.orMinus(d, from, MINI, min);
        } else {
          for (int i = from; i < from + MINI; i++) {
            or |= d[i] - min;
          }
        }
        int width = 64 - Long.numberOfLeadingZeros(or);
        out[widthsAt + m] = (byte) width;
        pos = BitPacker.packMinus(d, from, MINI / 8, width, min, out, pos);
      }
    }
  }

  byte[] bytes() {
    return out;
  }

  int size() {
    return pos;
  }

  private void ensure(int more) {
    if (out.length - pos < more) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, pos + more));
    }
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static int varint(byte[] b, int p, int v) {
    while ((v & ~0x7F) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    return p;
  }

  private static int varlong(byte[] b, int p, long v) {
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    return p;
  }
}
