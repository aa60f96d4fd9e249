package org.neurospark.snn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.io.DataFileException;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.testing.SnnShared;

class IdxReaderTest {
  @TempDir
  Path dir;

  private static Path mnist() {
    return SnnShared.root().resolve("data/mnist/mnist");
  }

  @Test
  void mnistTestLabelsMatchSourcesMd() throws Exception {
    try (IdxReader r = new IdxReader(mnist().resolve("t10k-labels-idx1-ubyte.gz"))) {
      assertTrue(r.gzip());
      assertEquals(0x08, r.type());
      assertArrayEquals(new int[] {10000}, r.dims());
      byte[] b = r.readAll();
      r.requireEnd();
      int[] hist = new int[10];
      for (byte x : b) {
        hist[x]++;
      }
      assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, hist);
      assertArrayEquals(new byte[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(b, 10));
    }
    try (IdxReader r = new IdxReader(mnist().resolve("train-labels-idx1-ubyte.gz"))) {
      byte[] b = r.readAll();
      int[] hist = new int[10];
      for (byte x : b) {
        hist[x]++;
      }
      assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, hist);
      assertArrayEquals(new byte[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(b, 10));
    }
  }

  @Test
  void mnistTestImagesStreamAndLoad() throws Exception {
    long sum = 0;
    try (IdxReader r = new IdxReader(mnist().resolve("t10k-images-idx3-ubyte.gz"))) {
      assertArrayEquals(new int[] {10000, 28, 28}, r.dims());
      assertEquals(784, r.itemBytes());
      byte[] buf = new byte[784 * 64];
      int n;
      int items = 0;
      while ((n = r.read(buf, 0, 64)) > 0) {
        items += n;
        for (int i = 0; i < n * 784; i++) {
          sum += buf[i] & 0xFF;
        }
      }
      assertEquals(10000, items);
      assertEquals(16 + 7840000, r.offset(), "decompressed size 7840016 per SOURCES.md");
      r.requireEnd();
    }
    assertTrue(sum > 0);
    ImageDataset ds = ImageDataset.loadIdx(mnist().resolve("t10k-images-idx3-ubyte.gz"),
        mnist().resolve("t10k-labels-idx1-ubyte.gz"), 10);
    assertEquals(10000, ds.size());
    assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, ds.histogram());
    Tensor batch = Tensor.zeros(2, 1, 28, 28);
    int[] lab = new int[2];
    ds.fillBatch(new int[] {0, 1}, 0, batch, lab);
    assertArrayEquals(new int[] {7, 2}, lab);
    float max = 0;
    for (float v : batch.toFloatArray()) {
      assertTrue(v >= 0 && v <= 1);
      max = Math.max(max, v);
    }
    assertEquals(1f, max);
  }

  @Test
  void fashionMnistWhenInstalled() throws Exception {
    Path f = Path.of("/usr/share/datasets/fashion-mnist");
    assumeTrue(Files.isDirectory(f), "dataset-fashion-mnist not installed");
    ImageDataset test = ImageDataset.loadIdx(f, false);
    assertEquals(10000, test.size());
    int[] h = test.histogram();
    for (int c : h) {
      assertEquals(1000, c);
    }
  }

  private static byte[] idx(int type, int[] dims, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0);
    b.write(0);
    b.write(type);
    b.write(dims.length);
    for (int d : dims) {
      b.write(d >>> 24);
      b.write(d >>> 16);
      b.write(d >>> 8);
      b.write(d);
    }
    b.writeBytes(payload);
    return b.toByteArray();
  }

  @Test
  void generatedPlainAndGzipFilesAgree() throws Exception {
    byte[] payload = new byte[3 * 2 * 2];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 20);
    }
    byte[] raw = idx(0x08, new int[] {3, 2, 2}, payload);
    Path plain = dir.resolve("train-images-idx3-ubyte");
    Files.write(plain, raw);
    Path gz = dir.resolve("x.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(raw);
    }
    try (IdxReader a = new IdxReader(plain); IdxReader b = new IdxReader(gz)) {
      assertTrue(!a.gzip() && b.gzip());
      assertArrayEquals(a.readAll(), b.readAll());
    }
    Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x08, new int[] {3}, new byte[] {0, 9, 4}));
    ImageDataset ds = ImageDataset.loadIdx(dir, true);
    assertEquals(3, ds.size());
    assertEquals(2, ds.height());
    assertEquals(160, ds.pixel(2, 0));
  }

  @Test
  void badFilesNameFileAndOffset() throws Exception {
    Path f = dir.resolve("bad");
    byte[] raw = idx(0x08, new int[] {3, 2, 2}, new byte[10]);
    Files.write(f, raw);
    try (IdxReader r = new IdxReader(f)) {
      DataFileException e = assertThrows(DataFileException.class, r::readAll);
      assertEquals(16 + 10, e.offset());
      assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }
    Files.write(f, idx(0x0A, new int[] {1}, new byte[1]));
    DataFileException e = assertThrows(DataFileException.class, () -> new IdxReader(f).close());
    assertEquals(2, e.offset());
    Files.write(f, new byte[] {1, 2, 3, 4, 5});
    e = assertThrows(DataFileException.class, () -> new IdxReader(f).close());
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    Files.write(f, new byte[] {0, 0, 8, 1, 0});
    e = assertThrows(DataFileException.class, () -> new IdxReader(f).close());
    assertEquals(5, e.offset(), "header ends after one of the four dimension bytes");
    Files.write(f, idx(0x08, new int[] {2}, new byte[] {1, 2, 3}));
    try (IdxReader r = new IdxReader(f)) {
      r.readAll();
      assertThrows(DataFileException.class, r::requireEnd);
    }
    Path gz = dir.resolve("c.gz");
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(bo)) {
      o.write(idx(0x08, new int[] {1000}, new byte[1000]));
    }
    byte[] z = bo.toByteArray();
    Files.write(gz, Arrays.copyOf(z, z.length / 2));
    assertThrows(DataFileException.class, () -> {
      try (IdxReader r = new IdxReader(gz)) {
        r.readAll();
      }
    });
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(0x08, new int[] {2, 1, 1}, new byte[2]));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(0x08, new int[] {3}, new byte[3]));
    e = assertThrows(DataFileException.class, () -> ImageDataset.loadIdx(dir, false));
    assertTrue(e.getMessage().contains("3 labels but"), e.getMessage());
  }
}
