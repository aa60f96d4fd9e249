package org.neurospark.events.format.atis;

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
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

class AtisBinWriterTest {

  static EventBatch readAll(Path f) throws IOException {
    EventBatch all = new EventBatch(16);
    try (EventReader r = EventFiles.open(f, EventFormat.ATIS_BIN, ReadOptions.DEFAULT)) {
      EventBatch b = new EventBatch(1000);
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }

  @Test
  void reencodesRealNmnistSampleByteForByte() throws IOException {
    Path f = SharedData.data("events/nmnist/nmnist_test_60001_label7.bin");
    EventBatch e = readAll(f);
    assertEquals(3330, e.size());
    byte[] bytes = AtisBinWriter.encode(e.t(), e.x(), e.y(), e.p(), e.size());
    assertArrayEquals(Files.readAllBytes(f), bytes);
  }

  @Test
  void encodesOneRecordBitExactly() {
    // x 7, y 15, p 1, t 654 µs -> 07 0F 80|0x00 0x02 0x8E
    byte[] b = AtisBinWriter.encode(new long[] {654}, new int[] {7}, new int[] {15}, new byte[] {1}, 1);
    assertArrayEquals(new byte[] {7, 15, (byte) 0x80, 0x02, (byte) 0x8E}, b);
  }

  @Test
  void longRecordingsRoundTripThroughOverflowMarkers(@TempDir Path dir) throws IOException {
    long[] t = {0, 5, AtisBinWriter.MAX_RAW_TIMESTAMP_US, AtisBinWriter.MAX_RAW_TIMESTAMP_US + 1, 20_000_000,
        20_000_000, 60_000_000};
    int n = t.length;
    int[] x = new int[n];
    int[] y = new int[n];
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      x[i] = 255 - i;
      y[i] = i == 3 ? 255 : i;
      p[i] = (byte) (i & 1);
    }
    byte[] bytes = AtisBinWriter.encode(t, x, y, p, n);
    int markers = bytes.length / AtisBinReader.RECORD_BYTES - n;
    assertTrue(markers > 0);
    // minimal: the last event needs exactly ceil((t - max) / 2^13) markers in all
    assertEquals((60_000_000 - AtisBinWriter.MAX_RAW_TIMESTAMP_US + 8191) / 8192, markers);
    Path f = dir.resolve("long.bin");
    Files.write(f, bytes);
    EventBatch e = readAll(f);
    assertEquals(n, e.size());
    for (int i = 0; i < n; i++) {
      assertEquals(t[i], e.t()[i], "t[" + i + "]");
      assertEquals(x[i], e.x()[i]);
      assertEquals(y[i], e.y()[i]);
      assertEquals(p[i], e.p()[i]);
    }
  }

  @Test
  void rejectsValuesTheFormatCannotHold() {
    byte[] p0 = {0};
    assertThrows(IllegalArgumentException.class,
        () -> AtisBinWriter.encode(new long[] {0}, new int[] {256}, new int[] {0}, p0, 1));
    IllegalArgumentException marker = assertThrows(IllegalArgumentException.class,
        () -> AtisBinWriter.encode(new long[] {0}, new int[] {0}, new int[] {240}, p0, 1));
    assertTrue(marker.getMessage().contains("240"), marker.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> AtisBinWriter.encode(new long[] {0}, new int[] {0}, new int[] {0}, new byte[] {2}, 1));
    IllegalArgumentException back = assertThrows(IllegalArgumentException.class,
        () -> AtisBinWriter.encode(new long[] {10, 9}, new int[2], new int[2], new byte[2], 2));
    assertTrue(back.getMessage().contains("event 1"), back.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> AtisBinWriter.encode(new long[] {-1}, new int[1], new int[1], new byte[1], 1));
  }
}
