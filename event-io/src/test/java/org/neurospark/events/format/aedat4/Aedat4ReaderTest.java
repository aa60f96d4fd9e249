package org.neurospark.events.format.aedat4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

class Aedat4ReaderTest {
  static final Path REAL = SharedData.data("events/aedat4/tonic_sample_dvxplorer_lz4.aedat4");
  static final int FIRST_PACKET = 2334;

  @Test
  void decodesTonicDvxplorerSampleAsSourcesSays() throws IOException {
    assertEquals(EventFormat.AEDAT4, EventFiles.detect(REAL));
    EventBatch all = new EventBatch(1 << 17);
    try (EventReader r = EventFiles.open(REAL)) {
      assertEquals(320, r.info().width());
      assertEquals(240, r.info().height());
      assertEquals(EventFormat.AEDAT4, r.info().format());
      Aedat4Reader a = (Aedat4Reader) r;
      assertEquals(Compression.LZ4, a.header().compression());
      assertEquals(945243, a.header().dataTablePosition());
      assertEquals(List.of("EVTS", "IMUS", "TRIG"), a.streams().stream().map(StreamInfo::typeIdentifier).toList());
      assertEquals("DVXplorer_DXB00010", a.streams().get(0).source());
      assertEquals(1605507430438338L, a.streams().get(0).tsOffset());
      EventBatch b = new EventBatch(1000); // smaller than a packet: exercises packet/batch boundaries
      while (r.read(b)) {
        all.addAll(b);
      }
      assertEquals(Map.of("imu_packets", 59L), r.skipped());
      assertEquals(59, a.eventPackets());
      assertEquals(945243, r.bytesRead());
    }
    assertEquals(111954, all.size());
    assertArrayEquals(new long[] {1605537493718345L, 154, 204, 0}, event(all, 0));
    assertArrayEquals(new long[] {1605537493718348L, 149, 206, 0}, event(all, 1));
    assertArrayEquals(new long[] {1605537493718349L, 148, 199, 1}, event(all, 2));
    assertArrayEquals(new long[] {1605537494308262L, 88, 237, 1}, event(all, all.size() - 1));
    long on = 0;
    int x0 = Integer.MAX_VALUE;
    int x1 = 0;
    int y0 = Integer.MAX_VALUE;
    int y1 = 0;
    for (int i = 0; i < all.size(); i++) {
      on += all.p()[i];
      x0 = Math.min(x0, all.x()[i]);
      x1 = Math.max(x1, all.x()[i]);
      y0 = Math.min(y0, all.y()[i]);
      y1 = Math.max(y1, all.y()[i]);
      if (i > 0) {
        assertTrue(all.t()[i] >= all.t()[i - 1], "monotonic at " + i);
      }
    }
    assertEquals(55023, on);
    assertArrayEquals(new int[] {0, 319, 0, 239}, new int[] {x0, x1, y0, y1});
  }

  @Test
  void rebaseAndFlipConventionsApply() throws IOException {
    EventBatch all = readAll(REAL, ReadOptions.DEFAULT.withRebaseTime(true).withFlipY(true));
    assertArrayEquals(new long[] {0, 154, 239 - 204, 0}, event(all, 0));
    assertArrayEquals(new long[] {1605537494308262L - 1605537493718345L, 88, 239 - 237, 1},
        event(all, all.size() - 1));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void reencodedRealPacketsDecodeIdentically(Compression c, @TempDir Path dir) throws Exception {
    List<Aedat4Files.Packet> packets = Aedat4Files.packetsOf(REAL);
    assertEquals(118, packets.size());
    Path f = Aedat4Files.write(dir.resolve("re_" + c + ".aedat4"), c, Aedat4Files.xml(320, 240), packets);
    EventBatch expected = readAll(REAL, ReadOptions.DEFAULT);
    try (EventReader r = EventFiles.open(f)) {
      assertEquals(c, ((Aedat4Reader) r).header().compression());
      EventBatch got = new EventBatch(1 << 17);
      EventBatch b = new EventBatch(4096);
      while (r.read(b)) {
        got.addAll(b);
      }
      assertEquals(Map.of("imu_packets", 59L), r.skipped());
      assertEquals(expected.size(), got.size());
      int n = expected.size();
      assertArrayEquals(Arrays.copyOf(expected.t(), n), Arrays.copyOf(got.t(), n));
      assertArrayEquals(Arrays.copyOf(expected.x(), n), Arrays.copyOf(got.x(), n));
      assertArrayEquals(Arrays.copyOf(expected.y(), n), Arrays.copyOf(got.y(), n));
      assertArrayEquals(Arrays.copyOf(expected.p(), n), Arrays.copyOf(got.p(), n));
    }
  }

  @Test
  void bigMultiBlockPacketsAndEmptyPacketsAndSecondEventStream(@TempDir Path dir) throws Exception {
    // 10000 events = 160 kB body: several 64 KB LZ4 blocks / a multi-block zstd frame
    int n = 10000;
    long[] t = new long[n];
    int[] x = new int[n];
    int[] y = new int[n];
    int[] on = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_000_000L + 3L * i;
      x[i] = (i * 7) % 346;
      y[i] = (i * 13) % 260;
      on[i] = (i % 3) & 1;
    }
    String xml = Aedat4Files.xml(346, 260).replace("<node name=\"3\" path=\"/outInfo/3/\">\n"
        + "      <attr key=\"typeIdentifier\" type=\"string\">TRIG</attr>",
        "<node name=\"3\" path=\"/outInfo/3/\">\n      <attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>");
    byte[] big = Aedat4Files.eventPacket(t, x, y, on);
    byte[] empty = Aedat4Files.eventPacket(new long[0], new int[0], new int[0], new int[0]);
    for (Compression c : Compression.values()) {
      Path f = Aedat4Files.write(dir.resolve("big" + c + ".aedat4"), c, xml, List.of(
          new Aedat4Files.Packet(0, empty), new Aedat4Files.Packet(3, big), new Aedat4Files.Packet(0, big),
          new Aedat4Files.Packet(0, empty)));
      EventBatch all = readAll(f, ReadOptions.DEFAULT);
      assertEquals(n, all.size(), c.toString());
      for (int i = 0; i < n; i += 997) {
        assertArrayEquals(new long[] {t[i], x[i], y[i], on[i]}, event(all, i));
      }
      try (EventReader r = EventFiles.open(f)) {
        while (r.read(new EventBatch())) {
          // drain
        }
        assertEquals(Map.of("events_stream_3_packets", 1L), r.skipped());
        assertEquals(346, r.info().width());
      }
    }
  }

  // ---- bad input ----

  @Test
  void truncatedPacketNamesFileAndPacketOffset(@TempDir Path dir) throws IOException {
    byte[] d = Files.readAllBytes(REAL);
    Path f = dir.resolve("cut.aedat4");
    Files.write(f, Arrays.copyOf(d, FIRST_PACKET + 8 + 7949 + 8 + 100));
    EventFileException e = drainExpectingError(f);
    assertEquals(FIRST_PACKET + 8 + 7949, e.offset());
    assertTrue(e.getMessage().contains("cut.aedat4") && e.getMessage().contains("truncated packet"), e.getMessage());
    Files.write(f, Arrays.copyOf(d, FIRST_PACKET + 5));
    e = drainExpectingError(f);
    assertEquals(FIRST_PACKET, e.offset());
    assertTrue(e.getMessage().contains("truncated packet header"), e.getMessage());
    Files.write(f, Arrays.copyOf(d, 100));
    e = assertThrows(EventFileException.class, () -> EventFiles.open(f).close());
    assertEquals(14, e.offset());
  }

  @Test
  void wrongCompressionIsReportedAtTheFirstPacket(@TempDir Path dir) throws IOException {
    byte[] d = Files.readAllBytes(REAL);
    // IOHeader compression field: root table at 18+24, field 0 at +4 (see the fixture's vtable) -> set ZSTD (3)
    Path f = dir.resolve("wrongcomp.aedat4");
    byte[] m = d.clone();
    int compressionAt = indexOfInt(m, 18, 1, 18 + 40);
    m[compressionAt] = 3;
    Files.write(f, m);
    try (EventReader r = EventFiles.open(f)) {
      assertEquals(Compression.ZSTD, ((Aedat4Reader) r).header().compression());
    }
    EventFileException e = drainExpectingError(f);
    assertEquals(FIRST_PACKET, e.offset());
    assertTrue(e.getMessage().contains("zstd frame magic"), e.getMessage());
    // unknown compression code
    m[compressionAt] = 9;
    Files.write(f, m);
    e = assertThrows(EventFileException.class, () -> EventFiles.open(f).close());
    assertTrue(e.getMessage().contains("unknown compression 9"), e.getMessage());
    // header says none, bodies are LZ4: the flatbuffer identifier check catches it
    m[compressionAt] = 0;
    Files.write(f, m);
    e = drainExpectingError(f);
    assertEquals(FIRST_PACKET, e.offset());
    assertTrue(e.getMessage().contains("EVTS flatbuffer size prefix"), e.getMessage());
  }

  @Test
  void corruptLz4DataIsReported(@TempDir Path dir) throws IOException {
    byte[] m = Files.readAllBytes(REAL);
    m[FIRST_PACKET + 8 + 11] ^= 0x5A; // inside the first block: garbage LZ4 sequences
    m[FIRST_PACKET + 8 + 12] ^= 0x7F;
    m[FIRST_PACKET + 8 + 20] = (byte) 0xFF;
    Path f = dir.resolve("badlz4.aedat4");
    Files.write(f, m);
    EventFileException e = drainExpectingError(f);
    assertEquals(FIRST_PACKET, e.offset());
    assertTrue(e.getMessage().contains("LZ4") || e.getMessage().contains("EVTS"), e.getMessage());
    // header checksum
    m = Files.readAllBytes(REAL);
    m[FIRST_PACKET + 8 + 6] ^= 1;
    Files.write(f, m);
    e = drainExpectingError(f);
    assertTrue(e.getMessage().contains("header checksum"), e.getMessage());
  }

  @Test
  void corruptFlatbufferOffsetsAreReported(@TempDir Path dir) throws Exception {
    byte[] body = Aedat4Files.eventPacket(new long[] {1, 2}, new int[] {1, 2}, new int[] {3, 4}, new int[] {0, 1});
    String xml = Aedat4Files.xml(10, 10);
    int[][] corruptions = {
        {4, 1000}, // root offset outside the buffer
        {4 + 16, -500}, // table's vtable soffset points outside
        {4 + 20, 4000}, // elements vector offset outside
        {4 + 24, 1 << 20}, // vector length runs past the end
        {0, 1 << 30}, // size prefix larger than the body
    };
    for (int[] c : corruptions) {
      byte[] bad = body.clone();
      ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(c[0], c[1]);
      for (Compression comp : new Compression[] {Compression.NONE, Compression.ZSTD}) {
        Path f = Aedat4Files.write(dir.resolve("fb.aedat4"), comp, xml, List.of(new Aedat4Files.Packet(0, body),
            new Aedat4Files.Packet(0, bad)));
        long second = 18 + Aedat4Files.ioHeader(0, -1, xml).length + 8 + Aedat4Files.compress(comp, body).length;
        EventFileException e = drainExpectingError(f);
        assertEquals(second, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains("fb.aedat4"), e.getMessage());
      }
    }
  }

  @Test
  void outOfRangeCoordinatesAreReported(@TempDir Path dir) throws Exception {
    byte[] body = Aedat4Files.eventPacket(new long[] {1, 2, 3}, new int[] {0, 9, 10}, new int[] {0, 9, 9},
        new int[] {0, 1, 1});
    Path f = Aedat4Files.write(dir.resolve("range.aedat4"), Compression.LZ4, Aedat4Files.xml(10, 10),
        List.of(new Aedat4Files.Packet(0, body)));
    EventFileException e = drainExpectingError(f);
    assertEquals(18 + Aedat4Files.ioHeader(0, -1, Aedat4Files.xml(10, 10)).length, e.offset());
    assertTrue(e.getMessage().contains("(10, 9)") && e.getMessage().contains("10 x 10"), e.getMessage());
    byte[] neg = Aedat4Files.eventPacket(new long[] {1}, new int[] {-1}, new int[] {0}, new int[] {0});
    Files.delete(f);
    Aedat4Files.write(f, Compression.NONE, Aedat4Files.xml(10, 10), List.of(new Aedat4Files.Packet(0, neg)));
    e = drainExpectingError(f);
    assertTrue(e.getMessage().contains("(-1, 0)"), e.getMessage());
  }

  @Test
  void badMagicUndeclaredStreamAndBadXml(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.aedat4");
    Files.writeString(f, "#!AER-DAT4.1\r\n\0\0\0\0\0\0\0\0\0\0\0\0");
    EventFileException e = assertThrows(EventFileException.class, () -> new Aedat4Reader(f, ReadOptions.DEFAULT));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
    byte[] body = Aedat4Files.eventPacket(new long[] {1}, new int[] {1}, new int[] {1}, new int[] {1});
    Files.delete(f);
    Aedat4Files.write(f, Compression.NONE, Aedat4Files.xml(10, 10), List.of(new Aedat4Files.Packet(7, body)));
    e = drainExpectingError(f);
    assertTrue(e.getMessage().contains("stream id 7"), e.getMessage());
    Files.delete(f);
    Aedat4Files.write(f, Compression.NONE, "<dv><node name=\"outInfo\"><node name=\"0\">", List.of());
    e = assertThrows(EventFileException.class, () -> EventFiles.open(f).close());
    assertTrue(e.getMessage().contains("malformed info XML"), e.getMessage());
  }

  @Test
  void oversizedPacketIsRejectedWithoutAllocatingIt(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("huge.aedat4");
    byte[] header = Aedat4Files.ioHeader(0, -1, Aedat4Files.xml(10, 10));
    java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
    packet.write(Aedat4Files.le32(0));
    packet.write(Aedat4Files.le32(Aedat4Reader.MAX_PACKET_BYTES + 16));
    Aedat4Files.writeRaw(f, header, packet.toByteArray());
    long packetAt = Files.size(f) - 8;
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(Files.size(f) + Aedat4Reader.MAX_PACKET_BYTES + 16); // sparse: the bytes "are there"
    }
    EventFileException e = drainExpectingError(f);
    assertEquals(packetAt, e.offset());
    assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
  }

  // ---- LZ4 frame decoder ----

  @Test
  void linkedLz4BlocksMayReferenceThePreviousBlock() throws Exception {
    // block 1: literals "ABCDEFGH" (token 0x80); block 2: token 0x04 (0 literals, match 8), offset 8, then
    // last sequence token 0x20 with 2 literals "XY" -> "ABCDEFGH" + "ABCDEFGH" (wait: match len 4+4=8) + "XY"
    byte[] b1 = {(byte) 0x80, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'};
    byte[] b2 = {0x04, 8, 0, 0x20, 'X', 'Y'};
    byte[] frame = lz4Frame(0x40, b1, b2); // FLG 0x40: version 1, linked blocks (as DV writes)
    Lz4FrameDecoder d = new Lz4FrameDecoder(1 << 20);
    int n = d.decode(frame, 0, frame.length);
    assertEquals("ABCDEFGHABCDEFGHXY", new String(d.output(), 0, n, "ISO-8859-1"));
    // the same second block in an independent frame must fail: its match reaches before the block
    byte[] indep = lz4Frame(0x60, b1, b2);
    CompressionException e = assertThrows(CompressionException.class, () -> d.decode(indep, 0, indep.length));
    assertTrue(e.getMessage().contains("LZ4"), e.getMessage());
  }

  @Test
  void ownBlockDecoderAgreesWithLz4JavaOnEveryRealBlock() throws Exception {
    byte[] d = Files.readAllBytes(REAL);
    ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
    Lz4FrameDecoder lz4 = new Lz4FrameDecoder(1 << 24);
    byte[] mine = new byte[1 << 16];
    int packets = 0;
    for (int p = FIRST_PACKET; p < 945243; packets++) {
      int size = b.getInt(p + 4);
      int n = lz4.decode(d, p + 8, size);
      int block = p + 8 + 7; // magic 4, FLG, BD, HC (no content size in DV frames)
      int blen = b.getInt(block) & 0x7FFFFFFF;
      int m = Lz4FrameDecoder.decodeBlock(d, block + 4, block + 4 + blen, mine, 0, mine.length, 0, 0);
      assertEquals(n, m);
      assertArrayEquals(Arrays.copyOf(lz4.output(), n), Arrays.copyOf(mine, m));
      p += 8 + size;
    }
    assertEquals(118, packets);
  }

  static byte[] lz4Frame(int flg, byte[]... blocks) throws IOException {
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    o.write(Aedat4Files.le32(Lz4FrameDecoder.MAGIC));
    byte[] desc = {(byte) flg, 0x40};
    o.write(desc);
    o.write((net.jpountz.xxhash.XXHashFactory.fastestInstance().hash32().hash(desc, 0, 2, 0) >>> 8) & 0xFF);
    for (byte[] blk : blocks) {
      o.write(Aedat4Files.le32(blk.length));
      o.write(blk);
    }
    o.write(Aedat4Files.le32(0));
    return o.toByteArray();
  }

  static int indexOfInt(byte[] d, int from, int value, int to) {
    ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < to; i++) {
      if (b.getInt(i) == value) {
        return i;
      }
    }
    throw new AssertionError("value not found");
  }

  static EventFileException drainExpectingError(Path f) {
    return assertThrows(EventFileException.class, () -> {
      try (EventReader r = EventFiles.open(f)) {
        EventBatch b = new EventBatch(256);
        while (r.read(b)) {
          // drain
        }
      }
    });
  }

  static long[] event(EventBatch b, int i) {
    return new long[] {b.t()[i], b.x()[i], b.y()[i], b.p()[i]};
  }

  static EventBatch readAll(Path f, ReadOptions o) throws IOException {
    EventBatch all = new EventBatch(1024);
    try (EventReader r = EventFiles.open(f, o)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }

}
