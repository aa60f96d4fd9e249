package org.neurospark.spark.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventReader;
import org.neurospark.spark.ingest.FileWork;
import org.neurospark.spark.ingest.IngestCatalogs;
import org.neurospark.spark.ingest.RecordingOpener;
import org.neurospark.spark.ingest.SampleLister;
import org.neurospark.spark.ingest.SampleSpec;
import org.neurospark.spark.testing.Fixtures;
import org.neurospark.spark.testing.ReaderStats;
import org.neurospark.spark.testing.TestSpark;

/**
 * The {@code neurospark} DataSource V2 on embedded {@code local[2]} Spark: its rows against event-io's readers on
 * the same files (fixtures from {@code shared/data/events} arranged as a {@code folder} catalog, an N-MNIST layout and
 * a DVS128 Gesture recording), pruning by sample columns, SQL aggregations, and bad recordings in both modes.
 */
class NeurosparkSourceTest {
  private static SparkSession spark;
  @TempDir
  static Path tmp;
  private static Path folder;
  private static Path nmnist;

  @BeforeAll
  static void start() throws IOException {
    spark = TestSpark.start("NeurosparkSourceTest");
    folder = tmp.resolve("folder");
    Fixtures.place(folder, "atis", "events/nmnist/tonic_sample_nmnist.bin", "tonic.bin");
    Fixtures.place(folder, "atis", "events/nmnist/nmnist_test_60001_label7.bin", "n60001.bin");
    Fixtures.place(folder, "atis", "events/nmnist/nmnist_test_60004_label0.bin", "n60004.bin");
    Fixtures.place(folder, "jaer", "events/aedat2/header_only_davis346red_tonic.aedat", "empty.aedat");
    Fixtures.place(folder, "jaer", "events/aedat4/tonic_sample_dvxplorer_lz4.aedat4", "dvx.aedat4");
    Fixtures.place(folder, "prophesee", "events/dat/ncars_obj_004397_td.dat", "ncars.dat");
    Fixtures.place(folder, "prophesee", "events/evt3/expelliarmus_evt3_sample_gen4_1280x720.raw", "gen4.raw");
    nmnist = SourceFixtures.nmnistLayout(tmp.resolve("nmnist"));
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Dataset<Row> read(String catalog, Path root, String... options) {
    var r = spark.read().format("neurospark").option("catalog", catalog);
    for (int i = 0; i < options.length; i += 2) {
      r = r.option(options[i], options[i + 1]);
    }
    return r.load(root.toString());
  }

  /** The samples the catalog lists (the ingest job's lister), by id. */
  private static Map<String, SampleSpec> listed(String catalog, Path root) throws IOException {
    Map<String, SampleSpec> m = new LinkedHashMap<>();
    for (FileWork w : SampleLister.list(catalog, root)) {
      for (SampleSpec s : w.samples()) {
        m.put(s.sampleId(), s);
      }
    }
    return m;
  }

  /** event-io's reader on one sample, as the ingest job opens it. */
  private static EventReader open(String catalog, SampleSpec s) throws IOException {
    return s.wholeFile() ? RecordingOpener.open(s.path(), IngestCatalogs.readOptions(catalog))
        : RecordingOpener.openSample(s, IngestCatalogs.catalog(catalog));
  }

  /**
   * Per-sample statistics of the source's rows in the scan's row order: {@code m = monotonically_increasing_id()}
   * right above the scan numbers a partition's rows consecutively, so within a sample (contiguous in one partition)
   * the 1-based file position is {@code i = m - min(m) + 1} and the order checksum {@code Σ i·v} of
   * {@link ReaderStats} is {@code Σ m·v - (min(m) - 1)·Σ v}. Columns: sample_id, min/max label, min split,
   * min class_name, count, t_first, t_last, Σt, Σx, Σy, Σp, Σ m·v, min(m), Σ v, max(m).
   */
  private static Map<String, Row> sourceStats(Dataset<Row> df) {
    df.createOrReplaceTempView("rec");
    String v = "cast(t + 3 * cast(x AS bigint) + 5 * cast(y AS bigint) + 7 * cast(p AS bigint) AS decimal(38,0))";
    Map<String, Row> m = new HashMap<>();
    for (Row r : spark.sql("SELECT sample_id, min(label), max(label), min(split), min(class_name), count(*),"
        + " min_by(t, m), max_by(t, m), sum(cast(t AS decimal(38,0))), sum(cast(x AS bigint)), sum(cast(y AS bigint)),"
        + " sum(cast(p AS bigint)), sum(cast(m AS decimal(38,0)) * " + v + "), min(m), sum(" + v + "), max(m)"
        + " FROM (SELECT *, monotonically_increasing_id() AS m FROM rec) GROUP BY sample_id").collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  /** {@code Σ i·v} from the sums of {@link #sourceStats}. */
  private static BigDecimal ordered(Row e) {
    return e.getDecimal(12).subtract(BigDecimal.valueOf(e.getLong(13) - 1).multiply(e.getDecimal(14)))
        .setScale(0);
  }

  /** Every listed sample in {@code expectedIds} equals event-io's reader; no other sample has rows. */
  private static void assertRowsEqualReader(Dataset<Row> df, String catalog, Path root, Set<String> expectedIds)
      throws IOException {
    Map<String, SampleSpec> listed = listed(catalog, root);
    Map<String, Row> got = sourceStats(df);
    int withEvents = 0;
    for (String id : expectedIds) {
      SampleSpec s = listed.get(id);
      assertNotNull(s, id + " is listed");
      ReaderStats want = ReaderStats.of(open(catalog, s));
      Row e = got.get(id);
      if (want.count() == 0) {
        assertEquals(null, e, id + " has no rows");
        continue;
      }
      withEvents++;
      assertNotNull(e, id + " has rows");
      assertEquals(s.label(), e.getInt(1), id + " label");
      assertEquals(s.label(), e.getInt(2), id + " label constant");
      assertEquals(s.split(), e.getString(3), id + " split");
      assertEquals(s.className(), e.getString(4), id + " class_name");
      assertEquals(want.count(), e.getLong(5), id + " events");
      assertEquals(want.tFirst().longValue(), e.getLong(6), id + " first event");
      assertEquals(want.tLast().longValue(), e.getLong(7), id + " last event");
      assertEquals(new BigDecimal(want.sumT()), e.getDecimal(8).setScale(0), id + " sum t");
      assertEquals(want.sumX(), e.getLong(9), id + " sum x");
      assertEquals(want.sumY(), e.getLong(10), id + " sum y");
      assertEquals(want.sumP(), e.getLong(11), id + " sum p");
      assertEquals(want.count(), e.getLong(15) - e.getLong(13) + 1, id + " rows contiguous in one partition");
      assertEquals(new BigDecimal(want.ordered()), ordered(e), id + " file order");
    }
    assertEquals(withEvents, got.size(), "rows only for the expected samples: " + got.keySet());
  }

  private static long totalEvents(String catalog, Path root) throws IOException {
    long n = 0;
    for (SampleSpec s : listed(catalog, root).values()) {
      n += ReaderStats.of(open(catalog, s)).count();
    }
    return n;
  }

  @Test
  void folderCatalogRowsEqualTheReaderOnePartitionPerRecording() throws Exception {
    Dataset<Row> df = read("folder", folder);
    assertEquals(EventColumns.SCHEMA, df.schema());
    Set<String> ids = listed("folder", folder).keySet();
    assertEquals(7, ids.size());
    assertRowsEqualReader(df, "folder", folder, ids);

    // plan and counters of a plain scan: one partition per recording, every one opened once
    Dataset<Row> counted = read("folder", folder).selectExpr("count(*)", "max(t)");
    long rows = counted.collectAsList().get(0).getLong(0);
    BatchScanExec scan = SourcePlans.scan(counted);
    assertEquals(7, SourcePlans.plannedPartitions(scan));
    assertEquals(List.copyOf(ids), SourcePlans.plannedSamples(scan), "catalog order");
    assertEquals(7, SourcePlans.metric(scan, SourceMetrics.RECORDINGS_OPENED));
    assertEquals(rows, SourcePlans.metric(scan, SourceMetrics.EVENTS_READ));
    assertEquals(0, SourcePlans.metric(scan, SourceMetrics.MALFORMED_RECORDINGS));
    assertEquals(totalEvents("folder", folder), rows);
    assertTrue(rows > 100_000, "events " + rows);
  }

  @Test
  void smallBatchesAndSeveralSamplesPerPartitionGiveTheSameRows() throws Exception {
    Dataset<Row> df = read("folder", folder, "batchEvents", "777", "samplesPerPartition", "3");
    assertRowsEqualReader(df, "folder", folder, listed("folder", folder).keySet());
    Dataset<Row> ids = df.select("sample_id").distinct();
    ids.collectAsList();
    assertEquals(3, SourcePlans.plannedPartitions(SourcePlans.scan(ids)), "7 samples, 3 per partition");
  }

  @Test
  void nmnistLayoutRowsEqualTheReader() throws Exception {
    Dataset<Row> df = read("nmnist", nmnist);
    Map<String, SampleSpec> listed = listed("nmnist", nmnist);
    assertEquals(20, listed.size());
    assertRowsEqualReader(df, "nmnist", nmnist, listed.keySet());
    Row r = df.where("sample_id = 'Test/7/test7.bin'").select("label", "split", "class_name").distinct().head();
    assertEquals(7, r.getInt(0));
    assertEquals("test", r.getString(1));
    assertEquals("7", r.getString(2));
  }

  /**
   * Filters on sample columns prune partitions on the driver. The folder also holds a garbage recording in a class
   * no query selects: it would fail a FAILFAST query if it were opened (the unfiltered query shows it does).
   */
  @Test
  void sampleFiltersPrunePartitionsAndPrunedFilesAreNeverOpened() throws Exception {
    Path root = SourceFixtures.nmnistLayout(tmp.resolve("pruning"));
    Path bad = root.resolve("Train/3/garbage.bin");
    Files.createDirectories(bad.getParent());
    Files.write(bad, Arrays.copyOf("not an ATIS recording".getBytes(StandardCharsets.US_ASCII), 1003));

    Exception e = assertThrows(Exception.class, () -> read("nmnist", root).count());
    assertTrue(messages(e).contains(bad.toString()), messages(e));

    record Case(String where, java.util.function.Predicate<SampleSpec> keep) {}
    Map<String, SampleSpec> listed = listed("nmnist", root);
    for (Case c : List.of(
        new Case("label = 7", s -> s.label() == 7),
        new Case("split = 'test'", s -> s.split().equals("test")),
        new Case("sample_id = 'Train/4/train4.bin'", s -> s.sampleId().equals("Train/4/train4.bin")),
        new Case("label IN (2, 9) OR sample_id LIKE 'Test/1/%'",
            s -> s.label() == 2 || s.label() == 9 || s.sampleId().startsWith("Test/1/")),
        new Case("split = 'train' AND NOT (label = 7 OR label = 3) AND class_name >= '4'",
            s -> s.split().equals("train") && s.label() != 7 && s.label() != 3 && s.label() >= 4),
        new Case("label = 11", s -> false))) {
      Set<String> ids = listed.values().stream().filter(c.keep()).map(SampleSpec::sampleId)
          .collect(Collectors.toSet());
      assertTrue(ids.stream().noneMatch(id -> id.startsWith("Train/3/")), c.where());
      Dataset<Row> df = read("nmnist", root).where(c.where());
      assertRowsEqualReader(df, "nmnist", root, ids);
      Dataset<Row> q = read("nmnist", root).where(c.where()).selectExpr("count(*)", "max(x)");
      long n = q.collectAsList().get(0).getLong(0);
      BatchScanExec scan = SourcePlans.scan(q);
      assertEquals(ids, Set.copyOf(SourcePlans.plannedSamples(scan)), c.where());
      assertEquals(ids.size(), SourcePlans.plannedPartitions(scan), c.where());
      assertEquals(ids.size(), SourcePlans.metric(scan, SourceMetrics.RECORDINGS_OPENED), c.where());
      assertEquals(n, SourcePlans.metric(scan, SourceMetrics.EVENTS_READ), c.where());
      String plan = q.queryExecution().executedPlan().toString();
      assertTrue(!c.where().startsWith("label") || plan.contains("pushedFilters=["), plan);
    }

    // event-column filters are left to Spark (and still correct); sample filters alongside them still prune
    Dataset<Row> q = read("nmnist", root).where("label = 7 AND t < 100000 AND p = 1").select("sample_id", "t", "p");
    List<Row> rows = q.collectAsList();
    BatchScanExec scan = SourcePlans.scan(q);
    assertEquals(2, SourcePlans.plannedPartitions(scan));
    long want = 0;
    for (String id : List.of("Test/7/test7.bin", "Train/7/train7.bin")) {
      try (EventReader r = open("nmnist", listed.get(id))) {
        EventBatch b = new EventBatch();
        while (r.read(b)) {
          for (int i = 0; i < b.size(); i++) {
            want += b.t()[i] < 100_000 && b.p()[i] == 1 ? 1 : 0;
          }
        }
      }
    }
    assertEquals(want, rows.size());
    assertTrue(want > 0);
  }

  @Test
  void sqlAggregationsMatchTheReader() throws Exception {
    read("nmnist", nmnist).createOrReplaceTempView("nm");
    Map<Integer, Long> perClass = new TreeMap<>();
    Map<String, Long> duration = new TreeMap<>();
    for (SampleSpec s : listed("nmnist", nmnist).values()) {
      long n = 0;
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      try (EventReader r = open("nmnist", s)) {
        EventBatch b = new EventBatch();
        while (r.read(b)) {
          for (int i = 0; i < b.size(); i++) {
            min = Math.min(min, b.t()[i]);
            max = Math.max(max, b.t()[i]);
          }
          n += b.size();
        }
      }
      perClass.merge(s.label(), n, Long::sum);
      duration.put(s.sampleId(), max - min);
    }
    Map<Integer, Long> gotClass = spark.sql("SELECT label, count(*) FROM nm GROUP BY label").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getInt(0), r -> r.getLong(1), (a, b) -> a, TreeMap::new));
    assertEquals(perClass, gotClass);
    Map<String, Long> gotDuration = spark.sql("SELECT sample_id, max(t) - min(t) FROM nm GROUP BY sample_id")
        .collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1), (a, b) -> a, TreeMap::new));
    assertEquals(duration, gotDuration);
    Row test = spark.sql("SELECT count(DISTINCT sample_id), count(*) FROM nm WHERE split = 'test'").head();
    assertEquals(10, test.getLong(0));
    assertEquals(perClass.values().stream().mapToLong(Long::longValue).sum(),
        spark.sql("SELECT count(*) FROM nm").head().getLong(0));
  }

  @Test
  void badRecordingsFailWithFileAndOffsetOrAreLeftOut() throws Exception {
    Path root = tmp.resolve("bad");
    Fixtures.place(root, "a", "events/nmnist/nmnist_test_60002_label2.bin", "good1.bin");
    Fixtures.place(root, "a", "events/dat/ncars_obj_004397_td.dat", "good2.dat");
    Path truncated = Fixtures.place(root, "b", "events/nmnist/nmnist_test_60003_label1.bin", "truncated.bin");
    byte[] all = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(all, all.length - 3)); // not a whole 5-byte record
    Path garbage = root.resolve("b/garbage.aedat4");
    byte[] junk = new byte[5000];
    new Random(7).nextBytes(junk);
    byte[] head = "#!AER-DAT4.0\r\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, junk, 0, head.length);
    Files.write(garbage, junk);
    Fixtures.place(root, "b", "events/aedat2/jaer_MovingDarkBox_dvs128.aedat", "good3.aedat");
    Map<String, SampleSpec> listed = listed("folder", root);

    // FAILFAST (the default): the error names the file and the byte offset event-io reports
    for (String id : List.of("b/truncated.bin", "b/garbage.aedat4")) {
      EventFileException cause = assertThrows(EventFileException.class,
          () -> ReaderStats.of(open("folder", listed.get(id))));
      Exception e = assertThrows(Exception.class,
          () -> read("folder", root).where("sample_id = '" + id + "'").collectAsList());
      String m = messages(e);
      assertTrue(m.contains(MalformedRecordingException.class.getName()), m);
      assertTrue(m.contains(listed.get(id).path() + " @ byte " + cause.offset()), m);
      assertTrue(cause.offset() >= 0, id + " offset " + cause.offset());
    }
    assertThrows(Exception.class, () -> read("folder", root, "mode", "failfast").count());

    // DROPMALFORMED: bad samples leave no row (not even the events before the problem), the others are complete;
    // samples of up to bufferEvents are decoded once into memory, larger ones validated and then read again
    Set<String> good = Set.of("a/good1.bin", "a/good2.dat", "b/good3.aedat");
    for (String buffer : List.of("1048576", "100")) {
      Dataset<Row> df = read("folder", root, "mode", "DROPMALFORMED", "bufferEvents", buffer, "batchEvents", "4096");
      assertRowsEqualReader(df, "folder", root, good);
      Dataset<Row> q = read("folder", root, "mode", "DROPMALFORMED", "bufferEvents", buffer)
          .selectExpr("count(*)", "count(DISTINCT sample_id)");
      Row counts = q.collectAsList().get(0);
      long rows = counts.getLong(0);
      assertEquals(3, counts.getLong(1));
      BatchScanExec scan = SourcePlans.scan(q);
      assertEquals(5, SourcePlans.plannedPartitions(scan));
      assertEquals(2, SourcePlans.metric(scan, SourceMetrics.MALFORMED_RECORDINGS), "buffer " + buffer);
      assertEquals(rows, SourcePlans.metric(scan, SourceMetrics.EVENTS_READ));
    }
  }

  /** AEDAT 3.1, one DVS128 polarity event every {@code stepUs} from {@code fromUs} (as in the ingest tests). */
  private static byte[] aedat31(long fromUs, long toUs, long stepUs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DVS128\r\n#!END-HEADER\r\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    int perPacket = 4096;
    for (long start = fromUs; start < toUs; start += perPacket * stepUs) {
      int n = (int) Math.min(perPacket, (toUs - start + stepUs - 1) / stepUs);
      ByteBuffer b = ByteBuffer.allocate(28 + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
      b.putShort((short) 1).putShort((short) 1).putInt(8).putInt(4).putInt(0).putInt(n).putInt(n).putInt(n);
      for (int i = 0; i < n; i++) {
        long t = start + i * stepUs;
        b.putInt((int) ((t / 1000 % 128) << 17 | (t / 128_000 % 128) << 2 | (t / 1000 % 2) << 1 | 1)).putInt((int) t);
      }
      out.writeBytes(b.array());
    }
    return out.toByteArray();
  }

  @Test
  void dvsGestureSegmentsArePartitionsOfOneRecording() throws Exception {
    Path root = tmp.resolve("gesture");
    Path base = Files.createDirectories(root.resolve("DvsGesture"));
    Files.write(base.resolve("user01_natural.aedat"), aedat31(50_000_000, 180_000_000, 2000));
    Files.copy(Fixtures.data("events/dvsgesture/user01_natural_labels.csv"),
        base.resolve("user01_natural_labels.csv"));
    Files.writeString(base.resolve("trials_to_train.txt"), "user01_natural.aedat\n");
    Files.writeString(base.resolve("trials_to_test.txt"), "\n");
    Map<String, SampleSpec> listed = listed("dvsgesture", root);
    assertEquals(12, listed.size());
    for (String id : listed.keySet()) {
      assertTrue(id.matches("DvsGesture/user01_natural\\.aedat#\\d+/user01_natural_\\d+"), id);
    }
    assertRowsEqualReader(read("dvsgesture", root), "dvsgesture", root, listed.keySet());
    String id = listed.keySet().iterator().next();
    Dataset<Row> q = read("dvsgesture", root).where("sample_id = '" + id + "'").select("t");
    List<Row> rows = q.collectAsList();
    BatchScanExec scan = SourcePlans.scan(q);
    assertEquals(List.of(id), SourcePlans.plannedSamples(scan));
    SampleSpec s = listed.get(id);
    assertEquals(ReaderStats.of(open("dvsgesture", s)).count(), rows.size());
    Dataset<Row> all = read("dvsgesture", root).select("label");
    all.collectAsList();
    assertEquals(12, SourcePlans.plannedPartitions(SourcePlans.scan(all)), "one partition per segment");
  }

  @Test
  void badOptionsAreRefusedAtLoad() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spark.read().format("neurospark").load(folder.toString()));
    assertTrue(e.getMessage().contains("'catalog' is required") && e.getMessage().contains("nmnist"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> read("mnist", folder));
    assertTrue(e.getMessage().contains("unknown catalog 'mnist'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> read("folder", folder, "mode", "PERMISSIVE"));
    assertTrue(e.getMessage().contains("unknown mode 'PERMISSIVE'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> read("folder", folder, "batchEvents", "0"));
    assertTrue(e.getMessage().contains("'batchEvents'"), e.getMessage());
    // the class name works as the format too; a layout error names what is missing
    Exception x = assertThrows(Exception.class, () -> spark.read().format(NeurosparkDataSource.class.getName())
        .option("catalog", "nmnist").load(folder.toString()).count());
    assertTrue(messages(x).contains("Train"), messages(x));
  }

  /** The messages of {@code e} and its causes. */
  private static String messages(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return b.toString();
  }
}
