package org.neurospark.events.format.evt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.Events;
import org.neurospark.events.testing.Events.All;
import org.neurospark.events.testing.SharedData;

class Evt2ReaderTest {
  static final Path SAMPLE = SharedData.data("events/evt2/expelliarmus_evt2_sample_gen3_640x480.raw");

  @ParameterizedTest
  @ValueSource(ints = {13, EventBatch.DEFAULT_CAPACITY})
  void expelliarmusSampleMatchesSources(int batch) throws IOException {
    assertEquals(EventFormat.EVT2, EventFiles.detect(SAMPLE));
    All a = Events.readAll(SAMPLE, ReadOptions.DEFAULT, batch);
    assertEquals(539481, a.size());
    assertEquals(367855, a.on());
    assertEquals(3126, a.skipped("time_high"));
    assertEquals(1, a.skipped().size());
    assertEquals(640, a.info().width());
    assertEquals(480, a.info().height());
    assertArrayEquals(new long[] {1317888, 237, 121, 1}, a.event(0));
    assertArrayEquals(new long[] {1317888, 246, 121, 1}, a.event(1));
    assertArrayEquals(new long[] {1317888, 248, 132, 1}, a.event(2));
    assertArrayEquals(new long[] {1367888, 210, 142, 1}, a.event(a.size() - 1));
    int x0 = 9999;
    int x1 = -1;
    int y0 = 9999;
    int y1 = -1;
    long tMin = Long.MAX_VALUE;
    long tMax = Long.MIN_VALUE;
    for (int i = 0; i < a.size(); i++) {
      x0 = Math.min(x0, a.events().x()[i]);
      x1 = Math.max(x1, a.events().x()[i]);
      y0 = Math.min(y0, a.events().y()[i]);
      y1 = Math.max(y1, a.events().y()[i]);
      tMin = Math.min(tMin, a.events().t()[i]);
      tMax = Math.max(tMax, a.events().t()[i]);
    }
    assertArrayEquals(new int[] {60, 599, 18, 475}, new int[] {x0, x1, y0, y1});
    assertEquals(1317888, tMin);
    assertEquals(1367888, tMax);
    assertEquals(2170592, a.bytesRead());
  }

  /**
   * Every event of the sample against a plain word-by-word decode written here (the reader decodes runs of CD words
   * in a loop of their own), for batch sizes that end batches and runs at many places: any fast path must stay
   * bit-identical.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 31, 33, 1000, EventBatch.DEFAULT_CAPACITY})
  void everyEventMatchesAWordByWordDecode(int batch) throws IOException {
    byte[] f = Files.readAllBytes(SAMPLE);
    int pos = 0;
    while (f[pos] == '%') {
      while (f[pos++] != '\n') {
        // skip the header line
      }
    }
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(f, pos, f.length - pos).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long base = -1;
    java.util.List<long[]> expected = new java.util.ArrayList<>();
    while (bb.remaining() >= 4) {
      int w = bb.getInt();
      int type = w >>> 28;
      if (type == 0x8) {
        base = (long) (w & 0x0FFFFFFF) << 6;
      } else if (type <= 1 && base >= 0) {
        expected.add(new long[] {base + ((w >>> 22) & 0x3F), (w >>> 11) & 0x7FF, w & 0x7FF, type});
      }
    }
    All a = Events.readAll(SAMPLE, ReadOptions.DEFAULT, batch);
    assertEquals(expected.size(), a.size());
    for (int i = 0; i < a.size(); i++) {
      if (!java.util.Arrays.equals(expected.get(i), a.event(i))) {
        assertArrayEquals(expected.get(i), a.event(i), "event " + i);
      }
    }
  }

  /** An out-of-sensor CD word in the middle of a run: the events before it arrive, then the error names it. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 17, 31, 32, 45, 63, 64, 100})
  void badWordInsideABlockEndsTheBatchThere(int good, @TempDir Path dir) throws IOException {
    String head = "% evt 2.0\n% geometry 32x16\n% end\n";
    Events.Bytes b = new Events.Bytes().text(head).i32le(timeHigh(7));
    for (int i = 0; i < good; i++) {
      b.i32le(cd(i & 1, i & 63, i % 32, i % 16));
    }
    b.i32le(cd(1, 0, 3, 16)); // y 16 outside the 32x16 sensor
    for (int i = 0; i < 70; i++) {
      b.i32le(cd(0, 1, 2, 3));
    }
    Path f = dir.resolve("bad" + good + ".raw");
    Files.write(f, b.bytes());
    try (EventReader r = EventFiles.open(f)) {
      EventBatch batch = new EventBatch();
      if (good > 0) {
        assertTrue(r.read(batch));
        assertEquals(good, batch.size());
        for (int i = 0; i < good; i++) {
          assertEquals((7L << 6) + (i & 63), batch.t()[i]);
          assertEquals(i % 32, batch.x()[i]);
          assertEquals(i % 16, batch.y()[i]);
          assertEquals(i & 1, batch.p()[i]);
        }
      }
      EventFileException e = assertThrows(EventFileException.class, () -> r.read(batch));
      assertEquals(head.length() + 4 + 4L * good, e.offset(), e.getMessage());
      assertTrue(e.getMessage().contains("y 16"), e.getMessage());
    }
  }

  static int cd(int type, int lsb, int x, int y) {
    return (type << 28) | (lsb << 22) | (x << 11) | y;
  }

  static int timeHigh(long v) {
    return (0x8 << 28) | (int) v;
  }

  @Test
  void timeHighLoopTriggersGeometryAndErrors(@TempDir Path dir) throws IOException {
    Events.Bytes b = new Events.Bytes().text("% evt 2.0\n% geometry 32x16\n% end\n");
    b.i32le(cd(1, 5, 1, 2)); // before any TIME_HIGH: skipped, as Prophesee's decoder does
    b.i32le(timeHigh(0x0FFFFFFF)); // last base before the 34-bit loop
    b.i32le(cd(0, 63, 31, 15));
    b.i32le(0xA << 28 | 1); // trigger
    b.i32le(0xE << 28); // others
    b.i32le(0xF << 28); // continued
    b.i32le(timeHigh(1)); // looped
    b.i32le(cd(1, 2, 3, 4));
    Path f = dir.resolve("loop.raw");
    Files.write(f, b.bytes());
    All a = Events.readAll(f);
    assertEquals(32, a.info().width());
    assertEquals(16, a.info().height());
    assertEquals(2, a.size());
    assertEquals(1, a.skipped("before_time_high"));
    assertArrayEquals(new long[] {(0x0FFFFFFFL << 6) + 63, 31, 15, 0}, a.event(0));
    assertArrayEquals(new long[] {(1L << 34) + (1 << 6) + 2, 3, 4, 1}, a.event(1));
    assertEquals(2, a.skipped("time_high"));
    assertEquals(1, a.skipped("ext_trigger"));
    assertEquals(1, a.skipped("others"));
    assertEquals(1, a.skipped("continued"));

    String head = "% evt 2.0\n% geometry 32x16\n% end\n";
    String th = head + "\0\0\0\u0080"; // TIME_HIGH 0
    assertError(dir, new Events.Bytes().text(th).i32le(cd(1, 0, 1, 1)).i32le(cd(1, 0, 32, 1)).bytes(),
        th.length() + 4, "x 32");
    assertError(dir, new Events.Bytes().text(th).i32le(cd(1, 0, 1, 1)).i32le(0x3 << 28).bytes(),
        th.length() + 4, "unknown EVT 2.0 word type 0x3");
    assertError(dir, new Events.Bytes().text(th).i32le(cd(1, 0, 1, 1)).u8(1).u8(2).bytes(),
        th.length() + 4, "2 trailing bytes");
  }

  @Test
  void otherDeclaredEncodingsAreRejected(@TempDir Path dir) throws IOException {
    for (String head : new String[] {"% evt 2.1\n", "% format EVT21;height=720;width=1280\n% end\n",
        "% evt 3.0\n"}) {
      Path f = dir.resolve("enc" + Math.abs(head.hashCode()) + ".raw");
      Files.write(f, new Events.Bytes().text(head).i32le(timeHigh(1)).bytes());
      EventFileException e = assertThrows(EventFileException.class,
          () -> EventFiles.open(f, EventFormat.EVT2, ReadOptions.DEFAULT).close());
      assertTrue(e.getMessage().contains("not EVT 2.0"), e.getMessage());
    }
  }

  static void assertError(Path dir, byte[] bytes, long offset, String text) throws IOException {
    Path f = dir.resolve("bad" + offset + text.hashCode() + ".raw");
    Events.assertFailsAfterFirstBatch(f, bytes, -1, offset, text);
  }
}
