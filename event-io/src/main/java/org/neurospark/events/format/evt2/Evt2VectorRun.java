package org.neurospark.events.format.evt2;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link Evt2Reader}'s CD-run loop: decodes a whole vector of words at a time (16 on AVX-512,
 * 8 on AVX2) while every word of the vector is an in-sensor CD event, and leaves the first vector holding anything
 * else to the plain loop. Loaded only when {@link org.neurospark.events.io.VectorSupport#enabled()}.
 */
final class Evt2VectorRun {
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  /** Longs and bytes of the same lane count: two long vectors and a quarter-width byte vector per int vector. */
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> BYTES = INTS.vectorBitSize() >= 256
      ? ByteVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(INTS.vectorBitSize() / 4)) : null;

  private Evt2VectorRun() {}

  /**
   * Decodes CD words of events {@code n..} (the word of event i at byte {@code wb + 4 i} of {@code b}) a vector at a
   * time while whole vectors are in-sensor CD events and end at or before {@code iEnd}. Returns the index of the first
   * event not decoded; the caller decodes the rest word by word.
   */
  static int decode(byte[] b, int wb, int n, int iEnd, long base, int xLimit, int yLimit, long[] t, int[] xs,
      int[] ys, byte[] ps) {
    if (BYTES == null) {
      return n;
    }
    final int lanes = INTS.length();
    final int half = lanes / 2;
    IntVector xl = IntVector.broadcast(INTS, xLimit);
    IntVector yl = IntVector.broadcast(INTS, yLimit);
    LongVector tb = LongVector.broadcast(LONGS, base);
    int i = n;
    for (; i <= iEnd - lanes; i += lanes) {
      IntVector w = IntVector.fromByteArray(INTS, b, wb + 4 * i, ByteOrder.LITTLE_ENDIAN);
      IntVector x = w.lanewise(VectorOperators.LSHR, 11).and(0x7FF);
      IntVector y = w.and(0x7FF);
      // negative in a lane iff its type is CD_OFF/CD_ON (bits 31..29 zero), x < xLimit and y < yLimit
      IntVector valid = x.sub(xl).and(y.sub(yl)).and(w.lanewise(VectorOperators.LSHR, 29).sub(1));
      if (!valid.compare(VectorOperators.LT, 0).allTrue()) {
        break;
      }
      IntVector low = w.lanewise(VectorOperators.LSHR, 22).and(0x3F);
      ((LongVector) low.convertShape(VectorOperators.I2L, LONGS, 0)).add(tb).intoArray(t, i);
      ((LongVector) low.convertShape(VectorOperators.I2L, LONGS, 1)).add(tb).intoArray(t, i + half);
      x.intoArray(xs, i);
      y.intoArray(ys, i);
      ((ByteVector) w.lanewise(VectorOperators.LSHR, 28).convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(ps, i);
    }
    return i;
  }
}
