package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neurospark.spark.testing.EventBatches.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.spark.testing.Fixtures;

/** {@link EventsFileReader} on files of {@link EventsFileWriter} and of parquet-java's own record writer. */
class EventsFileReaderTest {
  private static EventBatch read(String relative) throws IOException {
    EventBatch all = new EventBatch();
    EventBatch b = new EventBatch();
    try (EventReader r = EventFiles.open(Fixtures.data(relative), ReadOptions.DEFAULT)) {
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }

  private static org.apache.hadoop.fs.Path hpath(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void samplesComeBackWholeAndInFileOrderAcrossPagesAndRowGroups(@TempDir Path tmp) throws Exception {
    Map<String, EventBatch> want = new LinkedHashMap<>();
    want.put("b/nmnist", read("events/nmnist/nmnist_test_60001_label7.bin"));
    want.put("a/gen4", read("events/evt3/expelliarmus_evt3_sample_gen4_1280x720.raw"));
    want.put("c/one", read("events/nmnist/nmnist_test_60004_label0.bin"));
    Path file = tmp.resolve("events.parquet");
    // small pages and row groups: every sample spans several of each
    try (EventsFileWriter w = new EventsFileWriter(HadoopOutputFile.fromPath(hpath(file), new Configuration()),
        PageCodec.named("snappy"), 256, 2048)) {
      for (Map.Entry<String, EventBatch> e : want.entrySet()) {
        w.startSample(e.getKey());
        w.write(e.getValue(), 0, e.getValue().size());
      }
    }
    EventBatch b = new EventBatch(1);
    try (EventsFileReader r = EventsFileReader.open(file.toUri().toString())) {
      for (Map.Entry<String, EventBatch> e : want.entrySet()) {
        assertTrue(e.getValue().size() > 2048, e.getKey() + " spans row groups");
        assertEquals(e.getKey(), r.nextSample(b));
        assertSameEvents(e.getValue(), b, e.getKey());
      }
      assertNull(r.nextSample(b));
      assertEquals(0, b.size());
    }
  }

  /** Plain (not dictionary) pages of another writer; a sample that is not contiguous comes back as two runs. */
  @Test
  void plainPagesOfAnotherWriterAndRunsOfEqualIds(@TempDir Path tmp) throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType("message spark_schema { required binary sample_id "
        + "(STRING); required int64 t; required int32 x (INTEGER(16,true)); required int32 y (INTEGER(16,true)); "
        + "required int32 p (INTEGER(8,true)); }");
    Path file = tmp.resolve("plain.parquet");
    String[] ids = {"s1", "s1", "s1", "s2", "s1"};
    SimpleGroupFactory f = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(hpath(file)).withType(schema)
        .withDictionaryEncoding(false).withConf(new Configuration()).build()) {
      for (int i = 0; i < ids.length; i++) {
        w.write(f.newGroup().append("sample_id", ids[i]).append("t", 100L * i).append("x", i).append("y", 2 * i)
            .append("p", i % 2));
      }
    }
    EventBatch b = new EventBatch(1);
    try (EventsFileReader r = EventsFileReader.open(file.toString())) {
      assertEquals("s1", r.nextSample(b));
      assertArrayEquals(new long[] {0, 100, 200}, Arrays.copyOf(b.t(), b.size()));
      assertArrayEquals(new int[] {0, 2, 4}, Arrays.copyOf(b.y(), b.size()));
      assertArrayEquals(new byte[] {0, 1, 0}, Arrays.copyOf(b.p(), b.size()));
      assertEquals("s2", r.nextSample(b));
      assertArrayEquals(new int[] {3}, Arrays.copyOf(b.x(), b.size()));
      assertEquals("s1", r.nextSample(b), "a second run of s1");
      assertArrayEquals(new long[] {400}, Arrays.copyOf(b.t(), b.size()));
      assertNull(r.nextSample(b));
    }
  }

  @Test
  void aFileWithoutTheEventColumnsIsRefusedByName(@TempDir Path tmp) throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType("message m { required int64 t; }");
    Path file = tmp.resolve("other.parquet");
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(hpath(file)).withType(schema)
        .withConf(new Configuration()).build()) {
      w.write(new SimpleGroupFactory(schema).newGroup().append("t", 1L));
    }
    IOException e = assertThrows(IOException.class,
        () -> EventsFileReader.open(file.toString()));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("sample_id"), e.getMessage());
  }
}
