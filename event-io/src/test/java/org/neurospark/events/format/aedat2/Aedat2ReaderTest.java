package org.neurospark.events.format.aedat2;

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
import org.neurospark.events.ReadOptions.Aedat2Layout;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.Events;
import org.neurospark.events.testing.Events.All;
import org.neurospark.events.testing.SharedData;

class Aedat2ReaderTest {
  static final Path DVS128 = SharedData.data("events/aedat2/jaer_MovingDarkBox_dvs128.aedat");
  static final Path DAVIS240 = SharedData.data("events/aedat2/davis240c_IMU_translBoxes.aedat");

  @ParameterizedTest
  @ValueSource(ints = {7, 1000, EventBatch.DEFAULT_CAPACITY})
  void movingDarkBoxWithJaerConventionMatchesSources(int batch) throws IOException {
    assertEquals(EventFormat.AEDAT2, EventFiles.detect(DVS128));
    All a = Events.readAll(DVS128, ReadOptions.jaer(Aedat2Layout.DVS128), batch);
    assertEquals(489834, a.size());
    assertEquals(246923, a.on());
    assertEquals(128, a.info().width());
    assertEquals(128, a.info().height());
    assertArrayEquals(new long[] {946459683, 115, 19, 1}, a.event(0));
    assertArrayEquals(new long[] {946461064, 65, 52, 1}, a.event(1));
    assertArrayEquals(new long[] {946498741, 118, 27, 1}, a.event(2));
    assertEquals(986269729L, a.events().t()[a.size() - 1]);
    int[] range = ranges(a.events());
    assertArrayEquals(new int[] {0, 127, 0, 127}, range);
    assertTrue(a.skipped().isEmpty());
    assertEquals(3918888, a.bytesRead());
    for (int i = 1; i < a.size(); i++) {
      assertTrue(a.events().t()[i] >= a.events().t()[i - 1], "monotonic at " + i);
    }
  }

  @Test
  void movingDarkBoxDefaultIsRawAddressFieldsWithAutoLayout() throws IOException {
    try (EventReader r = EventFiles.open(DVS128)) {
      Aedat2Reader ar = (Aedat2Reader) r;
      assertEquals(2, ar.version());
      assertEquals(216, ar.dataStart());
      assertEquals(null, ar.chip());
      assertEquals(Aedat2Layout.DVS128, ar.layout()); // no AEChip line: the addresses decide
    }
    All a = Events.readAll(DVS128);
    // addr 0x1318: raw x (0x18 >> 1) = 12, y 0x13 = 19, raw polarity bit 0
    assertArrayEquals(new long[] {946459683, 12, 19, 0}, a.event(0));
    assertEquals(489834 - 246923, a.on()); // raw bit 1 = jAER OFF
  }

  @Test
  void davis240SeparatesImuFromDvsEvents() throws IOException {
    All a = Events.readAll(DAVIS240, ReadOptions.DEFAULT, 4096);
    assertEquals(162771, a.size());
    assertEquals(33837, a.skipped("imu"));
    assertEquals(0, a.skipped("aps"));
    assertEquals(82944, a.on());
    assertEquals(240, a.info().width());
    assertEquals(180, a.info().height());
    assertArrayEquals(new long[] {294976755, 156, 36, 0}, a.event(0));
    assertArrayEquals(new long[] {294976892, 205, 128, 0}, a.event(1));
    assertArrayEquals(new long[] {294976940, 169, 46, 1}, a.event(2));
    assertEquals(297049406L, a.events().t()[a.size() - 1]);
    assertArrayEquals(new int[] {0, 239, 0, 179}, ranges(a.events()));
    try (EventReader r = EventFiles.open(DAVIS240)) {
      assertEquals(175268, ((Aedat2Reader) r).dataStart());
      assertEquals("eu.seebetter.ini.chips.davis.DAVIS240C", ((Aedat2Reader) r).chip());
    }
    All j = Events.readAll(DAVIS240, ReadOptions.jaer(Aedat2Layout.DAVIS));
    assertArrayEquals(new long[] {294976755, 83, 36, 0}, j.event(0));
    assertArrayEquals(new long[] {294976892, 34, 128, 0}, j.event(1));
    assertArrayEquals(new long[] {294976940, 70, 46, 1}, j.event(2));
  }

  @Test
  void conventionsFlipTransposeRebaseOnDavis() throws IOException {
    All raw = Events.readAll(DAVIS240);
    All c = Events.readAll(DAVIS240, ReadOptions.DEFAULT.withFlipX(true).withFlipY(true).withRebaseTime(true));
    All tr = Events.readAll(DAVIS240, ReadOptions.DEFAULT.withTranspose(true).withInvertPolarity(true));
    long t0 = raw.events().t()[0];
    for (int i = 0; i < raw.size(); i += 97) {
      assertEquals(239 - raw.events().x()[i], c.events().x()[i]);
      assertEquals(179 - raw.events().y()[i], c.events().y()[i]);
      assertEquals(raw.events().t()[i] - t0, c.events().t()[i]);
      assertEquals(raw.events().y()[i], tr.events().x()[i]);
      assertEquals(raw.events().x()[i], tr.events().y()[i]);
      assertEquals(1 - raw.events().p()[i], tr.events().p()[i]);
    }
    assertEquals(0, c.events().t()[0]);
  }

  @Test
  void tonicHeaderOnlyFileHasNoEventsAndDavis346Size() throws IOException {
    Path f = SharedData.data("events/aedat2/header_only_davis346red_tonic.aedat");
    All a = Events.readAll(f);
    assertEquals(0, a.size());
    assertEquals(346, a.info().width());
    assertEquals(260, a.info().height());
    assertEquals(599, a.bytesRead());
    try (EventReader r = EventFiles.open(f)) {
      Aedat2Reader ar = (Aedat2Reader) r;
      assertEquals(2, ar.version());
      assertEquals(Aedat2Layout.DAVIS, ar.layout());
      assertTrue(ar.headerLines().contains("# Creation time: System.currentTimeMillis() 1695355587880"));
    }
  }

  /**
   * Mibblez's fixture is a real DVS128 header followed by 38 bytes of '$' filler instead of events. The filler is not
   * a DVS128 address (0x24242424 sets bits 16..30), so reading it is an error at the first data byte, 4241.
   */
  @Test
  void mibblezFillerAfterHeaderIsRejectedAtFirstDataByte() throws IOException {
    Path f = SharedData.data("events/aedat2/header_only_dvs128_mibblez.aedat");
    try (EventReader r = EventFiles.open(f)) {
      assertEquals(Aedat2Layout.DVS128, ((Aedat2Reader) r).layout());
      assertEquals(4241, ((Aedat2Reader) r).dataStart());
      EventFileException e = assertThrows(EventFileException.class, () -> r.read(new EventBatch()));
      assertEquals(4241, e.offset());
      assertTrue(e.getMessage().contains("0x24242424"), e.getMessage());
      assertTrue(e.getMessage().contains("header_only_dvs128_mibblez.aedat @ byte 4241"), e.getMessage());
    }
  }

  @Test
  void trailingPartialRecordRaisedAfterWholeRecordsDelivered(@TempDir Path dir) throws IOException {
    byte[] full = Files.readAllBytes(DVS128);
    Path f = dir.resolve("cut.aedat");
    int end = 216 + 8 * 1000 + 5;
    Files.write(f, java.util.Arrays.copyOf(full, end));
    int delivered = 0;
    try (EventReader r = EventFiles.open(f)) {
      EventBatch b = new EventBatch(300);
      EventFileException e = null;
      try {
        while (r.read(b)) {
          delivered += b.size();
        }
      } catch (EventFileException ex) {
        e = ex;
      }
      assertEquals(1000, delivered);
      assertTrue(e != null, "expected an EventFileException");
      assertEquals(216 + 8000, e.offset());
      assertTrue(e.getMessage().contains("5 trailing bytes"), e.getMessage());
    }
  }

  @Test
  void lfHeaderWrapUnwrappingSpecialEventsAndAedat1(@TempDir Path dir) throws IOException {
    // LF-only header, DVS128 chip, timestamps crossing the 32-bit wrap (and the signed sign change)
    Events.Bytes b = new Events.Bytes().text("#!AER-DAT2.0\n# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\n");
    b.i32be((5 << 8) | (3 << 1) | 1).i32be(0x7FFFFFF0); // x 3, y 5, raw p 1
    b.i32be(0x8000).i32be(0x7FFFFFFF); // sync special (bit 15)
    b.i32be((6 << 8) | (4 << 1)).i32be(0x80000010); // sign change: not a wrap
    b.i32be(0x80000000).i32be(0xFFFFFFF0); // bit-31 special
    b.i32be((7 << 8) | (5 << 1)).i32be(0x00000020); // wrap: + 2^32
    b.i32be((8 << 8) | (6 << 1)).i32be(0xFFFFFFFF); // straggler from before the wrap
    b.i32be((9 << 8) | (7 << 1)).i32be(0x00000030);
    Path f = dir.resolve("wrap.aedat");
    Files.write(f, b.bytes());
    All a = Events.readAll(f);
    assertEquals(5, a.size());
    assertEquals(2, a.skipped("special"));
    assertArrayEquals(new long[] {0x7FFFFFF0L, 3, 5, 1}, a.event(0));
    assertArrayEquals(new long[] {0x80000010L, 4, 6, 0}, a.event(1));
    assertArrayEquals(new long[] {(1L << 32) + 0x20, 5, 7, 0}, a.event(2));
    assertArrayEquals(new long[] {0xFFFFFFFFL, 6, 8, 0}, a.event(3));
    assertArrayEquals(new long[] {(1L << 32) + 0x30, 7, 9, 0}, a.event(4));

    // AEDAT 1.0: no version line, 6-byte records
    Events.Bytes v1 = new Events.Bytes().text("# old jAER file\r\n");
    v1.i16be((10 << 8) | (11 << 1) | 1).i32be(100);
    v1.i16be(0x8000).i32be(150);
    v1.i16be((12 << 8) | (13 << 1)).i32be(200);
    Path f1 = dir.resolve("v1.dat");
    Files.write(f1, v1.bytes());
    assertEquals(EventFormat.AEDAT2, EventFiles.detect(f1));
    All a1 = Events.readAll(f1);
    assertEquals(2, a1.size());
    assertEquals(1, a1.skipped("special"));
    assertArrayEquals(new long[] {100, 11, 10, 1}, a1.event(0));
    assertArrayEquals(new long[] {200, 13, 12, 0}, a1.event(1));
    try (EventReader r = EventFiles.open(f1)) {
      assertEquals(1, ((Aedat2Reader) r).version());
    }
  }

  /**
   * Every event of both real recordings against a record-by-record decode written here (the reader decodes runs of
   * plain DVS records in a loop of their own), for batch sizes that cut runs at many places: any fast path must stay
   * bit-identical.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 37, EventBatch.DEFAULT_CAPACITY})
  void everyEventMatchesARecordByRecordDecode(int batch) throws IOException {
    for (Path f : new Path[] {DVS128, DAVIS240}) {
      boolean davis = f == DAVIS240;
      byte[] d = Files.readAllBytes(f);
      int pos = 0;
      while (d[pos] == '#') {
        while (d[pos++] != '\n') {
          // skip the header line
        }
      }
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(d, pos, d.length - pos); // big-endian
      java.util.List<long[]> expected = new java.util.ArrayList<>();
      long last = Long.MIN_VALUE;
      long ep = 0;
      while (bb.remaining() >= 8) {
        int a = bb.getInt();
        long u = bb.getInt() & 0xFFFFFFFFL;
        long dt = u - last;
        long t;
        if (last != Long.MIN_VALUE && dt >= -(1L << 31) && dt < (1L << 31)) {
          last = u;
          t = ep + u;
        } else if (last == Long.MIN_VALUE || (dt >= (1L << 31) && (ep == 0 || dt == (1L << 31)))) {
          last = u;
          t = ep + u;
        } else if (dt < -(1L << 31)) {
          ep += 1L << 32;
          last = u;
          t = ep + u;
        } else {
          t = ep - (1L << 32) + u;
        }
        if (!davis && (a & 0xFFFF8000) == 0) {
          expected.add(new long[] {t, (a >>> 1) & 0x7F, (a >>> 8) & 0x7F, a & 1});
        } else if (davis && a >= 0 && (a & 0x400) == 0) {
          expected.add(new long[] {t, (a >>> 12) & 0x3FF, (a >>> 22) & 0x1FF, (a >>> 11) & 1});
        }
      }
      All all = Events.readAll(f, ReadOptions.DEFAULT, batch);
      assertEquals(expected.size(), all.size(), f.toString());
      for (int i = 0; i < all.size(); i++) {
        if (!java.util.Arrays.equals(expected.get(i), all.event(i))) {
          assertArrayEquals(expected.get(i), all.event(i), f + " event " + i);
        }
      }
    }
  }

  /**
   * Long runs of DVS records broken by a timestamp wrap, a straggler, a sign change that is no wrap, special, APS
   * and IMU records, then an out-of-sensor event after 40 good ones: events, skip counts and the error offset as
   * record by record.
   */
  @Test
  void runsBrokenByWrapsSpecialsAndABadEvent(@TempDir Path dir) throws IOException {
    String head = "#!AER-DAT2.0\r\n# AEChip: eu.seebetter.ini.chips.davis.Davis346B\r\n";
    Events.Bytes b = new Events.Bytes().text(head);
    java.util.List<long[]> expected = new java.util.ArrayList<>();
    long[] ts = new long[120];
    for (int k = 0; k < ts.length; k++) {
      ts[k] = 0x7FFFFF00L + 40L * k; // crosses the sign bit: not a wrap
    }
    for (int k = 0; k < ts.length; k++) {
      long u = ts[k];
      long t = u;
      if (k >= 60) { // wrap at record 60, a straggler from before it at 75
        u = k == 75 ? 0xFFFFFFF0L : (k - 60) * 7L;
        t = k == 75 ? 0xFFFFFFF0L : (1L << 32) + (k - 60) * 7L;
      }
      int x = k % 346;
      int y = (k * 7) % 260;
      int a = (y << 22) | (x << 12) | ((k & 1) << 11);
      if (k == 20) {
        a |= 1 << 10; // external input special
      } else if (k == 30) {
        a = 0x80000000 | (3 << 22) | (4 << 12) | 77; // APS
      } else if (k == 31) {
        a = 0x80000C00 | (0x1234 << 12); // IMU
      } else {
        expected.add(new long[] {t, x, y, k & 1});
      }
      b.i32be(a).i32be((int) u);
    }
    int good = 40;
    for (int k = 0; k < good; k++) {
      b.i32be((5 << 22) | (6 << 12)).i32be(1000 + k);
      expected.add(new long[] {(1L << 32) + 1000 + k, 6, 5, 0});
    }
    b.i32be((5 << 22) | (346 << 12)).i32be(2000); // x = 346 is outside 346 x 260
    for (int k = 0; k < 10; k++) {
      b.i32be((5 << 22) | (6 << 12)).i32be(3000 + k);
    }
    Path f = dir.resolve("runs.aedat");
    Files.write(f, b.bytes());
    try (EventReader r = EventFiles.open(f)) {
      EventBatch eb = new EventBatch();
      assertTrue(r.read(eb));
      assertEquals(expected.size(), eb.size());
      for (int i = 0; i < eb.size(); i++) {
        assertArrayEquals(expected.get(i), new long[] {eb.t()[i], eb.x()[i], eb.y()[i], eb.p()[i]}, "event " + i);
      }
      assertEquals(1, r.skipped().get("special"));
      assertEquals(1, r.skipped().get("aps"));
      assertEquals(1, r.skipped().get("imu"));
      EventFileException e = assertThrows(EventFileException.class, () -> r.read(eb));
      assertEquals(head.length() + 8L * (ts.length + good), e.offset());
      assertTrue(e.getMessage().contains("x 346"), e.getMessage());
    }
  }

  @Test
  void davisApsImuSpecialAndOutOfRange(@TempDir Path dir) throws IOException {
    String head = "#!AER-DAT2.0\r\n# AEChip: eu.seebetter.ini.chips.davis.Davis346B\r\n";
    Events.Bytes b = new Events.Bytes().text(head);
    b.i32be((259 << 22) | (345 << 12) | (1 << 11)).i32be(10); // corner pixel, ON
    b.i32be(0x80000000 | (3 << 22) | (4 << 12) | 77).i32be(11); // APS
    b.i32be(0x80000C00 | (0x1234 << 12)).i32be(12); // IMU
    b.i32be((1 << 22) | (2 << 12) | (1 << 10)).i32be(13); // external input special
    b.i32be((1 << 22) | (2 << 12)).i32be(14); // OFF
    Path f = dir.resolve("davis.aedat");
    Files.write(f, b.bytes());
    All a = Events.readAll(f);
    assertEquals(346, a.info().width());
    assertEquals(2, a.size());
    assertArrayEquals(new long[] {10, 345, 259, 1}, a.event(0));
    assertArrayEquals(new long[] {14, 2, 1, 0}, a.event(1));
    assertEquals(1, a.skipped("aps"));
    assertEquals(1, a.skipped("imu"));
    assertEquals(1, a.skipped("special"));

    Events.Bytes bad = new Events.Bytes().text(head);
    bad.i32be((5 << 22) | (6 << 12)).i32be(1);
    bad.i32be((5 << 22) | (346 << 12)).i32be(2); // x = 346 is outside 346 x 260
    Path g = dir.resolve("bad.aedat");
    Files.write(g, bad.bytes());
    try (EventReader r = EventFiles.open(g)) {
      EventBatch eb = new EventBatch();
      assertTrue(r.read(eb)); // the good record first
      assertEquals(1, eb.size());
      EventFileException e = assertThrows(EventFileException.class, () -> r.read(eb));
      assertEquals(head.length() + 8, e.offset());
      assertTrue(e.getMessage().contains("x 346"), e.getMessage());
    }
    // AEDAT 1.0 cannot hold DAVIS addresses
    Path v1 = dir.resolve("v1.aedat");
    Files.write(v1, new Events.Bytes().text("# no version\n").i16be(2).i32be(3).bytes());
    assertThrows(EventFileException.class,
        () -> EventFiles.open(v1, ReadOptions.DEFAULT.withAedat2Layout(Aedat2Layout.DAVIS)).close());
    assertEquals(1, Events.readAll(v1).size());
  }

  @Test
  void endOfAsciiHeaderLineEndsTheHeaderEvenIfDataStartsWithHash(@TempDir Path dir) throws IOException {
    String head = "#!AER-DAT2.0\r\n# AEChip: eu.seebetter.ini.chips.davis.DAVIS240C\r\n#End Of ASCII Header\r\n";
    int addr = (140 << 22) | (17 << 12) | (1 << 11); // first byte 0x23 = '#'
    Path f = dir.resolve("hash.aedat");
    Files.write(f, new Events.Bytes().text(head).i32be(addr).i32be(1000).i32be(addr).i32be(1001).bytes());
    try (EventReader r = EventFiles.open(f)) {
      assertEquals(head.length(), ((Aedat2Reader) r).dataStart());
    }
    All a = Events.readAll(f);
    assertEquals(2, a.size());
    assertArrayEquals(new long[] {1000, 17, 140, 1}, a.event(0));
  }

  @Test
  void laterAedatVersionsAreRejected(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("v3.aedat");
    Files.write(f, new Events.Bytes().text("#!AER-DAT3.1\r\n#!END-HEADER\r\n").i32be(1).i32be(2).bytes());
    EventFileException e = assertThrows(EventFileException.class,
        () -> EventFiles.open(f, EventFormat.AEDAT2, ReadOptions.DEFAULT).close());
    assertTrue(e.getMessage().contains("AEDAT 3.x"), e.getMessage());
  }

  @Test
  void jaerPresetNeedsAConcreteLayout() {
    assertThrows(IllegalArgumentException.class, () -> ReadOptions.jaer(Aedat2Layout.AUTO));
    ReadOptions d = ReadOptions.jaer(Aedat2Layout.DAVIS);
    assertTrue(d.flipX() && !d.invertPolarity() && !d.flipY());
  }

  static int[] ranges(EventBatch b) {
    int x0 = Integer.MAX_VALUE;
    int x1 = Integer.MIN_VALUE;
    int y0 = Integer.MAX_VALUE;
    int y1 = Integer.MIN_VALUE;
    for (int i = 0; i < b.size(); i++) {
      x0 = Math.min(x0, b.x()[i]);
      x1 = Math.max(x1, b.x()[i]);
      y0 = Math.min(y0, b.y()[i]);
      y1 = Math.max(y1, b.y()[i]);
    }
    return new int[] {x0, x1, y0, y1};
  }
}
