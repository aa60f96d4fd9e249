package org.neurospark.events.format.mat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.Events;

/**
 * Malformed MAT-files: every problem is an {@link EventFileException} naming the file and a byte offset inside it,
 * never a silent truncation, another exception type or a hang.
 */
class MatBadInputTest {
  @TempDir
  Path dir;

  static final AslDvsMatTest.Ev EV = AslDvsMatTest.Ev.random(20, 11);

  /** Reads {@code bytes} as MAT (forced) to the end and returns the exception it must raise. */
  EventFileException fails(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    EventFileException e = assertThrows(EventFileException.class, () -> drain(f), name);
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertEquals(f.toString(), e.source());
    assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, "offset " + e.offset() + " of " + bytes.length
        + ": " + e.getMessage());
    return e;
  }

  static long drain(Path f) throws IOException {
    long n = 0;
    try (EventReader r = EventFiles.open(f, EventFormat.MAT, ReadOptions.DEFAULT)) {
      EventBatch b = new EventBatch(8);
      while (r.read(b)) {
        n += b.size();
      }
    }
    return n;
  }

  static MatWriter asl(double[] t, double[] x, double[] y, double[] p, int storage) {
    return new MatWriter().column("ts", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, t)
        .column("x", MatWriter.MX_DOUBLE, storage, x).column("y", MatWriter.MX_DOUBLE, storage, y)
        .column("pol", MatWriter.MX_DOUBLE, storage, p);
  }

  static void contains(EventFileException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
    }
  }

  @Test
  void everyTruncationIsReported() throws IOException {
    for (boolean z : new boolean[] {false, true}) {
      byte[] full = AslDvsMatTest.asl(EV, AslDvsMatTest.ENCODINGS[0], false, z);
      assertEquals(20, drainBytes("full" + z + ".mat", full));
      for (int cut = 0; cut < full.length; cut++) {
        fails("cut" + z + ".mat", Arrays.copyOf(full, cut));
      }
    }
  }

  private long drainBytes(String name, byte[] b) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, b);
    return drain(f);
  }

  @Test
  void truncatedElementNamesItsOffset() throws IOException {
    byte[] full = AslDvsMatTest.asl(EV, AslDvsMatTest.ENCODINGS[0], false, false);
    EventFileException e = fails("t.mat", Arrays.copyOf(full, full.length - 3));
    contains(e, "truncated", "miMATRIX element declares");
    byte[] head = Arrays.copyOf(full, 100);
    contains(fails("h.mat", head), "truncated: 100 bytes, a MAT-file header has 128");
  }

  @Test
  void badTagType() throws IOException {
    byte[] b = AslDvsMatTest.asl(EV, AslDvsMatTest.ENCODINGS[0], false, false);
    b[128] = 99;
    EventFileException e = fails("tag.mat", b);
    assertEquals(128, e.offset());
    contains(e, "unknown data type 99");
  }

  @Test
  void badArrayFlagsAndNonNumericData() throws IOException {
    byte[] b = AslDvsMatTest.asl(EV, AslDvsMatTest.ENCODINGS[0], false, false);
    b[136] = 7; // the flags sub-element tag must be miUINT32
    EventFileException e = fails("flags.mat", b);
    assertEquals(136, e.offset());
    contains(e, "bad array flags");
    MatWriter w = new MatWriter();
    byte[] m = w.matrix("ts", MatWriter.MX_DOUBLE, 0, new int[] {1, 1}, 16, "abcdefgh".getBytes(), null);
    contains(fails("utf.mat", new MatWriter().rawElement(m).toBytes()), "stored as miUTF8", "expected a numeric");
  }

  @Test
  void v73HdfFilesAreRefusedClearly() throws IOException {
    byte[] v73 = new byte[1024];
    byte[] text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 ."
        .getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(v73, 0, 116, (byte) ' ');
    System.arraycopy(text, 0, v73, 0, text.length);
    v73[124] = 0;
    v73[125] = 2;
    v73[126] = 'I';
    v73[127] = 'M';
    System.arraycopy(MatFile.HDF5_SIGNATURE, 0, v73, 512, 8);
    Path f = dir.resolve("v73.mat");
    Files.write(f, v73);
    assertEquals(EventFormat.MAT, EventFiles.detect(f)); // detected, so the reader can say why it cannot read it
    EventFileException e = assertThrows(EventFileException.class, () -> EventFiles.open(f));
    contains(e, "v7.3", "HDF5", "-v7", f.toString());
    // only the HDF5 signature at 512 (text rewritten), and a bare HDF5 file forced as MAT
    System.arraycopy("MATLAB 5.0".getBytes(StandardCharsets.US_ASCII), 0, v73, 0, 10);
    contains(fails("v73b.mat", v73), "v7.3");
    byte[] h5 = Arrays.copyOf(MatFile.HDF5_SIGNATURE, 600);
    contains(fails("plain.h5", h5), "v7.3", "HDF5");
  }

  @Test
  void badEndianIndicatorAndVersion() throws IOException {
    byte[] b = AslDvsMatTest.asl(EV, AslDvsMatTest.ENCODINGS[0], false, false);
    byte[] e1 = b.clone();
    e1[126] = 'X';
    EventFileException e = fails("endian.mat", e1);
    assertEquals(126, e.offset());
    contains(e, "endian indicator", "not a MATLAB Level-5");
    byte[] v = b.clone();
    v[125] = 3;
    e = fails("version.mat", v);
    assertEquals(124, e.offset());
    contains(e, "version 0x300");
  }

  @Test
  void missingVariables() throws IOException {
    byte[] b = new MatWriter().column("ts", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, EV.t())
        .column("x", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, EV.x())
        .column("y", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, EV.y()).chars("pol", "not numeric").toBytes();
    contains(fails("missing.mat", b), "missing variable(s) [pol]", "[ts, x, y]", "char=1");
    contains(fails("none.mat", new MatWriter().chars("label", "a").toBytes()), "no event variables");
    contains(fails("empty.mat", Arrays.copyOf(b, 128)), "no event variables");
  }

  @Test
  void invalidValuesNameTheirByteOffset() throws IOException {
    double[] x = EV.x().clone();
    x[7] = Double.NaN;
    byte[] b = asl(EV.t(), x, EV.y(), EV.p(), MatWriter.DOUBLE).toBytes();
    EventFileException e = fails("nan.mat", b);
    contains(e, "coordinate x = NaN", "value 7");
    assertEquals(indexOf(b, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(Double.NaN).array()),
        e.offset());

    double[] y = EV.y().clone();
    y[3] = -1;
    contains(fails("neg.mat", asl(EV.t(), EV.x(), y, EV.p(), MatWriter.INT16).toBytes()), "coordinate y = -1.0");
    x = EV.x().clone();
    x[19] = 240;
    contains(fails("x240.mat", asl(EV.t(), x, EV.y(), EV.p(), MatWriter.UINT16).toBytes()), "coordinate x = 240.0",
        "[0, 239]");
    y = EV.y().clone();
    y[0] = 180;
    contains(fails("y180.mat", asl(EV.t(), EV.x(), y, EV.p(), MatWriter.UINT8).toBytes()), "[0, 179]");
    x = EV.x().clone();
    x[2] = 3.5;
    contains(fails("frac.mat", asl(EV.t(), x, EV.y(), EV.p(), MatWriter.SINGLE).toBytes()), "x = 3.5");
    double[] p = EV.p().clone();
    p[4] = 2;
    contains(fails("pol2.mat", asl(EV.t(), EV.x(), EV.y(), p, MatWriter.UINT8).toBytes()), "pol = 2.0");
    p[4] = -1;
    contains(fails("polneg.mat", asl(EV.t(), EV.x(), EV.y(), p, MatWriter.INT16).toBytes()), "pol = -1.0");
    double[] t = EV.t().clone();
    t[5] = Double.POSITIVE_INFINITY;
    contains(fails("tinf.mat", asl(t, EV.x(), EV.y(), EV.p(), MatWriter.DOUBLE).toBytes()), "ts = Infinity");
    byte[] big = new MatWriter().longs("ts", MatWriter.MX_UINT64, MatWriter.UINT64, new int[] {1, 1},
        new long[] {-1L}).column("x", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, new double[] {1})
        .column("y", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, new double[] {1})
        .column("pol", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, new double[] {1}).toBytes();
    contains(fails("u64.mat", big), "18446744073709551615 exceeds int64");
  }

  @Test
  void invalidValuesInCompressedVariables() throws IOException {
    double[] y = EV.y().clone();
    y[11] = Double.NaN;
    byte[] b = new MatWriter().compress(true).column("ts", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, EV.t())
        .column("x", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, EV.x())
        .column("y", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, y)
        .column("pol", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, EV.p()).toBytes();
    contains(fails("znan.mat", b), "compressed element at byte", "inflated byte", "coordinate y = NaN", "value 11");
  }

  @Test
  void corruptCompressedData() throws IOException {
    byte[] b = AslDvsMatTest.asl(AslDvsMatTest.Ev.random(2000, 12), AslDvsMatTest.ENCODINGS[0], false, true);
    for (int at : new int[] {136, 140, 200, 1000, b.length / 2, b.length - 40}) {
      byte[] c = b.clone();
      Arrays.fill(c, at, at + 24, (byte) 0xFF);
      fails("z" + at + ".mat", c);
    }
  }

  @Test
  void dimsMismatch() throws IOException {
    double[] shortX = Arrays.copyOf(EV.x(), 19);
    contains(fails("len.mat", asl(EV.t(), shortX, EV.y(), EV.p(), MatWriter.DOUBLE).toBytes()),
        "dims mismatch", "'x' has 19 values but 'ts' has 20");
    MatWriter w = new MatWriter();
    byte[] m = w.matrix("x", MatWriter.MX_DOUBLE, 0, new int[] {20, 1}, MatWriter.DOUBLE,
        w.encode(MatWriter.DOUBLE, shortX), null);
    byte[] f = new MatWriter().column("ts", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, EV.t()).rawElement(m).toBytes();
    EventFileException e = fails("bytes.mat", f);
    contains(e, "dims mismatch for 'x'", "[20x1] hold 20 values", "152 bytes of miDOUBLE");
    double[] sq = {1, 2, 3, 4};
    byte[] mat = new MatWriter().numeric("ts", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, new int[] {2, 2}, sq, false)
        .numeric("x", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, new int[] {2, 2}, sq, false)
        .numeric("y", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, new int[] {2, 2}, sq, false)
        .numeric("pol", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, new int[] {2, 2}, new double[4], false).toBytes();
    contains(fails("square.mat", mat), "must be vectors", "[2x2]");
  }

  @Test
  void stMnistProblems() throws IOException {
    double[] v = new double[101 * 3];
    v[5] = 1;
    v[100] = 0.5;
    v[101 + 7] = -1;
    v[101 + 8] = 1; // two taxels in one column: two events, as tonic's nonzero() gives
    v[201] = 0.75;
    Path ok = dir.resolve("ok.mat");
    Files.write(ok, new MatWriter().numeric("spiketrain", MatWriter.MX_DOUBLE, MatWriter.DOUBLE,
        new int[] {101, 3}, v, false).toBytes());
    Events.All all = Events.readAll(ok);
    assertEquals(3, all.size()); // the third column (all zero) gives no event
    assertEquals(java.util.List.of(500000L, 5L, 0L, 1L), java.util.List.of(all.event(0)[0], all.event(0)[1],
        all.event(0)[2], all.event(0)[3]));
    assertEquals(0, all.event(1)[3]);
    assertEquals(7, all.event(1)[1]);
    assertEquals(8, all.event(2)[1]);

    double[] bad = v.clone();
    bad[101 + 50] = 0.5;
    contains(fails("half.mat", new MatWriter().numeric("spiketrain", MatWriter.MX_DOUBLE, MatWriter.DOUBLE,
        new int[] {101, 3}, bad, false).toBytes()), "taxel value 0.5 at address 50 of column 1", "value 151");
    bad = v.clone();
    bad[201] = Double.NaN;
    contains(fails("tnan.mat", new MatWriter().numeric("spiketrain", MatWriter.MX_DOUBLE, MatWriter.DOUBLE,
        new int[] {101, 3}, bad, false).toBytes()), "time NaN s of column 1");
    contains(fails("rows.mat", new MatWriter().numeric("spiketrain", MatWriter.MX_DOUBLE, MatWriter.DOUBLE,
        new int[] {100, 3}, new double[300], false).toBytes()), "dims mismatch", "101 x N", "[100x3]");
  }

  /**
   * Seeded mutations (bit flips, byte overwrites, cuts, insertions) of generated files in both byte orders, plain
   * and compressed, with extra skipped variables: each read either yields valid events or raises
   * EventFileException (the shared FuzzTest covers the real ST-MNIST fixture the same way).
   */
  @Test
  void mutatedGeneratedFilesDecodeOrFailCleanly() throws IOException {
    java.util.Random rnd = new java.util.Random(0x3A7L);
    int ok = 0;
    int rejected = 0;
    for (boolean big : new boolean[] {false, true}) {
      for (boolean z : new boolean[] {false, true}) {
        AslDvsMatTest.Ev e = AslDvsMatTest.Ev.random(300, 13);
        byte[] base = new MatWriter(big).compress(z).chars("c", "abc").struct("s", "f", 1)
            .column("ts", MatWriter.MX_DOUBLE, MatWriter.UINT32, e.t())
            .column("x", MatWriter.MX_DOUBLE, MatWriter.UINT8, e.x())
            .column("y", MatWriter.MX_UINT8, MatWriter.UINT8, e.y())
            .column("pol", MatWriter.MX_DOUBLE, MatWriter.DOUBLE, e.p()).toBytes();
        Path f = dir.resolve("m.mat");
        for (int m = 0; m < 150; m++) {
          byte[] b = base.clone();
          switch (m % 4) {
            case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> {
              for (int i = 0; i < 4; i++) {
                b[128 + rnd.nextInt(Math.min(400, b.length - 128))] = (byte) rnd.nextInt(256);
              }
            }
            case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            default -> {
              int at = rnd.nextInt(b.length);
              byte[] c = new byte[b.length + 3];
              System.arraycopy(b, 0, c, 0, at);
              System.arraycopy(b, at, c, at + 3, b.length - at);
              b = c;
            }
          }
          Files.write(f, b);
          try (EventReader r = EventFiles.open(f, EventFormat.MAT, ReadOptions.DEFAULT)) {
            EventBatch batch = new EventBatch(64);
            while (r.read(batch)) {
              for (int i = 0; i < batch.size(); i++) {
                assertTrue(batch.x()[i] >= 0 && batch.x()[i] < 240 && batch.y()[i] >= 0 && batch.y()[i] < 180
                    && (batch.p()[i] == 0 || batch.p()[i] == 1), "mutation " + m);
              }
            }
            ok++;
          } catch (EventFileException ex) {
            assertTrue(ex.getMessage().contains(f.toString()), ex.getMessage());
            rejected++;
          }
        }
      }
    }
    assertTrue(ok > 20 && rejected > 100, "decoded " + ok + ", rejected " + rejected);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
