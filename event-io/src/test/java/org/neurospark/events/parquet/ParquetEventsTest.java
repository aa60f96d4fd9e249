package org.neurospark.events.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.arrow.EventSchema;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

class ParquetEventsTest {
  static final Path AEDAT4 = SharedData.data("events/aedat4/tonic_sample_dvxplorer_lz4.aedat4");

  @Test
  void hadoopIsNotOnTheTestClasspath() {
    // the launcher's target/lib has no Hadoop either; these tests prove Parquet works without it
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.conf.Configuration"));
  }

  @ParameterizedTest
  @EnumSource(value = CompressionCodecName.class, names = {"ZSTD", "SNAPPY", "UNCOMPRESSED"})
  void realAedat4RoundTripsThroughParquet(CompressionCodecName codec, @TempDir Path dir) throws IOException {
    Path out = dir.resolve("events.parquet");
    EventBatch src = new EventBatch(1 << 17);
    try (EventReader r = EventFiles.open(AEDAT4); ParquetEventWriter w = new ParquetEventWriter(out, r.info(), codec)) {
      EventBatch b = new EventBatch(4096);
      while (r.read(b)) {
        src.addAll(b);
        w.write(b);
      }
      assertEquals(111954, w.events());
    }
    assertEquals(111954, src.size());
    EventBatch back = new EventBatch(1 << 17);
    assertEquals(EventFormat.PARQUET, EventFiles.detect(out));
    try (ParquetEventReader r = (ParquetEventReader) EventFiles.open(out)) {
      assertEquals(EventFormat.PARQUET, r.info().format());
      assertEquals("aedat4", r.sourceFormat());
      assertEquals(320, r.info().width());
      assertEquals(240, r.info().height());
      assertEquals(AEDAT4.toString(), r.metadata().get(EventSchema.SOURCE_FILE));
      assertEquals("us", r.metadata().get(EventSchema.TIME_UNIT));
      EventBatch b = new EventBatch(10_000);
      while (r.read(b)) {
        back.addAll(b);
      }
      assertTrue(r.bytesRead() > 0 && r.bytesRead() <= Files.size(out));
    }
    assertEquals(src.size(), back.size());
    int n = src.size();
    assertArrayEquals(Arrays.copyOf(src.t(), n), Arrays.copyOf(back.t(), n));
    assertArrayEquals(Arrays.copyOf(src.x(), n), Arrays.copyOf(back.x(), n));
    assertArrayEquals(Arrays.copyOf(src.y(), n), Arrays.copyOf(back.y(), n));
    assertArrayEquals(Arrays.copyOf(src.p(), n), Arrays.copyOf(back.p(), n));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void manyRowGroupsStream(boolean dictionary, @TempDir Path dir) throws IOException {
    // dictionary = true: pages written by Parquet's default encoders, read through the general column-reader path
    Path out = dir.resolve("big.parquet");
    int total = 1_000_000; // with 1 MiB row groups: several row groups
    long sum = 0;
    try (ParquetEventWriter w = new ParquetEventWriter(out, new RecordingInfo(out, EventFormat.EVT3, 1280, 720),
        CompressionCodecName.UNCOMPRESSED, 1 << 20, dictionary)) {
      EventBatch b = new EventBatch(1 << 16);
      long seed = 42;
      for (int done = 0; done < total; ) {
        b.clear();
        for (int i = 0; i < b.capacity() && done < total; i++, done++) {
          seed = seed * 6364136223846793005L + 1442695040888963407L;
          int x = (int) ((seed >>> 33) % 1280);
          int y = (int) ((seed >>> 13) % 720);
          b.add(done * 3L + (seed & 1023), x, y, (int) (seed >>> 63));
          sum += done * 3L + (seed & 1023) + x * 7L + y * 13L + (seed >>> 63);
        }
        w.write(b);
      }
    }
    long got = 0;
    long count = 0;
    try (ParquetEventReader r = new ParquetEventReader(out, ReadOptions.DEFAULT)) {
      assertTrue(r.rowGroups() >= 2, "row groups: " + r.rowGroups());
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        assertEquals(!dictionary, r.plainPages());
        for (int i = 0; i < b.size(); i++) {
          got += b.t()[i] + b.x()[i] * 7L + b.y()[i] * 13L + b.p()[i];
        }
        count += b.size();
      }
    }
    assertEquals(total, count);
    assertEquals(sum, got);
  }

  @Test
  void badParquetFilesRaiseEventFileException(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("ok.parquet");
    try (ParquetEventWriter w = new ParquetEventWriter(out, new RecordingInfo(out, EventFormat.AEDAT3, 10, 10))) {
      w.write(EventBatch.wrap(new long[] {1, 2}, new int[] {1, 10}, new int[] {1, 1}, new byte[] {0, 1}, 2));
    }
    EventFileException e = assertThrows(EventFileException.class, () -> drain(out));
    assertTrue(e.getMessage().contains("(10, 1, 1)") && e.getMessage().contains("ok.parquet"), e.getMessage());
    assertEquals(4, e.offset()); // first row group starts after the "PAR1" magic
    byte[] d = Files.readAllBytes(out);
    Path cut = dir.resolve("cut.parquet");
    Files.write(cut, Arrays.copyOf(d, d.length - 30));
    e = assertThrows(EventFileException.class, () -> drain(cut));
    assertTrue(e.getMessage().contains("cut.parquet"), e.getMessage());
    // corrupt column data (keep the footer): flip bytes in the first pages
    Path flipped = dir.resolve("flip.parquet");
    byte[] f = d.clone();
    for (int i = 8; i < 40; i++) {
      f[i] ^= (byte) 0xA5;
    }
    Files.write(flipped, f);
    e = assertThrows(EventFileException.class, () -> drain(flipped));
    assertEquals(4, e.offset());
    IllegalArgumentException ie = assertThrows(IllegalArgumentException.class, () -> {
      try (ParquetEventWriter w = new ParquetEventWriter(dir.resolve("p.parquet"),
          new RecordingInfo(out, EventFormat.AEDAT3, 0, 0))) {
        w.write(EventBatch.wrap(new long[] {1}, new int[] {1}, new int[] {1}, new byte[] {2}, 1));
      }
    });
    assertTrue(ie.getMessage().contains("p 2"));
  }

  static void drain(Path f) throws IOException {
    try (ParquetEventReader r = new ParquetEventReader(f, ReadOptions.DEFAULT)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        assertFalse(b.isEmpty());
      }
    }
  }
}
