package org.neurospark.events.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

class ArrowEventsTest {
  static final Path AEDAT4 = SharedData.data("events/aedat4/tonic_sample_dvxplorer_lz4.aedat4");

  @Test
  void schemaIsDocumentedTypesAndMetadata() {
    RecordingInfo info = new RecordingInfo(Path.of("a.aedat4"), EventFormat.AEDAT4, 320, 240);
    var s = EventSchema.schema(info);
    assertEquals("Schema<t: Int(64, true) not null, x: Int(16, true) not null, y: Int(16, true) not null, "
        + "p: Int(8, true) not null>", s.toString().replaceAll("\\(metadata: .*\\)", "").trim());
    assertEquals("320", s.getCustomMetadata().get(EventSchema.WIDTH));
    assertEquals("aedat4", s.getCustomMetadata().get(EventSchema.FORMAT));
    assertEquals("us", s.getCustomMetadata().get(EventSchema.TIME_UNIT));
  }

  @Test
  void vectorsAreReusedAcrossBatchesAndGrow() {
    RecordingInfo info = new RecordingInfo(Path.of("x"), EventFormat.AEDAT4, 0, 0);
    try (BufferAllocator a = new RootAllocator(); EventVectors v = new EventVectors(a, EventSchema.schema(info))) {
      EventBatch b = EventBatch.wrap(new long[] {5, 6}, new int[] {1, 2}, new int[] {3, 4}, new byte[] {0, 1}, 2);
      VectorSchemaRoot r = v.fill(b);
      assertEquals(2, r.getRowCount());
      EventBatch big = new EventBatch(10_000);
      for (int i = 0; i < 10_000; i++) {
        big.add(i, i % 300, i % 200, i & 1);
      }
      assertTrue(v.fill(big) == r);
      assertEquals(10_000, r.getRowCount());
      EventBatch back = new EventBatch(10_000);
      EventVectors.copyRows(r, 0, 10_000, back);
      assertArrayEquals(Arrays.copyOf(big.t(), 10_000), Arrays.copyOf(back.t(), 10_000));
      assertArrayEquals(Arrays.copyOf(big.x(), 10_000), Arrays.copyOf(back.x(), 10_000));
      assertEquals("5", r.getVector("t").getObject(5).toString());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.fill(
          EventBatch.wrap(new long[] {1}, new int[] {40_000}, new int[] {0}, new byte[] {0}, 1)));
      assertTrue(e.getMessage().contains("40000"));
    }
  }

  @Test
  void realAedat4RoundTripsThroughArrowIpc(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("events.arrow");
    EventBatch src = new EventBatch(1 << 17);
    long written;
    try (EventReader r = EventFiles.open(AEDAT4); ArrowEventWriter w = new ArrowEventWriter(out, r.info())) {
      EventBatch b = new EventBatch(5000);
      while (r.read(b)) {
        src.addAll(b);
        w.write(b);
      }
      written = w.events();
      assertEquals(23, w.batches());
    }
    assertEquals(111954, written);
    EventBatch back = new EventBatch(1 << 17);
    assertEquals(EventFormat.ARROW, EventFiles.detect(out));
    try (ArrowEventReader r = (ArrowEventReader) EventFiles.open(out)) {
      assertEquals(EventFormat.ARROW, r.info().format());
      assertEquals("aedat4", r.sourceFormat());
      assertEquals(320, r.info().width());
      assertEquals(240, r.info().height());
      assertEquals(AEDAT4.toString(), r.metadata().get(EventSchema.SOURCE_FILE));
      assertEquals(23, r.batches());
      EventBatch b = new EventBatch(7777); // not aligned with the file's record batches
      while (r.read(b)) {
        back.addAll(b);
      }
      assertTrue(r.bytesRead() > 0 && r.bytesRead() < Files.size(out));
    }
    assertSame(src, back);
    // conventions apply when reading back
    try (ArrowEventReader r = new ArrowEventReader(out, ReadOptions.DEFAULT.withRebaseTime(true))) {
      EventBatch b = new EventBatch();
      assertTrue(r.read(b));
      assertArrayEquals(new long[] {0, 154, 204, 0}, new long[] {b.t()[0], b.x()[0], b.y()[0], b.p()[0]});
    }
  }

  @Test
  void emptyRecordingWritesAValidFile(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("empty.arrow");
    try (ArrowEventWriter w = new ArrowEventWriter(out, new RecordingInfo(out, EventFormat.AEDAT3, 128, 128))) {
      w.write(new EventBatch());
    }
    try (ArrowEventReader r = new ArrowEventReader(out, ReadOptions.DEFAULT)) {
      assertEquals(0, r.batches());
      assertEquals(false, r.read(new EventBatch()));
    }
  }

  @Test
  void badArrowFilesRaiseEventFileException(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("ok.arrow");
    try (ArrowEventWriter w = new ArrowEventWriter(out, new RecordingInfo(out, EventFormat.ATIS_BIN, 10, 10))) {
      w.write(EventBatch.wrap(new long[] {1, 2}, new int[] {1, 10}, new int[] {1, 1}, new byte[] {0, 1}, 2));
    }
    // out of range for the declared 10 x 10 sensor
    EventFileException e = assertThrows(EventFileException.class, () -> drain(out));
    assertTrue(e.getMessage().contains("(10, 1, 1)") && e.getMessage().contains("ok.arrow"), e.getMessage());
    assertTrue(e.offset() > 0);
    // truncated: footer gone
    byte[] d = Files.readAllBytes(out);
    Path cut = dir.resolve("cut.arrow");
    Files.write(cut, Arrays.copyOf(d, d.length - 20));
    e = assertThrows(EventFileException.class, () -> drain(cut));
    assertTrue(e.getMessage().contains("cut.arrow"), e.getMessage());
    // not Arrow at all
    Path junk = dir.resolve("junk.arrow");
    Files.write(junk, new byte[100]);
    assertThrows(EventFileException.class, () -> drain(junk));
  }

  static void drain(Path f) throws IOException {
    try (ArrowEventReader r = new ArrowEventReader(f, ReadOptions.DEFAULT)) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        // drain
      }
    }
  }

  static void assertSame(EventBatch a, EventBatch b) {
    assertEquals(a.size(), b.size());
    int n = a.size();
    assertArrayEquals(Arrays.copyOf(a.t(), n), Arrays.copyOf(b.t(), n));
    assertArrayEquals(Arrays.copyOf(a.x(), n), Arrays.copyOf(b.x(), n));
    assertArrayEquals(Arrays.copyOf(a.y(), n), Arrays.copyOf(b.y(), n));
    assertArrayEquals(Arrays.copyOf(a.p(), n), Arrays.copyOf(b.p(), n));
  }
}
