package org.neurospark.events.format.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.testing.Events;
import org.neurospark.events.testing.VectorLoops;

/**
 * The Vector API loop of {@link DatReader} decodes exactly what its plain loop decodes: timestamps that step
 * forward, straggle backwards, wrap at 2^32 and jump by more than 2^30 µs (which the vector loop leaves to the plain
 * one), and invalid records.
 */
class DatVectorRunTest {
  static final String HEAD = "% Data file containing Event2D events.\n% Version 2\n% Width 304\n% Height 240\n";

  static byte[] recording(long seed, int records, int badAt) {
    SplittableRandom r = new SplittableRandom(seed);
    Events.Bytes b = new Events.Bytes().text(HEAD).u8(0).u8(8);
    long ts = 0xFFF0_0000L - seed * 1000; // wraps within the first ~10 % of the records
    for (int i = 0; i < records; i++) {
      int k = r.nextInt(1000);
      long step = k == 0 ? (1L << 30) + r.nextInt(1 << 20) // a jump the vector loop must not take
          : k < 30 ? -r.nextInt(500) // a straggler
          : r.nextInt(40);
      ts = (ts + step) & 0xFFFF_FFFFL;
      int x = r.nextInt(304);
      int y = r.nextInt(240);
      int p = r.nextInt(2);
      if (i == badAt) {
        p = 2;
      }
      DatReaderTest.rec(b, (int) ts, x, y, p);
    }
    return b.bytes();
  }

  @Test
  void vectorLoopDecodesWhatThePlainLoopDecodes() throws IOException {
    VectorLoops.assertActive();
    VectorLoops.Opener open = (source, vector) -> new DatReader(source, ReadOptions.DEFAULT, vector);
    for (int seed = 0; seed < 6; seed++) {
      for (List<String> plain : VectorLoops.assertAgree(recording(seed, 30_000, -1), open, "seed " + seed)) {
        assertEquals(30_002, plain.size()); // the events, "none", the skipped counts
        assertTrue(Long.parseLong(plain.get(plain.size() - 3).split(" ")[0]) > (1L << 32), "the timestamps wrapped");
      }
      for (List<String> plainBad : VectorLoops.assertAgree(recording(seed, 30_000, 25_003 + seed), open,
          "seed " + seed)) {
        assertTrue(plainBad.get(plainBad.size() - 2).contains("p 2"), plainBad.get(plainBad.size() - 2));
      }
    }
  }
}
