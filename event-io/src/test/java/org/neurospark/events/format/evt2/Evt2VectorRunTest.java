package org.neurospark.events.format.evt2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.testing.Events;
import org.neurospark.events.testing.VectorLoops;

/** The Vector API loop of {@link Evt2Reader} decodes exactly what its plain loop decodes, errors included. */
class Evt2VectorRunTest {
  static final String HEAD = "% evt 2.0\n% geometry 640x480\n% end\n";

  /** Long CD runs broken by TIME_HIGH, trigger, others, continued and (with {@code badAt}) an out-of-sensor word. */
  static byte[] recording(long seed, int words, int badAt) {
    SplittableRandom r = new SplittableRandom(seed);
    Events.Bytes b = new Events.Bytes().text(HEAD);
    long high = 5;
    for (int i = 0; i < words; i++) {
      int w;
      if (i == badAt) {
        w = Evt2ReaderTest.cd(1, 3, 640, 7); // x outside the 640-wide sensor
      } else if (i == 0 || r.nextInt(100) == 0) {
        high += r.nextInt(3);
        w = Evt2ReaderTest.timeHigh(high);
      } else if (r.nextInt(400) == 0) {
        w = new int[] {0xA, 0xE, 0xF}[r.nextInt(3)] << 28 | r.nextInt(1 << 28);
      } else {
        w = Evt2ReaderTest.cd(r.nextInt(2), r.nextInt(64), r.nextInt(640), r.nextInt(480));
      }
      b.i32le(w);
    }
    return b.bytes();
  }

  @Test
  void vectorLoopDecodesWhatThePlainLoopDecodes() throws IOException {
    VectorLoops.assertActive();
    VectorLoops.Opener open = (source, vector) -> new Evt2Reader(source, ReadOptions.DEFAULT, vector);
    for (int seed = 0; seed < 6; seed++) {
      for (List<String> plain : VectorLoops.assertAgree(recording(seed, 30_000, -1), open, "seed " + seed)) {
        assertEquals("none", plain.get(plain.size() - 2));
      }
      for (List<String> plainBad : VectorLoops.assertAgree(recording(seed, 30_000, 20_011 + seed), open,
          "seed " + seed)) {
        assertTrue(plainBad.get(plainBad.size() - 2).contains("outside the 640x480 sensor"), plainBad.get(
            plainBad.size() - 2));
      }
    }
  }
}
