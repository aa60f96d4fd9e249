package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesReader;
import org.junit.jupiter.api.Test;

/** {@link DeltaLongEncoder} decoded by parquet-java's own DELTA_BINARY_PACKED reader. */
class DeltaLongEncoderTest {
  private static void roundTrip(long[] v, int n) throws Exception {
    DeltaLongEncoder e = new DeltaLongEncoder();
    e.encode(v, n);
    DeltaBinaryPackingValuesReader r = new DeltaBinaryPackingValuesReader();
    r.initFromPage(n, ByteBufferInputStream.wrap(ByteBuffer.wrap(e.bytes(), 0, e.size())));
    for (int i = 0; i < n; i++) {
      assertEquals(v[i], r.readLong(), "value " + i + " of " + n);
    }
  }

  @Test
  void everyLengthAndWidthRoundTrips() throws Exception {
    Random rnd = new Random(3);
    for (int n : new int[] {1, 2, 31, 32, 33, 127, 128, 129, 130, 257, 1000, 4096}) {
      long[] mono = new long[n];
      long[] noisy = new long[n];
      long[] extreme = new long[n];
      long t = 1_700_000_000_000_000L;
      for (int i = 0; i < n; i++) {
        t += rnd.nextInt(50);
        mono[i] = t;
        noisy[i] = t - rnd.nextInt(1 << 20);
        extreme[i] = switch (i % 4) {
          case 0 -> Long.MIN_VALUE;
          case 1 -> Long.MAX_VALUE;
          case 2 -> rnd.nextLong();
          default -> 0;
        };
      }
      roundTrip(mono, n);
      roundTrip(noisy, n);
      roundTrip(extreme, n);
    }
  }
}
