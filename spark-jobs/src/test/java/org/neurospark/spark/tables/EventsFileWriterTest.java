package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.spark.testing.DuckDb;
import org.neurospark.spark.testing.Fixtures;

/**
 * {@link EventsFileWriter} read back with parquet-java's record reader (an implementation independent of the
 * writer's page encoding) and with DuckDB, against event-io's readers.
 */
class EventsFileWriterTest {
  /** Recordings of different sensors: 34×34 ATIS, 1280×720 EVT3 (wide x/y dictionaries), DVXplorer AEDAT 4. */
  private static final Map<String, String> RECORDINGS = new LinkedHashMap<>();

  static {
    RECORDINGS.put("b/nmnist", "events/nmnist/nmnist_test_60001_label7.bin");
    RECORDINGS.put("a/gen4", "events/evt3/expelliarmus_evt3_sample_gen4_1280x720.raw");
    RECORDINGS.put("c/dvx", "events/aedat4/tonic_sample_dvxplorer_lz4.aedat4");
  }

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

  /** Rows of the file with parquet-java's example (record-assembling) reader. */
  private static List<Group> rows(Path file) throws IOException {
    List<Group> out = new ArrayList<>();
    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), hpath(file)).build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        out.add(g);
      }
    }
    return out;
  }

  @Test
  void contentsEqualTheReaderPerSampleAcrossManyPagesAndRowGroups(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("events.parquet");
    Map<String, EventBatch> want = new LinkedHashMap<>();
    // small pages (1024 events: two bit-packed runs per dictionary page) and row groups (8192 events)
    try (EventsFileWriter w = new EventsFileWriter(HadoopOutputFile.fromPath(hpath(file), new Configuration()),
        PageCodec.named("snappy"), 1024, 8192)) {
      for (Map.Entry<String, String> e : RECORDINGS.entrySet()) {
        EventBatch all = read(e.getValue());
        want.put(e.getKey(), all);
        w.startSample(e.getKey());
        // in uneven slices, as a reader's batches arrive
        for (int from = 0; from < all.size(); from += 777) {
          w.write(all, from, Math.min(all.size(), from + 777));
        }
      }
      long total = want.values().stream().mapToLong(EventBatch::size).sum();
      assertEquals(total, w.rows());
      assertEquals("a/gen4", w.minSample());
      assertEquals("c/dvx", w.maxSample());
    }

    List<Group> rows = rows(file);
    int i = 0;
    for (Map.Entry<String, EventBatch> e : want.entrySet()) {
      EventBatch b = e.getValue();
      assertTrue(b.size() > 1000, e.getKey() + " has " + b.size() + " events");
      for (int k = 0; k < b.size(); k++, i++) {
        Group g = rows.get(i);
        String at = e.getKey() + " event " + k;
        assertEquals(e.getKey(), g.getString("sample_id", 0), at);
        assertEquals(b.t()[k], g.getLong("t", 0), at);
        assertEquals(b.x()[k], g.getInteger("x", 0), at);
        assertEquals(b.y()[k], g.getInteger("y", 0), at);
        assertEquals(b.p()[k], g.getInteger("p", 0), at);
      }
    }
    assertEquals(i, rows.size(), "no extra rows");

    // footer: many row groups, dictionary-encoded columns, exact t statistics per row group
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(hpath(file), new Configuration()))) {
      ParquetMetadata footer = r.getFooter();
      List<BlockMetaData> blocks = footer.getBlocks();
      assertTrue(blocks.size() > 20, blocks.size() + " row groups");
      long first = 0;
      List<Long> ts = new ArrayList<>();
      want.values().forEach(b -> {
        for (int k = 0; k < b.size(); k++) {
          ts.add(b.t()[k]);
        }
      });
      for (BlockMetaData block : blocks) {
        ColumnChunkMetaData t = block.getColumns().get(1);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long k = first; k < first + block.getRowCount(); k++) {
          min = Math.min(min, ts.get((int) k));
          max = Math.max(max, ts.get((int) k));
        }
        Statistics<?> st = t.getStatistics();
        assertEquals(min, ((Number) st.genericGetMin()).longValue());
        assertEquals(max, ((Number) st.genericGetMax()).longValue());
        assertTrue(t.getEncodings().contains(Encoding.DELTA_BINARY_PACKED), t.getEncodings().toString());
        assertTrue(block.getColumns().get(2).hasDictionaryPage());
        first += block.getRowCount();
      }
      assertEquals("EventsFileWriter", footer.getFileMetaData().getKeyValueMetaData().get("neurospark.writer"));
    }

    // DuckDB (an independent Parquet implementation) agrees per sample
    Map<String, List<String>> duck = new LinkedHashMap<>();
    for (JsonNode r : DuckDb.query("SELECT sample_id, count(*), sum(t::HUGEINT), sum(x), sum(y), sum(p), typeof(x), "
        + "typeof(p) FROM read_parquet(" + DuckDb.files(List.of(file)) + ") GROUP BY sample_id, typeof(x), typeof(p)")) {
      assertEquals("SMALLINT", r.get(6).asText());
      assertEquals("TINYINT", r.get(7).asText());
      duck.put(r.get(0).asText(), List.of(r.get(1).asText(), r.get(2).asText(), r.get(3).asText(),
          r.get(4).asText(), r.get(5).asText()));
    }
    assertEquals(want.keySet(), duck.keySet());
    for (Map.Entry<String, EventBatch> e : want.entrySet()) {
      EventBatch b = e.getValue();
      java.math.BigInteger st = java.math.BigInteger.ZERO;
      long sx = 0;
      long sy = 0;
      long sp = 0;
      for (int k = 0; k < b.size(); k++) {
        st = st.add(java.math.BigInteger.valueOf(b.t()[k]));
        sx += b.x()[k];
        sy += b.y()[k];
        sp += b.p()[k];
      }
      assertEquals(List.of(Long.toString(b.size()), st.toString(), Long.toString(sx), Long.toString(sy),
          Long.toString(sp)), duck.get(e.getKey()), e.getKey());
    }
  }

  @Test
  void everyCodecWritesTheSameRows(@TempDir Path tmp) throws Exception {
    EventBatch b = read("events/nmnist/nmnist_test_60004_label0.bin");
    List<List<Object>> first = null;
    for (String codec : List.of("uncompressed", "snappy", "zstd")) {
      Path file = tmp.resolve(codec + ".parquet");
      try (EventsFileWriter w = new EventsFileWriter(HadoopOutputFile.fromPath(hpath(file), new Configuration()),
          PageCodec.named(codec))) {
        w.startSample("s");
        w.write(b, 0, b.size());
      }
      List<List<Object>> got = new ArrayList<>();
      for (Group g : rows(file)) {
        got.add(List.of(g.getLong("t", 0), g.getInteger("x", 0), g.getInteger("y", 0), g.getInteger("p", 0)));
      }
      assertEquals(b.size(), got.size(), codec);
      if (first != null) {
        assertEquals(first, got, codec);
      }
      first = got;
    }
    assertThrows(IllegalArgumentException.class, () -> PageCodec.named("lzo"));
  }

  /**
   * Column chunks the codec cannot shrink (bit-packed coordinates of a real recording) are stored uncompressed;
   * compressible ones (a constant polarity, regular timestamps) and {@code sample_id} keep the codec, per row group;
   * parquet-java and Spark read every chunk back the same.
   */
  @Test
  void eachColumnChunkIsCompressedOnlyWhereThatPays(@TempDir Path tmp) throws Exception {
    EventBatch real = read("events/nmnist/nmnist_test_60004_label0.bin");
    EventBatch regular = new EventBatch();
    for (int i = 0; i < 4096; i++) {
      // one value of x, y and p, timestamps every 10 µs: every page of every column is highly compressible
      regular.add(10L * i, 3, 3, 1);
    }
    for (String codec : List.of("snappy", "zstd")) {
      Path file = tmp.resolve(codec + ".parquet");
      try (EventsFileWriter w = new EventsFileWriter(HadoopOutputFile.fromPath(hpath(file), new Configuration()),
          PageCodec.named(codec), 1024, 2048)) {
        w.startSample("real");
        w.write(real, 0, 2048); // row group 1
        w.startSample("regular");
        w.write(regular, 0, 2048); // row group 2
      }
      org.apache.parquet.hadoop.metadata.CompressionCodecName named =
          org.apache.parquet.hadoop.metadata.CompressionCodecName.fromConf(codec);
      org.apache.parquet.hadoop.metadata.CompressionCodecName none =
          org.apache.parquet.hadoop.metadata.CompressionCodecName.UNCOMPRESSED;
      try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
          org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(hpath(file), new Configuration()))) {
        List<org.apache.parquet.hadoop.metadata.BlockMetaData> groups = r.getFooter().getBlocks();
        assertEquals(2, groups.size());
        List<Object> realCodecs = new ArrayList<>();
        List<Object> regularCodecs = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
          realCodecs.add(groups.get(0).getColumns().get(c).getCodec());
          regularCodecs.add(groups.get(1).getColumns().get(c).getCodec());
        }
        if (codec.equals("zstd")) {
          // zstd's entropy coding may shrink the 6-bit packed coordinates of a 34x34 sensor by a few percent
          realCodecs.set(2, none);
          realCodecs.set(3, none);
        }
        assertEquals(List.of(named, none, none, none, none), realCodecs, codec + ": sample_id keeps the codec");
        assertEquals(List.of(named, named, named, named, named), regularCodecs, codec);
      }
      List<Group> rows = rows(file);
      assertEquals(4096, rows.size());
      for (int i = 0; i < 4096; i++) {
        EventBatch b = i < 2048 ? real : regular;
        int k = i % 2048;
        Group g = rows.get(i);
        assertEquals(i < 2048 ? "real" : "regular", g.getString("sample_id", 0));
        assertEquals(List.of(b.t()[k], b.x()[k], b.y()[k], (int) b.p()[k]), List.of(g.getLong("t", 0),
            g.getInteger("x", 0), g.getInteger("y", 0), g.getInteger("p", 0)), codec + " row " + i);
      }
    }
  }

  @Test
  void anEmptyFileIsValidAndEmptySamplesLeaveNoDataFile(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("empty.parquet");
    try (EventsFileWriter w = new EventsFileWriter(HadoopOutputFile.fromPath(hpath(file), new Configuration()),
        PageCodec.named("snappy"))) {
      w.startSample("nothing");
      w.write(new EventBatch(1), 0, 0);
      assertEquals(0, w.rows());
    }
    assertEquals(0, rows(file).size());

    // partition writers: a sample without events opens nothing; one with events gives one described data file
    Path table = tmp.resolve("events");
    EventsPartitionWriters pw = new EventsPartitionWriters(table.toString(), new Configuration(), "zstd", "t0");
    EventBatch b = read("events/nmnist/nmnist_test_60004_label0.bin");
    pw.startSample("train", 3, "x/one.bin").write(b, 0, b.size());
    pw.startSample("test", 1, "y/empty.bin");
    List<EventsDataFile> files = pw.finish();
    pw.close();
    assertEquals(1, files.size(), files.toString());
    EventsDataFile f = files.get(0);
    assertTrue(f.path().startsWith("split=train/label=3/part-t0-") && f.path().endsWith(".zstd.parquet"), f.path());
    Path onDisk = table.resolve(f.path());
    assertEquals(Files.size(onDisk), f.sizeBytes());
    assertEquals(b.size(), f.numRecords());
    assertEquals(b.size(), rows(onDisk).size());
    try (var s = Files.walk(table)) {
      assertEquals(1, s.filter(p -> p.toString().endsWith(".parquet")).count(), "the empty sample's file is gone");
    }
    JsonNode stats = new ObjectMapper().readTree(f.statsJson());
    assertEquals(b.size(), stats.get("numRecords").asLong());
    assertEquals("x/one.bin", stats.get("minValues").get("sample_id").asText());
    assertEquals("x/one.bin", stats.get("maxValues").get("sample_id").asText());
    assertEquals(0, stats.get("nullCount").get("sample_id").asLong());
  }

  @Test
  void aSampleNeverSpansTwoFilesAndAbortDeletesEverything(@TempDir Path tmp) throws Exception {
    Path table = tmp.resolve("events");
    EventsPartitionWriters pw = new EventsPartitionWriters(table.toString(), new Configuration(), "snappy", "t1");
    EventBatch b = read("events/nmnist/nmnist_test_60004_label0.bin");
    // more partitions than open files: the least recently used are finished between samples
    for (int label = 0; label < EventsPartitionWriters.MAX_OPEN + 2; label++) {
      pw.startSample("train", label, "s" + label).write(b, 0, b.size());
    }
    EventsFileWriter again = pw.startSample("train", 0, "s0b");
    again.write(b, 0, 100);
    again.write(b, 100, b.size());
    List<EventsDataFile> files = pw.finish();
    assertEquals(EventsPartitionWriters.MAX_OPEN + 3, files.size(), files.toString());
    for (EventsDataFile f : files) {
      assertEquals(f.minSampleId(), f.maxSampleId(), "one sample per file here: " + f);
      assertEquals(b.size(), f.numRecords());
    }

    EventsPartitionWriters failed = new EventsPartitionWriters(tmp.resolve("t2").toString(), new Configuration(),
        "snappy", "t2");
    failed.startSample("train", 1, "a").write(b, 0, b.size());
    failed.startSample("test", 2, "b").write(b, 0, b.size());
    failed.close(); // not finished: a failed task
    try (var s = Files.walk(tmp.resolve("t2"))) {
      assertEquals(0, s.filter(p -> p.toString().endsWith(".parquet")).count());
    }
  }

  @Test
  void polaritiesAboveOneAndWideCoordinatesRoundTrip(@TempDir Path tmp) throws Exception {
    // p beyond 0/1 takes the general id path; x up to 32767 makes a 15-bit page (the widest a pixel column gets)
    Path file = tmp.resolve("wide.parquet");
    EventBatch b = new EventBatch(5000);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (int i = 0; i < 5000; i++) {
      b.add(1000L + 3L * i, i == 17 ? Short.MAX_VALUE : rnd.nextInt(2000), rnd.nextInt(40), rnd.nextInt(6));
    }
    try (EventsFileWriter w = new EventsFileWriter(HadoopOutputFile.fromPath(hpath(file), new Configuration()),
        PageCodec.named("snappy"), 1024, 2048)) {
      w.startSample("s");
      w.write(b, 0, 1500);
      w.write(b, 1500, 5000);
    }
    List<Group> rows = rows(file);
    assertEquals(5000, rows.size());
    for (int i = 0; i < 5000; i++) {
      Group g = rows.get(i);
      assertEquals(List.of(b.t()[i], b.x()[i], b.y()[i], (int) b.p()[i]),
          List.of(g.getLong("t", 0), g.getInteger("x", 0), g.getInteger("y", 0), g.getInteger("p", 0)), "row " + i);
    }
  }

  @Test
  void negativeCoordinatesAndPolaritiesAreRefused(@TempDir Path tmp) throws Exception {
    try (EventsFileWriter w = new EventsFileWriter(HadoopOutputFile.fromPath(hpath(tmp.resolve("neg.parquet")),
        new Configuration()), PageCodec.named("snappy"))) {
      w.startSample("s");
      EventBatch x = new EventBatch(2);
      x.add(1, 3, 2, 1);
      x.add(2, -1, 2, 1);
      assertTrue(assertThrows(IllegalArgumentException.class, () -> w.write(x, 0, 2)).getMessage()
          .contains("x=-1"));
      EventBatch p = new EventBatch(1);
      p.add(1, 3, 2, -1);
      assertTrue(assertThrows(IllegalArgumentException.class, () -> w.write(p, 0, 1)).getMessage()
          .contains("polarity -1"));
      assertEquals(0, w.rows());
    }
  }

  @Test
  void coordinatesOutsideSmallintAreRefused(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("bad.parquet");
    try (EventsFileWriter w = new EventsFileWriter(HadoopOutputFile.fromPath(hpath(file), new Configuration()),
        PageCodec.named("snappy"))) {
      EventBatch b = new EventBatch(2);
      b.add(1, 40_000, 2, 1);
      w.startSample("s");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(b, 0, 1));
      assertTrue(e.getMessage().contains("40000"), e.getMessage());
      assertEquals(0, w.rows());
    }
  }
}
