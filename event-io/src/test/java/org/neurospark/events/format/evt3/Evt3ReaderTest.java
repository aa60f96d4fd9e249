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

  /**
   * Random streams of every word type against a plain switch decoder written from the format's description: the
   * reader's branch-free ADDR_X/ADDR_Y step and its vector and batch-boundary handling decode the same events.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 4096})
  void randomStreamsMatchAPlainDecoder(int batch, @TempDir Path dir) throws IOException {
    int width = 640;
    int height = 480;
    java.util.Random r = new java.util.Random(batch);
    Events.Bytes b = new Events.Bytes().text("% evt 3.0\n% format EVT3;height=480;width=640\n% end\n");
    java.util.List<Integer> words = new java.util.ArrayList<>();
    int timeHigh = 4000;
    int bx = 0;
    words.add(w(0x8, timeHigh));
    for (int i = 0; i < 200_000; i++) {
      int k = r.nextInt(100);
      if (k < 58) {
        words.add(w(0x2, (r.nextInt(2) << 11) | r.nextInt(width)));
      } else if (k < 80) {
        words.add(w(0x0, (r.nextInt(2) << 11) | r.nextInt(height)));
      } else if (k < 92) {
        if (bx + 12 > width) {
          bx = r.nextInt(width - 24);
          words.add(w(0x3, (r.nextInt(2) << 11) | bx));
        }
        boolean v12 = r.nextBoolean();
        words.add(w(v12 ? 0x4 : 0x5, r.nextInt(v12 ? 1 << 12 : 1 << 8)));
        bx += v12 ? 12 : 8;
      } else if (k < 95) {
        bx = r.nextInt(width - 24);
        words.add(w(0x3, (r.nextInt(2) << 11) | bx));
      } else if (k < 98) {
        words.add(w(0x6, r.nextInt(1 << 12)));
      } else if (k < 99) {
        timeHigh = (timeHigh + 1 + r.nextInt(3)) & 0xFFF;
        words.add(w(0x8, timeHigh));
      } else {
        words.add(w(new int[] {0xA, 0xE, 0x7, 0xF}[r.nextInt(4)], r.nextInt(1 << 12)));
      }
    }
    for (int word : words) {
      b.i16le(word);
    }
    Path f = dir.resolve("random.raw");
    Files.write(f, b.bytes());

    java.util.List<long[]> expected = new java.util.ArrayList<>();
    long tb = 0;
    long tm = 0;
    long loops = 0;
    int y = 0;
    int base = 0;
    int pol = 0;
    for (int word : words) {
      int v = word & 0xFFF;
      switch (word >>> 12) {
        case 0x0: y = word & 0x7FF; break;
        case 0x2: expected.add(new long[] {tm, word & 0x7FF, y, (word >>> 11) & 1}); break;
        case 0x3: base = word & 0x7FF; pol = (word >>> 11) & 1; break;
        case 0x4:
        case 0x5:
          int bits = (word >>> 12) == 0x4 ? 12 : 8;
          for (int i = 0; i < bits; i++) {
            if ((v >>> i & 1) != 0) {
              expected.add(new long[] {tm, base + i, y, pol});
            }
          }
          base += bits;
          break;
        case 0x6: tm = tb + v; break;
        case 0x8: {
          long nb = ((long) v << 12) + loops * (1L << 24);
          if (tb > nb && tb - nb >= (1L << 24) - (11L << 12)) {
            nb += 1L << 24;
            loops++;
          }
          tb = nb;
          tm = nb;
          break;
        }
        default: break;
      }
    }
    All a = Events.readAll(f, ReadOptions.DEFAULT, batch);
    assertEquals(expected.size(), a.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(expected.get(i), a.event(i), "event " + i);
    }
    assertTrue(loops > 0, "the stream should wrap the 24-bit time base at least once");
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
