package org.neurospark.events.format.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.IntVector;
import org.junit.jupiter.api.Test;
import org.neurospark.events.EventBatch;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.MemoryByteSource;
import org.neurospark.events.io.VectorSupport;
import org.neurospark.events.testing.Events;

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

  static List<String> decodeAll(byte[] file, int capacity, boolean vector) throws IOException {
    return Events.transcript(new DatReader(new MemoryByteSource("m.dat", ByteBuffer.wrap(file)), ReadOptions.DEFAULT,
        vector), capacity);
  }

  @Test
  void vectorLoopDecodesWhatThePlainLoopDecodes() throws IOException {
    assertTrue(VectorSupport.enabled(), "the tests run with --add-modules jdk.incubator.vector");
    String bits = System.getProperty("neurospark.test.vectorBits"); // the 256-bit run (event-io/pom.xml)
    if (bits != null) {
      assertEquals(Integer.parseInt(bits), IntVector.SPECIES_PREFERRED.vectorBitSize());
    }
    for (int seed = 0; seed < 6; seed++) {
      byte[] good = recording(seed, 30_000, -1);
      byte[] bad = recording(seed, 30_000, 25_003 + seed);
      for (int capacity : new int[] {EventBatch.DEFAULT_CAPACITY, 1000, 37}) {
        List<String> plain = decodeAll(good, capacity, false);
        assertEquals(plain, decodeAll(good, capacity, true), "seed " + seed + ", batch " + capacity);
        assertEquals(30_002, plain.size()); // the events, "none", the skipped counts
        assertTrue(Long.parseLong(plain.get(plain.size() - 3).split(" ")[0]) > (1L << 32), "the timestamps wrapped");
        List<String> plainBad = decodeAll(bad, capacity, false);
        assertEquals(plainBad, decodeAll(bad, capacity, true), "seed " + seed + ", batch " + capacity);
        assertTrue(plainBad.get(plainBad.size() - 2).contains("p 2"), plainBad.get(plainBad.size() - 2));
      }
    }
  }
}
