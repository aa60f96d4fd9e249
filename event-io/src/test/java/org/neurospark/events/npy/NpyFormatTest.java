package org.neurospark.events.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventFileException;
import org.neurospark.events.testing.SharedData;

/** The .npy/.npz reader and writer without NumPy: hand-made headers, round trips and corrupt input. */
class NpyFormatTest {
  @TempDir
  Path dir;

  @Test
  void parsesDtypes() {
    assertEquals(NpyDtype.INT16, NpyDtype.parse("<i2"));
    assertEquals(new NpyDtype(NpyDtype.Kind.FLOAT, 8, true), NpyDtype.parse(">f8"));
    assertEquals(NpyDtype.BOOL, NpyDtype.parse("|b1"));
    assertEquals(NpyDtype.BOOL, NpyDtype.parse("?"));
    assertEquals(NpyDtype.UINT8, NpyDtype.parse("|u1"));
    assertEquals(NpyDtype.UINT8, NpyDtype.parse(">u1"), "byte order is irrelevant for one byte");
    assertEquals(new NpyDtype(NpyDtype.Kind.VOID, 3, false), NpyDtype.parse("|V3"));
    assertEquals("<u4", NpyDtype.parse("=u4").descr());
    for (String bad : new String[] {"<c8", "<f2", "<i3", "|S4", "O", "<M8[us]", ""}) {
      assertThrows(IllegalArgumentException.class, () -> NpyDtype.parse(bad), bad);
    }
  }

  @Test
  void parsesDictFormDescrWithOffsets() throws IOException {
    String dict = "{'descr': {'names': ['t', 'p'], 'formats': ['<i8', '|u1'], 'offsets': [8, 0], 'itemsize': 16},"
        + " 'fortran_order': False, 'shape': (3,), }";
    byte[] bytes = header(1, dict);
    NpyHeader h = NpyHeader.parse(bytes, NpyHeader.headerLength(bytes, bytes.length));
    assertTrue(h.isStructured());
    assertEquals(16, h.itemSize());
    assertEquals(8, h.field("t").offset());
    assertEquals(0, h.field("p").offset());
    assertArrayEquals(new long[] {3}, h.shape());
    assertNull(h.field("x"));
    // and our writer emits the same dict form for such a layout, which parses back identically
    byte[] again = NpyHeader.structured(h.fields(), 16, 3).toBytes(0);
    NpyHeader h2 = NpyHeader.parse(again, NpyHeader.headerLength(again, again.length));
    assertEquals(h.fields(), h2.fields());
    assertEquals(0, again.length % 64);
  }

  @Test
  void rejectsBadHeadersWithOffsets() throws IOException {
    String[] bad = {
        "{'descr': '<i4', 'shape': (3,), }", // missing fortran_order
        "{'descr': '<c16', 'fortran_order': False, 'shape': (3,), }",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (-1,), }",
        "{'descr': '<i4', 'fortran_order': False, 'shape': (3,) ",
        "{'descr': [('a', '<i4', (2,))], 'fortran_order': False, 'shape': (3,), }",
        "['descr']"};
    for (String text : bad) {
      Path f = dir.resolve("bad.npy");
      Files.write(f, header(1, text));
      EventFileException e = assertThrows(EventFileException.class, () -> NpyInput.open(f), text);
      assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
      assertTrue(e.offset() >= 0, e.getMessage());
    }
    Path v9 = dir.resolve("v9.npy");
    byte[] b = header(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (0,), }");
    b[6] = 9;
    Files.write(v9, b);
    EventFileException e = assertThrows(EventFileException.class, () -> NpyInput.open(v9));
    assertEquals(6, e.offset());
    Path notNpy = dir.resolve("x.npy");
    Files.write(notNpy, "hello world, not numpy".getBytes(StandardCharsets.US_ASCII));
    assertEquals(0, assertThrows(EventFileException.class, () -> NpyInput.open(notNpy)).offset());
  }

  @Test
  void float32RoundTripAndStreamingHeaderRewrite() throws IOException {
    float[] data = new float[4 * 2 * 3 * 3];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) Math.sin(i);
    }
    Path f = dir.resolve("f.npy");
    NpyWriter.writeFloat32(f, data, 4, 2, 3, 3);
    NpyArray a = NpyArray.read(f);
    assertArrayEquals(new long[] {4, 2, 3, 3}, a.shape());
    assertArrayEquals(data, a.toFloats());
    assertEquals(0, a.header().dataOffset() % 64);

    Path g = dir.resolve("g.npy");
    try (NpyWriter w = NpyWriter.open(g, NpyHeader.of(NpyDtype.FLOAT32, 0, 2, 3, 3))) {
      for (int t = 0; t < 4; t++) {
        w.writeFloats(data, t * 18, 18);
      }
      assertThrows(IllegalStateException.class, () -> w.finish(5, 2, 3, 3));
      w.finish(4, 2, 3, 3);
    }
    assertArrayEquals(data, NpyArray.read(g).toFloats());
    assertArrayEquals(new long[] {4, 2, 3, 3}, NpyArray.read(g).shape());
  }

  @Test
  void npzStoredAndDeflatedRoundTripStreaming() throws IOException {
    float[] big = new float[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = i % 1000;
    }
    for (boolean compressed : new boolean[] {false, true}) {
      Path f = dir.resolve("a" + compressed + ".npz");
      try (NpzWriter z = new NpzWriter(f, compressed)) {
        z.addFloat32("big", big);
        z.addFloat32("small", new float[] {1, 2, 3});
      }
      try (NpzFile z = NpzFile.open(f)) {
        assertEquals(List.of("big", "small"), z.keys());
        assertEquals(compressed, z.isCompressed("big"));
        // two streams open at once, read in small interleaved chunks
        try (NpyInput a = z.open("big"); NpyInput b = z.open("big")) {
          byte[] ba = new byte[4 * 777];
          byte[] bb = new byte[4 * 1000];
          float[] fa = new float[777];
          float[] fb = new float[1000];
          long ia = 0;
          long ib = 0;
          int n;
          while ((n = a.readElements(ba, 777)) > 0) {
            NpyDecode.toFloat(ba, 0, 4, NpyDtype.FLOAT32, fa, 0, n);
            for (int i = 0; i < n; i++) {
              assertEquals(big[(int) ia + i], fa[i]);
            }
            ia += n;
            int m = b.readElements(bb, 1000);
            NpyDecode.toFloat(bb, 0, 4, NpyDtype.FLOAT32, fb, 0, m);
            for (int i = 0; i < m; i++) {
              assertEquals(big[(int) ib + i], fb[i]);
            }
            ib += m;
          }
          assertEquals(big.length, ia);
        }
        assertArrayEquals(new float[] {1, 2, 3}, z.read("small").toFloats());
        EventFileException e = assertThrows(EventFileException.class, () -> z.open("nope"));
        assertTrue(e.getMessage().contains("[big, small]"), e.getMessage());
      }
    }
  }

  @Test
  void corruptArchivesNameFileAndOffset() throws IOException {
    float[] v = new float[50_000];
    Arrays.fill(v, 7f);
    Path stored = dir.resolve("s.npz");
    try (NpzWriter z = new NpzWriter(stored, false)) {
      z.addFloat32("v", v);
    }
    byte[] bytes = Files.readAllBytes(stored);
    // truncated: the end-of-central-directory record is gone
    Path cut = dir.resolve("cut.npz");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    EventFileException e = assertThrows(EventFileException.class, () -> NpzFile.open(cut));
    assertTrue(e.getMessage().contains("cut.npz") && e.offset() >= 0, e.getMessage());
    // flipped data byte in a stored entry: CRC mismatch when the entry has been read
    byte[] flipped = bytes.clone();
    flipped[1000] ^= 0x55;
    Path crc = dir.resolve("crc.npz");
    Files.write(crc, flipped);
    try (NpzFile z = NpzFile.open(crc)) {
      EventFileException c = assertThrows(EventFileException.class, () -> z.read("v"));
      assertTrue(c.getMessage().contains("CRC"), c.getMessage());
    }
    // deflated entry with garbage in the compressed stream
    Path deflated = dir.resolve("d.npz");
    float[] noisy = new float[50_000];
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = (float) Math.sin(i * 0.37);
    }
    try (NpzWriter z = new NpzWriter(deflated, true)) {
      z.addFloat32("v", noisy);
    }
    byte[] d = Files.readAllBytes(deflated);
    for (int i = 2000; i < 2400; i++) {
      d[i] = (byte) (i * 31);
    }
    Path bad = dir.resolve("bad.npz");
    Files.write(bad, d);
    try (NpzFile z = NpzFile.open(bad)) {
      EventFileException c = assertThrows(EventFileException.class, () -> z.read("v"));
      assertTrue(c.getMessage().contains("bad.npz") && c.offset() > 0, c.getMessage());
    }
  }

  @Test
  void headerThatLiesAboutTheDataIsRejected() throws IOException {
    Path f = dir.resolve("f.npy");
    NpyWriter.writeFloat32(f, new float[10], 10);
    byte[] b = Files.readAllBytes(f);
    Path shortF = dir.resolve("short.npy");
    Files.write(shortF, Arrays.copyOf(b, b.length - 6));
    EventFileException e = assertThrows(EventFileException.class, () -> NpyInput.open(shortF));
    assertEquals(b.length - 6, e.offset());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    Path longF = dir.resolve("long.npy");
    Files.write(longF, Arrays.copyOf(b, b.length + 8));
    e = assertThrows(EventFileException.class, () -> NpyInput.open(longF));
    assertEquals(b.length, e.offset());
  }

  @Test
  void readsTheSharedReferenceNpyFiles() throws IOException {
    NpyArray evt3 = NpyArray.read(SharedData.data("events/evt3/expelliarmus_evt3_sample_gen4_1280x720.reference.npy"));
    NpyHeader h = evt3.header();
    assertEquals(16, h.itemSize());
    assertEquals(List.of("t", "x", "y", "p", ""), h.fieldNames());
    assertEquals(12, h.field("p").offset());
    assertArrayEquals(new long[] {219596}, h.shape());
    assertFalse(h.fortranOrder());
    NpyArray frames = NpyArray.read(SharedData.reference("spikingjelly/frames/tonic_sample_nmnist.frames_number_T1.npy"));
    double sum = 0;
    for (float v : frames.toFloats()) {
      sum += v;
    }
    assertEquals(4325.0, sum);
  }

  static byte[] header(int version, String dict) {
    byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    int pre = version == 1 ? 10 : 12;
    byte[] b = new byte[pre + text.length];
    System.arraycopy(NpyHeader.MAGIC, 0, b, 0, 6);
    b[6] = (byte) version;
    b[8] = (byte) text.length;
    b[9] = (byte) (text.length >>> 8);
    System.arraycopy(text, 0, b, pre, text.length);
    return b;
  }
}
