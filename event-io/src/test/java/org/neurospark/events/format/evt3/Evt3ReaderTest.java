package org.neurospark.events.format.evt3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.neurospark.events.testing.NpyEvents;
import org.neurospark.events.testing.SharedData;

class Evt3ReaderTest {
  static final Path SAMPLE = SharedData.data("events/evt3/expelliarmus_evt3_sample_gen4_1280x720.raw");
  static final Path REFERENCE = SharedData.data("events/evt3/expelliarmus_evt3_sample_gen4_1280x720.reference.npy");
  /** Index of the first event whose expelliarmus timestamp carries its spurious TIME_LOW overflow (SOURCES.md). */
  static final int FIRST_EXPELLIARMUS_DRIFT = 20121;

  @ParameterizedTest
  @ValueSource(ints = {5, 1000, EventBatch.DEFAULT_CAPACITY}) // 5 < 12 forces vectors split across batches
  void matchesReferenceNpyInXypAndOrderAndTimeUpToTheKnownDrift(int batch) throws IOException {
    assertEquals(EventFormat.EVT3, EventFiles.detect(SAMPLE));
    All a = Events.readAll(SAMPLE, ReadOptions.DEFAULT, batch);
    NpyEvents ref = NpyEvents.read(REFERENCE);
    assertEquals(16, ref.itemSize);
    assertEquals(219596, ref.size());
    assertEquals(ref.size(), a.size());
    for (int i = 0; i < ref.size(); i++) {
      if (a.events().x()[i] != ref.x[i] || a.events().y()[i] != ref.y[i] || a.events().p()[i] != ref.p[i]) {
        throw new AssertionError("event " + i + ": got " + java.util.Arrays.toString(a.event(i)) + ", .npy has x "
            + ref.x[i] + " y " + ref.y[i] + " p " + ref.p[i]);
      }
    }
    for (int i = 0; i < FIRST_EXPELLIARMUS_DRIFT; i++) {
      assertEquals(ref.t[i], a.events().t()[i], "t of event " + i);
    }
    assertNotEquals(ref.t[FIRST_EXPELLIARMUS_DRIFT], a.events().t()[FIRST_EXPELLIARMUS_DRIFT]);
    long tMin = Long.MAX_VALUE;
    long tMax = Long.MIN_VALUE;
    for (int i = 0; i < a.size(); i++) {
      tMin = Math.min(tMin, a.events().t()[i]);
      tMax = Math.max(tMax, a.events().t()[i]);
    }
    assertEquals(11718656, tMin);
    assertEquals(11727457, tMax);
    assertEquals(115532, a.on());
    assertArrayEquals(new long[] {11718656, 874, 200, 0}, a.event(0));
    assertArrayEquals(new long[] {11718656, 806, 200, 1}, a.event(1));
    assertArrayEquals(new long[] {11718656, 882, 201, 0}, a.event(2));
    assertArrayEquals(new long[] {11727457, 1218, 572, 1}, a.event(a.size() - 1));
    assertEquals(551, a.skipped("time_high"));
    assertEquals(8812, a.skipped("time_low"));
    assertEquals(1280, a.info().width());
    assertEquals(720, a.info().height());
  }

  static int w(int type, int payload) {
    return (type << 12) | payload;
  }

  @Test
  void vectorsTimeLoopSkippingAndFormatHeader(@TempDir Path dir) throws IOException {
    Events.Bytes b = new Events.Bytes().text("% evt 3.0\n% format EVT3;height=20;width=40\n% end\n");
    b.i16le(w(0x2, 1)); // before the first TIME_HIGH: skipped
    b.i16le(w(0x8, 0xFFF)).i16le(w(0x6, 0xFFF)); // t = 2^24 - 1
    b.i16le(w(0x0, 7)); // y 7
    b.i16le(w(0x3, (1 << 11) | 10)); // base x 10, ON
    b.i16le(w(0x4, 0b1000_0000_0101)); // x 10, 12, 21
    b.i16le(w(0x5, 0b1000_0001)); // x 22, 29
    b.i16le(w(0x8, 0x000)); // loop: + 2^24
    b.i16le(w(0x6, 0x005));
    b.i16le(w(0x2, 39)); // x 39, OFF
    b.i16le(w(0xA, 0x101)).i16le(w(0xE, 0)).i16le(w(0x7, 0)).i16le(w(0xF, 0));
    Path f = dir.resolve("v.raw");
    Files.write(f, b.bytes());
    for (int cap : new int[] {1, 2, 3, 64}) {
      All a = Events.readAll(f, ReadOptions.DEFAULT, cap);
      assertEquals(40, a.info().width());
      assertEquals(20, a.info().height());
      assertEquals(6, a.size(), "batch " + cap);
      long t1 = (1 << 24) - 1;
      assertArrayEquals(new long[] {t1, 10, 7, 1}, a.event(0));
      assertArrayEquals(new long[] {t1, 12, 7, 1}, a.event(1));
      assertArrayEquals(new long[] {t1, 21, 7, 1}, a.event(2));
      assertArrayEquals(new long[] {t1, 22, 7, 1}, a.event(3));
      assertArrayEquals(new long[] {t1, 29, 7, 1}, a.event(4));
      assertArrayEquals(new long[] {(1 << 24) + 5, 39, 7, 0}, a.event(5));
      assertEquals(1, a.skipped("before_time_high"));
      assertEquals(1, a.skipped("ext_trigger"));
      assertEquals(1, a.skipped("others"));
      assertEquals(2, a.skipped("continued"));
    }
  }

  @Test
  void errorsNameOffsetAfterGoodEvents(@TempDir Path dir) throws IOException {
    String head = "% evt 3.0\n% geometry 40x20\n";
    byte[] start = new Events.Bytes().text(head).i16le(w(0x8, 1)).i16le(w(0x0, 3)).i16le(w(0x2, 4)).bytes();
    long at = start.length;
    assertError(dir, cat(start, new Events.Bytes().i16le(w(0x2, 40)).bytes()), at, "x 40");
    assertError(dir, cat(start, new Events.Bytes().i16le(w(0x0, 20)).bytes()), at, "y 20");
    assertError(dir, cat(start, new Events.Bytes().i16le(w(0x9, 0)).bytes()), at, "unknown EVT 3.0 word type 0x9");
    assertError(dir, cat(start, new Events.Bytes().i16le(w(0x3, 30)).i16le(w(0x4, 0x800)).bytes()), at + 2,
        "sets x up to 41");
    assertError(dir, cat(start, new byte[] {1}), at, "1 trailing byte");
  }

  static byte[] cat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static void assertError(Path dir, byte[] bytes, long offset, String text) throws IOException {
    Events.assertFailsAfterFirstBatch(dir.resolve("bad" + Math.abs(text.hashCode()) + ".raw"), bytes, 1, offset, text);
  }

}
