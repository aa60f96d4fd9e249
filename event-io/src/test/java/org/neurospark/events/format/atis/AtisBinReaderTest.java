package org.neurospark.events.format.atis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

class AtisBinReaderTest {

  @Test
  void decodesTonicSampleAsSourcesSays() throws IOException {
    Path f = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");
    assertEquals(EventFormat.ATIS_BIN, EventFiles.detect(f));
    // small batches so the batch boundary logic is exercised
    EventBatch all = new EventBatch(16);
    try (EventReader r = EventFiles.open(f)) {
      EventBatch b = new EventBatch(7);
      while (r.read(b)) {
        all.addAll(b);
      }
      assertTrue(r.skipped().isEmpty());
      assertEquals(21625, r.bytesRead());
    }
    assertEquals(4325, all.size());
    assertArrayEquals(new long[] {654, 7, 15, 1}, event(all, 0));
    assertArrayEquals(new long[] {2999, 19, 18, 0}, event(all, 1));
    assertArrayEquals(new long[] {3017, 21, 17, 0}, event(all, 2));
    assertArrayEquals(new long[] {311175, 21, 14, 1}, event(all, all.size() - 1));
    long on = 0;
    for (int i = 0; i < all.size(); i++) {
      on += all.p()[i];
      assertTrue(all.x()[i] >= 0 && all.x()[i] <= 33 && all.y()[i] >= 0 && all.y()[i] <= 33);
    }
    assertEquals(2145, on);
  }

  @ParameterizedTest
  @CsvSource({
      "nmnist_test_60001_label7.bin, 3330, 5087, 307827, 5087, 7, 7, 1",
      "nmnist_test_60002_label2.bin, 4840, 3240, 308353, 3240, 24, 22, 0",
      "nmnist_test_60003_label1.bin, 1665, 5378, 307357, 5378, 17, 3, 1",
      "nmnist_test_60004_label0.bin, 5293, 581, 308529, 581, 18, 11, 0",
      "nmnist_test_60005_label4.bin, 3150, 168, 308754, 168, 2, 20, 1",
      "nmnist_test_60008_label9.bin, 3536, 719, 308760, 719, 21, 6, 1",
      "nmnist_test_60009_label5.bin, 4686, 1049, 301809, 1049, 14, 8, 0",
      "nmnist_test_60012_label6.bin, 4773, 25812, 336040, 25812, 20, 4, 1"})
  void decodesSlayerFiles(String name, int n, long tFirst, long tLast, long t0, long x0, long y0, long p0)
      throws IOException {
    EventBatch all = readAll(SharedData.data("events/nmnist/" + name));
    assertEquals(n, all.size());
    assertEquals(tFirst, all.t()[0]);
    assertEquals(tLast, all.t()[n - 1]);
    assertArrayEquals(new long[] {t0, x0, y0, p0}, event(all, 0));
  }

  @Test
  void overflowMarkerAddsTwoToTheThirteenthCumulatively(@TempDir Path dir) throws IOException {
    // events: (x=1,y=2,p=1,t=100), marker, (3,4,0,t=50), marker, (5,6,1,t=10)
    byte[] bytes = concat(rec(1, 2, 1, 100), rec(0, 240, 0, 0), rec(3, 4, 0, 50), rec(0, 240, 0, 0), rec(5, 6, 1, 10));
    Path f = dir.resolve("ovf.bin");
    Files.write(f, bytes);
    EventBatch all;
    try (EventReader r = EventFiles.open(f)) {
      all = new EventBatch();
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        all.addAll(b);
      }
      assertEquals(2L, r.skipped().get("overflow_marker"));
    }
    assertEquals(3, all.size());
    assertArrayEquals(new long[] {100, 1, 2, 1}, event(all, 0));
    assertArrayEquals(new long[] {50 + 8192, 3, 4, 0}, event(all, 1));
    assertArrayEquals(new long[] {10 + 16384, 5, 6, 1}, event(all, 2));
  }

  @Test
  void truncatedFileNamesFileAndOffsetAfterDeliveringWholeRecords(@TempDir Path dir) throws IOException {
    byte[] full = Files.readAllBytes(SharedData.data("events/nmnist/tonic_sample_nmnist.bin"));
    Path f = dir.resolve("cut.bin");
    Files.write(f, Arrays.copyOf(full, 5 * 100 + 3));
    int delivered = 0;
    try (EventReader r = EventFiles.open(f)) {
      EventBatch b = new EventBatch(64);
      EventFileException e = assertThrows(EventFileException.class, () -> {
        while (r.read(b)) {
          // drain
        }
      });
      assertEquals(500, e.offset());
      assertTrue(e.getMessage().contains("cut.bin"), e.getMessage());
      assertTrue(e.getMessage().contains("@ byte 500"), e.getMessage());
    }
  }

  static byte[] rec(int x, int y, int p, int t) {
    return new byte[] {(byte) x, (byte) y, (byte) ((p << 7) | ((t >> 16) & 0x7F)), (byte) (t >> 8), (byte) t};
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  static long[] event(EventBatch b, int i) {
    return new long[] {b.t()[i], b.x()[i], b.y()[i], b.p()[i]};
  }

  static EventBatch readAll(Path f) throws IOException {
    EventBatch all = new EventBatch(1024);
    try (EventReader r = EventFiles.open(f)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }
}
