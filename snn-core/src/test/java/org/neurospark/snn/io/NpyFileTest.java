package org.neurospark.snn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.testing.Npy;
import org.neurospark.snn.testing.SnnShared;

class NpyFileTest {
  private static final Path NAME = Path.of("t.npy");

  /** A version 1.0 file with the given header dict and payload. */
  private static byte[] npy(String dict, byte[] payload) {
    String h = dict;
    int total = 10 + h.length() + 1;
    h = h + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), 0});
    out.writeBytes(h.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  @Test
  void goldenFilesReadAsTheTestReaderDoes() throws IOException {
    Path dir = SnnShared.spikingjelly();
    for (String f : new String[] {"LIF_0_1.x.npy", "LIF_0_1.v_seq.npy", "surrogate_ATan.grad.npy"}) {
      NpyFile a = NpyFile.read(dir.resolve(f));
      float[] expected = Npy.load(dir.resolve(f)).toFloatArray();
      assertEquals(expected.length, a.size(), f);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], (float) a.values()[i], f + "[" + i + "]");
      }
    }
  }

  @Test
  void bigEndianFortranOrderIsReturnedRowMajor() throws IOException {
    // 2x3 array [[0,1,2],[3,4,5]] stored column-major as big-endian int32: 0,3,1,4,2,5
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
    for (int v : new int[] {0, 3, 1, 4, 2, 5}) {
      b.putInt(v);
    }
    NpyFile a = NpyFile.parse(NAME, npy("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }", b.array()));
    assertEquals(">i4", a.dtype());
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, a.values());
  }

  @Test
  void halfFloatsAndUnsignedValues() throws IOException {
    ByteBuffer h = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
    h.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001); // 1, -2, smallest subnormal
    NpyFile f = NpyFile.parse(NAME, npy("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", h.array()));
    assertArrayEquals(new double[] {1, -2, 0x1p-24}, f.values());
    NpyFile u = NpyFile.parse(NAME, npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }",
        new byte[] {(byte) 255, 7}));
    assertArrayEquals(new double[] {255, 7}, u.values());
  }

  @Test
  void truncatedAndTrailingDataNameTheOffset() {
    byte[] good = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new byte[16]);
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
    DataFileException e = assertThrows(DataFileException.class, () -> NpyFile.parse(NAME, cut));
    long data = good.length - 16;
    assertEquals(data, e.offset());
    assertTrue(e.getMessage().contains("t.npy @ byte " + data + ": truncated data: 16 bytes expected"),
        e.getMessage());
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    assertTrue(assertThrows(DataFileException.class, () -> NpyFile.parse(NAME, longer)).getMessage()
        .contains("trailing data"));
  }

  @Test
  void structuredArraysAndBadMagicAreRefused() {
    assertTrue(assertThrows(DataFileException.class, () -> NpyFile.parse(NAME,
        npy("{'descr': [('t', '<i8')], 'fortran_order': False, 'shape': (1,), }", new byte[8]))).getMessage()
        .contains("descr"));
    assertTrue(assertThrows(DataFileException.class, () -> NpyFile.parse(NAME, new byte[32])).getMessage()
        .contains("@ byte 0: not a NumPy .npy file"));
  }
}
