package org.neurospark.events.format.dat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

class DatReaderTest {
  static final Path SAMPLE = SharedData.data("events/dat/ncars_obj_004397_td.dat");

  @Test
  void ncarsSampleEqualsReferenceNpyInAllFields() throws IOException {
    assertEquals(EventFormat.DAT, EventFiles.detect(SAMPLE));
    All a = Events.readAll(SAMPLE, ReadOptions.DEFAULT, 1000);
    NpyEvents ref = NpyEvents.read(SharedData.data("events/dat/ncars_obj_004397_td.reference.npy"));
    assertEquals(13, ref.itemSize);
    assertEquals(4407, ref.size());
    assertEquals(4407, a.size());
    for (int i = 0; i < ref.size(); i++) {
      assertArrayEquals(new long[] {ref.t[i], ref.x[i], ref.y[i], ref.p[i]}, a.event(i), "event " + i);
    }
    assertArrayEquals(new long[] {0, 6, 18, 1}, a.event(0));
    assertArrayEquals(new long[] {99937, 48, 47, 1}, a.event(4406));
    assertEquals(0, a.info().width()); // N-CARS crops declare no size
    assertTrue(a.skipped().isEmpty());
  }

  static long rec(Events.Bytes b, int ts, int x, int y, int p) {
    b.i32le(ts).i32le((p << 28) | (y << 14) | x);
    return 0;
  }

  @Test
  void wrapSizeFromHeaderAndErrors(@TempDir Path dir) throws IOException {
    String head = "% Data file containing Event2D events.\n% Version 2\n% Width 304\n% Height 240\n";
    Events.Bytes b = new Events.Bytes().text(head).u8(0).u8(8);
    rec(b, 0x7FFFFF00, 1, 1, 0);
    rec(b, 0xFFFFFF00, 303, 239, 1); // forward step of exactly 2^31: not a wrap
    rec(b, 0x00000010, 0, 0, 0); // 32-bit wrap
    Path f = dir.resolve("w.dat");
    Files.write(f, b.bytes());
    All a = Events.readAll(f);
    assertEquals(304, a.info().width());
    assertEquals(240, a.info().height());
    assertArrayEquals(new long[] {0x7FFFFF00L, 1, 1, 0}, a.event(0));
    assertArrayEquals(new long[] {0xFFFFFF00L, 303, 239, 1}, a.event(1));
    assertArrayEquals(new long[] {(1L << 32) + 0x10, 0, 0, 0}, a.event(2));

    long data = head.length() + 2;
    Events.Bytes p2 = new Events.Bytes().text(head).u8(0).u8(8);
    rec(p2, 1, 1, 1, 1);
    rec(p2, 2, 1, 1, 2);
    assertError(dir, p2.bytes(), data + 8, "p 2");
    Events.Bytes xr = new Events.Bytes().text(head).u8(0).u8(8);
    rec(xr, 1, 1, 1, 1);
    rec(xr, 2, 304, 1, 0);
    assertError(dir, xr.bytes(), data + 8, "x 304");
    Events.Bytes tr = new Events.Bytes().text(head).u8(0).u8(8);
    rec(tr, 1, 1, 1, 1);
    tr.u8(1).u8(2).u8(3);
    assertError(dir, tr.bytes(), data + 8, "3 trailing bytes");

    Path type = dir.resolve("type.dat");
    Files.write(type, new Events.Bytes().text(head).u8(12).u8(8).bytes());
    EventFileException e = assertThrows(EventFileException.class, () -> EventFiles.open(type).close());
    assertEquals(head.length(), e.offset());
    Path size = dir.resolve("size.dat");
    Files.write(size, new Events.Bytes().text(head).u8(0).u8(16).bytes());
    e = assertThrows(EventFileException.class, () -> EventFiles.open(size).close());
    assertEquals(head.length() + 1, e.offset());
    Path none = dir.resolve("none.dat");
    Files.write(none, new Events.Bytes().text(head).bytes());
    e = assertThrows(EventFileException.class, () -> EventFiles.open(none).close());
    assertEquals(head.length(), e.offset());
  }

  static void assertError(Path dir, byte[] bytes, long offset, String text) throws IOException {
    Events.assertFailsAfterFirstBatch(dir.resolve("bad" + Math.abs(text.hashCode()) + ".dat"), bytes, 1, offset, text);
  }

}
