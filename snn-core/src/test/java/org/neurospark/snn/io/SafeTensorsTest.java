package org.neurospark.snn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.tensor.Tensor;

class SafeTensorsTest {
  @TempDir
  Path dir;

  /** Bytes as the reference implementation lays them out: u64 LE length, JSON padded with spaces to 8, data. */
  private static byte[] handBuilt(String json, byte[] data) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    int pad = (8 - h.length % 8) % 8;
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length + pad).put(h);
    for (int i = 0; i < pad; i++) {
      b.put((byte) ' ');
    }
    b.put(data);
    return b.array();
  }

  private static byte[] le(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  @Test
  void readsHandBuiltFileWithMetadataAndI64() throws Exception {
    byte[] w = le(1f, -2f, 3.5f, 0.25f, 5f, 6f);
    ByteBuffer nbt = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(7);
    byte[] data = new byte[w.length + 8];
    System.arraycopy(w, 0, data, 0, w.length);
    System.arraycopy(nbt.array(), 0, data, w.length, 8);
    String json = "{\"__metadata__\":{\"format\":\"pt\"},\"conv_fc.0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],"
        + "\"data_offsets\":[0,24]},\"conv_fc.1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],"
        + "\"data_offsets\":[24,32]}}";
    Path f = dir.resolve("m.safetensors");
    Files.write(f, handBuilt(json, data));
    SafeTensors st = SafeTensors.read(f);
    assertEquals("pt", st.metadata().get("format"));
    Tensor t = st.get("conv_fc.0.weight").toTensor();
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertArrayEquals(new float[] {1f, -2f, 3.5f, 0.25f, 5f, 6f}, t.toFloatArray());
    StEntry n = st.get("conv_fc.1.num_batches_tracked");
    assertEquals(StDType.I64, n.dtype());
    assertEquals(0, n.shape().length);
    assertArrayEquals(new long[] {7}, n.toLongs());
  }

  @Test
  void writerProducesReferenceLayout() throws Exception {
    SafeTensors st = new SafeTensors();
    st.metadata().put("format", "pt");
    st.put("a", Tensor.fromArray(new float[] {1f, 2f}, 2));
    st.put("b.num_batches_tracked", StEntry.ofLongs(new long[] {3}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    st.write(out);
    byte[] data = new byte[16];
    System.arraycopy(le(1f, 2f), 0, data, 0, 8);
    data[8] = 3;
    String json = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}";
    assertArrayEquals(handBuilt(json, data), out.toByteArray());
    assertEquals(0, (out.size() - 16) % 8, "header padded to 8 bytes");
  }

  @Test
  void roundTripF64F16AndBf16() throws Exception {
    SafeTensors st = new SafeTensors();
    st.put("d", Tensor.fromArray(new double[] {Math.PI, -1e-300, 7}, 3, 1));
    ByteBuffer half = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
    half.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001); // 1, -2, smallest subnormal
    st.put("h", new StEntry(StDType.F16, new long[] {3}, half.array()));
    ByteBuffer bf = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3FC0); // 1.5
    st.put("bf", new StEntry(StDType.BF16, new long[] {1}, bf.array()));
    Path f = dir.resolve("x.safetensors");
    st.write(f);
    SafeTensors r = SafeTensors.read(f);
    assertEquals(Arrays.asList("d", "h", "bf"), Arrays.asList(r.entries().keySet().toArray()));
    assertArrayEquals(new double[] {Math.PI, -1e-300, 7}, r.get("d").toTensor().toDoubleArray());
    assertArrayEquals(new double[] {1, -2, Math.scalb(1.0, -24)}, r.get("h").toDoubles());
    assertArrayEquals(new double[] {1.5}, r.get("bf").toDoubles());
  }

  @Test
  void rejectsCorruptFilesWithOffsets() throws Exception {
    String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    byte[] good = handBuilt(json, le(1f, 2f));
    Path f = dir.resolve("bad.safetensors");

    Files.write(f, Arrays.copyOf(good, good.length - 3));
    DataFileException e = assertThrows(DataFileException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());

    Files.write(f, Arrays.copyOf(good, 5));
    assertThrows(DataFileException.class, () -> SafeTensors.read(f));

    Files.write(f, handBuilt("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", le(1f, 2f)));
    e = assertThrows(DataFileException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("do not match"), e.getMessage());

    Files.write(f, handBuilt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", le(1f, 2f)));
    e = assertThrows(DataFileException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("gap"), e.getMessage());

    Files.write(f, handBuilt("{\"a\":{\"dtype\":\"Q9\",\"shape\":[2],\"data_offsets\":[0,8]}}", le(1f, 2f)));
    assertThrows(DataFileException.class, () -> SafeTensors.read(f));

    Files.write(f, handBuilt("{\"a\":", le(1f, 2f)));
    e = assertThrows(DataFileException.class, () -> SafeTensors.read(f));
    assertEquals(8, e.offset());

    byte[] huge = good.clone();
    huge[7] = 0x7f;
    Files.write(f, huge);
    e = assertThrows(DataFileException.class, () -> SafeTensors.read(f));
    assertEquals(0, e.offset());

    Files.write(f, handBuilt(json, Arrays.copyOf(le(1f, 2f), 12)));
    e = assertThrows(DataFileException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("cover 8"), e.getMessage());
  }

  /** Streams, channels, buffers and byte arrays read the same entries as the file; errors name the source. */
  @Test
  void readsFromStreamsChannelsAndBuffers() throws Exception {
    SafeTensors st = new SafeTensors();
    st.metadata().put("format", "pt");
    st.put("a", Tensor.fromArray(new float[] {1, 2, 3}, 3));
    st.put("b", Tensor.fromArray(new double[] {4, 5}, 2, 1));
    st.put("n", StEntry.ofLongs(new long[] {9}));
    Path f = dir.resolve("s.safetensors");
    st.write(f);
    byte[] bytes = Files.readAllBytes(f);
    assertArrayEquals(bytes, st.toBytes());
    java.util.List<SafeTensors> reads = java.util.List.of(
        SafeTensors.read(new java.io.ByteArrayInputStream(bytes), "mem"),
        SafeTensors.read(java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(bytes)), "ch"),
        SafeTensors.read(ByteBuffer.wrap(bytes), "buf"),
        SafeTensors.read(bytes));
    for (SafeTensors r : reads) {
      assertArrayEquals(bytes, r.toBytes());
      assertEquals("pt", r.metadata().get("format"));
      assertArrayEquals(new long[] {9}, r.get("n").toLongs());
    }
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
      assertArrayEquals(bytes, SafeTensors.read(ch, f.toString()).toBytes());
    }

    DataFileException e = assertThrows(DataFileException.class, () -> SafeTensors.read(
        new java.io.ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 3)), "hdfs://nn/ck/model.safetensors"));
    assertTrue(e.getMessage().startsWith("hdfs://nn/ck/model.safetensors @ byte "), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertEquals("hdfs://nn/ck/model.safetensors", e.source());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 4);
    e = assertThrows(DataFileException.class, () -> SafeTensors.read(new java.io.ByteArrayInputStream(longer), "x"));
    assertTrue(e.getMessage().contains("more data follows"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> SafeTensors.read(ByteBuffer.wrap(longer), "x"));
    assertTrue(e.getMessage().contains("cover"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> SafeTensors.read(new java.io.ByteArrayInputStream(
        Arrays.copyOf(bytes, 5)), "x"));
    assertEquals(0, e.offset());
  }
}
