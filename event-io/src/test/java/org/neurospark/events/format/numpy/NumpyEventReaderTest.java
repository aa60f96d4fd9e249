package org.neurospark.events.format.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.npy.NpyDtype;
import org.neurospark.events.npy.NpyField;
import org.neurospark.events.npy.NpyHeader;
import org.neurospark.events.npy.NpyWriter;
import org.neurospark.events.npy.NpzWriter;
import org.neurospark.events.testing.SharedData;

/** Events from .npz / structured .npy: the real reference arrays, Java-written fixtures and bad input. */
class NumpyEventReaderTest {
  @TempDir
  Path dir;

  @Test
  void datReferenceNpyAsSourcesSays() throws IOException {
    Path f = SharedData.data("events/dat/ncars_obj_004397_td.reference.npy");
    assertEquals(EventFormat.NPY, EventFiles.detect(f));
    EventBatch all = readAll(f, 100);
    assertEquals(4407, all.size());
    assertArrayEquals(new long[] {0, 6, 18, 1}, event(all, 0));
    assertArrayEquals(new long[] {66, 42, 35, 0}, event(all, 1));
    assertArrayEquals(new long[] {89, 38, 19, 0}, event(all, 2));
    assertArrayEquals(new long[] {99937, 48, 47, 1}, event(all, all.size() - 1));
    int[] r = ranges(all);
    assertArrayEquals(new int[] {0, 53, 1, 60}, r);
  }

  @Test
  void evt3ReferenceNpyAsSourcesSays() throws IOException {
    Path f = SharedData.data("events/evt3/expelliarmus_evt3_sample_gen4_1280x720.reference.npy");
    EventBatch all;
    try (EventReader r = EventFiles.open(f)) {
      assertEquals(EventFormat.NPY, r.info().format());
      assertEquals(0, r.info().width());
      all = new EventBatch(1 << 18);
      EventBatch b = new EventBatch(50_000);
      while (r.read(b)) {
        all.addAll(b);
      }
      assertEquals(Files.size(f), r.bytesRead());
    }
    assertEquals(219596, all.size());
    assertArrayEquals(new long[] {11718656, 874, 200, 0}, event(all, 0));
    assertArrayEquals(new long[] {11718656, 806, 200, 1}, event(all, 1));
    assertArrayEquals(new long[] {11718656, 882, 201, 0}, event(all, 2));
    // SOURCES.md: expelliarmus' t column ends at 11772513 (its own TIME_LOW handling); x/y/p match Prophesee
    assertEquals(11772513L, all.t()[all.size() - 1]);
    assertArrayEquals(new long[] {1218, 572, 1}, Arrays.copyOfRange(event(all, all.size() - 1), 1, 4));
    long on = 0;
    for (int i = 0; i < all.size(); i++) {
      on += all.p()[i];
    }
    assertEquals(115532, on);
    assertArrayEquals(new int[] {0, 1279, 0, 719}, ranges(all));
  }

  @Test
  void npzOfEveryIntegerWidthFloatAndBoolStoredOrDeflated() throws IOException {
    int n = 70_000; // more than one default batch
    long[] t = new long[n];
    int[] x = new int[n];
    int[] y = new int[n];
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      t[i] = 5_000_000_000L + 13L * i;
      x[i] = (7 * i) % 127;
      y[i] = (11 * i) % 100;
      p[i] = (byte) ((i / 3) % 2);
    }
    NpyDtype[][] combos = {
        {NpyDtype.INT64, NpyDtype.INT16, NpyDtype.UINT16, NpyDtype.BOOL},
        {NpyDtype.UINT64, NpyDtype.UINT8, NpyDtype.INT8, NpyDtype.INT8},
        {NpyDtype.FLOAT64, NpyDtype.FLOAT32, NpyDtype.FLOAT64, NpyDtype.FLOAT32},
        {NpyDtype.parse(">i8"), NpyDtype.parse(">u4"), NpyDtype.parse(">i4"), NpyDtype.parse(">u2")},
        {NpyDtype.parse(">f8"), NpyDtype.parse(">f4"), NpyDtype.INT32, NpyDtype.UINT32}};
    for (NpyDtype[] dts : combos) {
      for (boolean compressed : new boolean[] {false, true}) {
        Path f = dir.resolve("ev_" + dts[0].descr().replace('<', 'l').replace('>', 'b') + compressed + ".npz");
        NumpyEventFixtures.writeNpz(f, compressed, dts, t, x, y, p, n);
        assertEquals(EventFormat.NPZ, EventFiles.detect(f));
        EventBatch all = readAll(f, 4096);
        assertEquals(n, all.size(), f.toString());
        for (int i = 0; i < n; i++) {
          if (all.t()[i] != t[i] || all.x()[i] != x[i] || all.y()[i] != y[i] || all.p()[i] != p[i]) {
            throw new AssertionError(f + " event " + i + ": " + Arrays.toString(event(all, i)));
          }
        }
      }
    }
  }

  @Test
  void structuredNpyWithOffsetsBigEndianAndPadding() throws IOException {
    List<NpyField> fields = List.of(new NpyField("p", NpyDtype.BOOL, 0), new NpyField("t", NpyDtype.parse(">i8"), 4),
        new NpyField("x", NpyDtype.parse("<f4"), 16), new NpyField("y", NpyDtype.parse(">u2"), 24),
        new NpyField("extra", NpyDtype.FLOAT64, 8));
    int n = 5000;
    byte[] rec = new byte[32 * n];
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(rec);
    for (int i = 0; i < n; i++) {
      int o = 32 * i;
      rec[o] = (byte) (i % 2);
      b.order(java.nio.ByteOrder.BIG_ENDIAN).putLong(o + 4, 100L * i);
      b.order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(o + 16, i % 50);
      b.order(java.nio.ByteOrder.BIG_ENDIAN).putShort(o + 24, (short) (i % 40));
    }
    Path f = dir.resolve("rec.npy");
    try (NpyWriter w = NpyWriter.open(f, NpyHeader.structured(fields, 32, n))) {
      w.writeBytes(rec, 0, rec.length);
      w.finish(n);
    }
    EventBatch all = readAll(f, 999);
    assertEquals(n, all.size());
    for (int i = 0; i < n; i += 7) {
      assertArrayEquals(new long[] {100L * i, i % 50, i % 40, i % 2}, event(all, i));
    }
    // ReadOptions conventions apply (rebase, transpose) like for every reader
    EventBatch rebased = new EventBatch(n);
    try (EventReader r = EventFiles.open(f, ReadOptions.DEFAULT.withRebaseTime(true).withTranspose(true))) {
      EventBatch bb = new EventBatch();
      while (r.read(bb)) {
        rebased.addAll(bb);
      }
    }
    assertArrayEquals(new long[] {100L * 9, 9 % 40, 9 % 50, 1}, event(rebased, 9));
  }

  @Test
  void badValuesNameFileRowAndOffset() throws IOException {
    int n = 100;
    long[] t = new long[n];
    int[] x = new int[n];
    int[] y = new int[n];
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      t[i] = i;
      x[i] = i % 10;
      y[i] = i % 5;
      p[i] = (byte) (i % 2);
    }
    NpyDtype f8 = NpyDtype.FLOAT64;
    // NaN x at row 42
    Path nan = dir.resolve("nan.npz");
    NumpyEventFixtures.writeNpzWithX(nan, f8, t, x, y, p, n, 42, Double.NaN);
    EventFileException e = assertThrows(EventFileException.class, () -> readAll(nan, 1000));
    assertTrue(e.getMessage().contains("nan.npz") && e.getMessage().contains("row 42")
        && e.getMessage().contains("NaN"), e.getMessage());
    assertTrue(e.offset() > 0);
    // negative float x at row 7, fractional at row 8
    Path neg = dir.resolve("neg.npz");
    NumpyEventFixtures.writeNpzWithX(neg, f8, t, x, y, p, n, 7, -1.0);
    assertTrue(assertThrows(EventFileException.class, () -> readAll(neg, 1000)).getMessage().contains("row 7"));
    Path frac = dir.resolve("frac.npz");
    NumpyEventFixtures.writeNpzWithX(frac, f8, t, x, y, p, n, 8, 2.5);
    assertTrue(assertThrows(EventFileException.class, () -> readAll(frac, 1000)).getMessage().contains("row 8"));
    // negative integer x
    Path negi = dir.resolve("negi.npz");
    NumpyEventFixtures.writeNpzWithX(negi, NpyDtype.INT32, t, x, y, p, n, 99, -3);
    e = assertThrows(EventFileException.class, () -> readAll(negi, 1000));
    assertTrue(e.getMessage().contains("row 99") && e.getMessage().contains("-3"), e.getMessage());
    // polarity 2
    byte[] p2 = p.clone();
    p2[3] = 2;
    Path pol = dir.resolve("pol.npz");
    NumpyEventFixtures.writeNpz(pol, false, new NpyDtype[] {NpyDtype.INT64, NpyDtype.INT16, NpyDtype.INT16,
        NpyDtype.INT8}, t, x, y, p2, n);
    assertTrue(assertThrows(EventFileException.class, () -> readAll(pol, 1000)).getMessage().contains("row 3"));
  }

  @Test
  void badStructureIsRejectedOnOpen() throws IOException {
    // missing key
    Path missing = dir.resolve("missing.npz");
    try (NpzWriter z = new NpzWriter(missing, false)) {
      z.addFloat32("t", new float[] {1});
      z.addFloat32("x", new float[] {1});
      z.addFloat32("y", new float[] {1});
    }
    EventFileException e = assertThrows(EventFileException.class, () -> EventFiles.open(missing));
    assertTrue(e.getMessage().contains("missing array 'p'") && e.getMessage().contains("[t, x, y]"), e.getMessage());
    // wrong dtype: x as bool, and a void column
    Path boolX = dir.resolve("boolx.npz");
    try (NpzWriter z = new NpzWriter(boolX, false)) {
      z.addFloat32("t", new float[] {1});
      z.add("x", NpyHeader.of(NpyDtype.BOOL, 1), new byte[] {1});
      z.addFloat32("y", new float[] {1});
      z.addFloat32("p", new float[] {1});
    }
    e = assertThrows(EventFileException.class, () -> EventFiles.open(boolX));
    assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("bool") && e.offset() > 0, e.getMessage());
    // unequal lengths
    Path lengths = dir.resolve("len.npz");
    try (NpzWriter z = new NpzWriter(lengths, true)) {
      z.addFloat32("t", new float[] {1, 2});
      z.addFloat32("x", new float[] {1, 2});
      z.addFloat32("y", new float[] {1});
      z.addFloat32("p", new float[] {1, 0});
    }
    assertTrue(assertThrows(EventFileException.class, () -> EventFiles.open(lengths)).getMessage()
        .contains("equal length"));
    // plain (non-structured) .npy
    Path plain = dir.resolve("plain.npy");
    NpyWriter.writeFloat32(plain, new float[8], 2, 4);
    assertTrue(assertThrows(EventFileException.class, () -> EventFiles.open(plain)).getMessage()
        .contains("structured"));
    // structured without p
    Path noP = dir.resolve("nop.npy");
    try (NpyWriter w = NpyWriter.open(noP, NpyHeader.structured(List.of(new NpyField("t", NpyDtype.INT64, 0),
        new NpyField("x", NpyDtype.INT16, 8), new NpyField("y", NpyDtype.INT16, 10)), 12, 0))) {
      w.finish(0);
    }
    assertTrue(assertThrows(EventFileException.class, () -> EventFiles.open(noP)).getMessage()
        .contains("missing field 'p'"));
  }

  @Test
  void truncatedFilesAreRejectedWithOffsets() throws IOException {
    byte[] ref = Files.readAllBytes(SharedData.data("events/dat/ncars_obj_004397_td.reference.npy"));
    Path cut = dir.resolve("cut.npy");
    Files.write(cut, Arrays.copyOf(ref, ref.length - 5));
    EventFileException e = assertThrows(EventFileException.class, () -> readAll(cut, 100));
    assertEquals(ref.length - 5, e.offset());
    assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("truncated"), e.getMessage());
    Path headerOnly = dir.resolve("h.npy");
    Files.write(headerOnly, Arrays.copyOf(ref, 40));
    assertThrows(EventFileException.class, () -> readAll(headerOnly, 100));

    long[] t = {1, 2, 3};
    Path z = dir.resolve("z.npz");
    NumpyEventFixtures.writeNpz(z, true, new NpyDtype[] {NpyDtype.INT64, NpyDtype.INT64, NpyDtype.INT64,
        NpyDtype.INT64}, t, new int[] {1, 2, 3}, new int[] {1, 2, 3}, new byte[] {0, 1, 0}, 3);
    byte[] zb = Files.readAllBytes(z);
    Path zcut = dir.resolve("zcut.npz");
    Files.write(zcut, Arrays.copyOf(zb, zb.length - 30));
    e = assertThrows(EventFileException.class, () -> readAll(zcut, 100));
    assertTrue(e.getMessage().contains("zcut.npz"), e.getMessage());
  }

  static EventBatch readAll(Path f, int batch) throws IOException {
    EventBatch all = new EventBatch(1024);
    try (EventReader r = EventFiles.open(f)) {
      EventBatch b = new EventBatch(batch);
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }

  static long[] event(EventBatch b, int i) {
    return new long[] {b.t()[i], b.x()[i], b.y()[i], b.p()[i]};
  }

  static int[] ranges(EventBatch b) {
    int[] r = {Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE};
    for (int i = 0; i < b.size(); i++) {
      r[0] = Math.min(r[0], b.x()[i]);
      r[1] = Math.max(r[1], b.x()[i]);
      r[2] = Math.min(r[2], b.y()[i]);
      r[3] = Math.max(r[3], b.y()[i]);
    }
    return r;
  }
}
