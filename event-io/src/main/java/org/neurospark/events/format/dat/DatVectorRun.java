package org.neurospark.events.format.dat;

import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.neurospark.events.io.Bytes;

/**
 * The Vector API form of {@link DatReader}'s record loop: decodes a vector of 8-byte CD records at a time (8 on
 * AVX-512, 4 on AVX2) while every record of the vector is a valid in-sensor event whose 32-bit timestamp lies within
 * 2^30 µs of the previous one (so no wrap-around can be involved and the timestamp is {@code epoch + raw}); leaves the
 * first vector that fails either test to the plain loop. Loaded only when
 * {@link org.neurospark.events.io.VectorSupport#enabled()}.
 */
final class DatVectorRun {
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
  /** Ints of the same lane count as {@link #LONGS} (half the width). */
  private static final VectorSpecies<Integer> INTS = LONGS.vectorBitSize() >= 256
      ? IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(LONGS.vectorBitSize() / 2)) : null;
  private static final long NEAR = 1L << 30;
  /** 8 k for lane k: lane k's polarity goes to byte k of the packed word. */
  private static final LongVector BYTE_SHIFTS = LongVector.fromArray(LONGS, new long[] {0, 8, 16, 24, 32, 40, 48, 56},
      0);

  private DatVectorRun() {}

  /**
   * Decodes the records of events {@code n..} (record of event i at byte {@code base + 8 i} of {@code b}) while whole
   * vectors are valid and end at or before {@code nEnd}; {@code last} is the previous raw 32-bit timestamp (never
   * {@link Long#MIN_VALUE}) and {@code epoch} the µs added to raw timestamps. Returns the index of the first event not
   * decoded; the caller reads the new last raw timestamp from record {@code i − 1}.
   */
  static int decode(byte[] b, int base, int n, int nEnd, long last, long epoch, int xLimit, int yLimit, long[] t,
      int[] xs, int[] ys, byte[] ps) {
    if (INTS == null || LONGS.length() > 8) {
      return n;
    }
    final int lanes = LONGS.length();
    LongVector xl = LongVector.broadcast(LONGS, xLimit);
    LongVector yl = LongVector.broadcast(LONGS, yLimit);
    LongVector ep = LongVector.broadcast(LONGS, epoch);
    long prev = last;
    int i = n;
    for (; i <= nEnd - lanes; i += lanes) {
      int off = base + 8 * i;
      LongVector v = LongVector.fromByteArray(LONGS, b, off, ByteOrder.LITTLE_ENDIAN);
      LongVector d = v.lanewise(VectorOperators.LSHR, 32);
      LongVector x = d.and(0x3FFF);
      LongVector y = d.lanewise(VectorOperators.LSHR, 14).and(0x3FFF);
      LongVector u = v.and(0xFFFFFFFFL);
      // negative in a lane iff polarity bits 31..28 are 0 or 1, x < xLimit, y < yLimit; and |u − prev| < 2^30
      LongVector valid = x.sub(xl).and(y.sub(yl)).and(d.lanewise(VectorOperators.LSHR, 29).sub(1))
          .and(u.sub(prev - NEAR).lanewise(VectorOperators.LSHR, 31).sub(1));
      if (!valid.compare(VectorOperators.LT, 0).allTrue()) {
        break;
      }
      u.add(ep).intoArray(t, i);
      ((IntVector) x.convertShape(VectorOperators.L2I, INTS, 0)).intoArray(xs, i);
      ((IntVector) y.convertShape(VectorOperators.L2I, INTS, 0)).intoArray(ys, i);
      // the polarities (0/1 once valid) shifted into byte k of one word: a single store of all lanes' bytes
      long packed = d.lanewise(VectorOperators.LSHR, 28).lanewise(VectorOperators.LSHL, BYTE_SHIFTS)
          .reduceLanes(VectorOperators.OR);
      if (lanes == 8) {
        Bytes.LONG_LE.set(ps, i, packed);
      } else {
        Bytes.INT_LE.set(ps, i, (int) packed);
      }
      prev = u.lane(lanes - 1);
    }
    return i;
  }
}
