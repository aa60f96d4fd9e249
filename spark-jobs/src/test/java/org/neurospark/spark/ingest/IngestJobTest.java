package org.neurospark.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.ReadOptions;
import org.neurospark.spark.tables.SmallTableCommit;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.tables.TablesLock;
import org.neurospark.spark.testing.ProcessStarts;
import org.neurospark.spark.tables.TablesLockedException;
import org.neurospark.spark.testing.DeltaLogFiles;
import org.neurospark.spark.testing.DuckDb;
import org.neurospark.spark.testing.Fixtures;
import org.neurospark.spark.testing.ReaderStats;
import org.neurospark.spark.testing.TestSpark;

/** {@code ingest} on embedded {@code local[2]} Spark against event-io's readers and DuckDB. */
class IngestJobTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("IngestJobTest");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** A {@code folder} catalog with one class per format family (ATIS, AEDAT 2/4, Prophesee DAT/EVT2/EVT3). */
  private static Path mixedFolder(Path dir) throws IOException {
    Fixtures.place(dir, "atis", "events/nmnist/tonic_sample_nmnist.bin", "tonic.bin");
    Fixtures.place(dir, "atis", "events/nmnist/nmnist_test_60001_label7.bin", "n60001.bin");
    Fixtures.place(dir, "atis", "events/nmnist/nmnist_test_60004_label0.bin", "n60004.bin");
    Fixtures.place(dir, "jaer", "events/aedat2/header_only_davis346red_tonic.aedat", "empty.aedat");
    Fixtures.place(dir, "jaer", "events/aedat4/tonic_sample_dvxplorer_lz4.aedat4", "dvx.aedat4");
    Fixtures.place(dir, "prophesee", "events/dat/ncars_obj_004397_td.dat", "ncars.dat");
    Fixtures.place(dir, "prophesee", "events/evt3/expelliarmus_evt3_sample_gen4_1280x720.raw", "gen4.raw");
    return dir;
  }

  private static Map<String, Row> samplesById(String tables) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : Tables.samples(spark, tables).collectAsList()) {
      m.put(r.getString(r.fieldIndex("sample_id")), r);
    }
    return m;
  }

  /** Per-sample statistics of the events table, in (Parquet file, row index) order. */
  private static Map<String, Row> eventStats(String tables) {
    Tables.eventsInFileOrder(spark, tables).createOrReplaceTempView("ev");
    Dataset<Row> stats = spark.sql("SELECT sample_id, " + String.join(", ", ReaderStats.SQL)
        + " FROM (SELECT *, row_number() OVER (PARTITION BY sample_id ORDER BY f, r) AS i FROM ev)"
        + " GROUP BY sample_id");
    Map<String, Row> m = new HashMap<>();
    for (Row r : stats.collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  private static void assertEventsEqualReader(String tables, String catalog) throws IOException {
    Map<String, Row> samples = samplesById(tables);
    Map<String, Row> stats = eventStats(tables);
    ReadOptions options = IngestCatalogs.readOptions(catalog);
    for (Row s : samples.values()) {
      String id = s.getString(s.fieldIndex("sample_id"));
      ReaderStats want = ReaderStats.of(RecordingOpener.open(s.getString(s.fieldIndex("path")), options));
      assertEquals(want.count(), s.getLong(s.fieldIndex("events")), id + " samples.events");
      assertEquals(want.tFirst(), s.isNullAt(s.fieldIndex("t_first")) ? null : s.getLong(s.fieldIndex("t_first")),
          id + " t_first");
      assertEquals(want.tLast(), s.isNullAt(s.fieldIndex("t_last")) ? null : s.getLong(s.fieldIndex("t_last")),
          id + " t_last");
      Row e = stats.get(id);
      if (want.count() == 0) {
        assertNull(e, id + " has no events rows");
        continue;
      }
      assertEquals(want.count(), e.getLong(1), id + " events rows");
      assertEquals(want.tFirst().longValue(), e.getLong(2), id + " first event");
      assertEquals(want.tLast().longValue(), e.getLong(3), id + " last event");
      assertEquals(new BigDecimal(want.sumT()), e.getDecimal(4).stripTrailingZeros().setScale(0), id + " sum t");
      assertEquals(want.sumX(), e.getLong(5), id + " sum x");
      assertEquals(want.sumY(), e.getLong(6), id + " sum y");
      assertEquals(want.sumP(), e.getLong(7), id + " sum p");
      assertEquals(new BigDecimal(want.ordered()), e.getDecimal(8).setScale(0), id + " file order");
    }
    assertEquals(samples.size() - samples.values().stream().filter(r -> r.getLong(r.fieldIndex("events")) == 0)
        .count(), stats.size(), "events rows only for listed samples");
  }

  @Test
  void everySampleEqualsTheReaderAndDuckDbAgrees(@TempDir Path tmp) throws Exception {
    Path input = mixedFolder(tmp.resolve("in"));
    String tables = tmp.resolve("tables").toString();
    IngestSummary s = IngestJob.run(spark, new IngestOptions(input.toString(), "folder", tables));
    assertEquals(7, s.filesSeen());
    assertEquals(7, s.filesIngested(), () -> spark.read().format("delta").load(Tables.errors(tables))
        .collectAsList().toString());
    assertEquals(0, s.filesFailed());
    assertEquals(0, s.filesUnchanged());
    assertEquals(7, s.samples());
    assertTrue(s.events() > 100_000, "events " + s.events());

    Map<String, Row> samples = samplesById(tables);
    Row tonic = samples.get("atis/tonic.bin");
    assertEquals(0, tonic.getInt(tonic.fieldIndex("label")));
    assertEquals("atis", tonic.getString(tonic.fieldIndex("class_name")));
    assertEquals("none", tonic.getString(tonic.fieldIndex("split")));
    assertEquals("folder", tonic.getString(tonic.fieldIndex("dataset")));
    assertEquals("atis_bin", tonic.getString(tonic.fieldIndex("format")));
    assertEquals(0, tonic.getInt(tonic.fieldIndex("width")), "ATIS .bin declares no sensor size");
    Row gen4 = samples.get("prophesee/gen4.raw");
    assertEquals(2, gen4.getInt(gen4.fieldIndex("label")));
    assertEquals("evt3", gen4.getString(gen4.fieldIndex("format")));
    assertEquals(1280, gen4.getInt(gen4.fieldIndex("width")));
    assertEquals(720, gen4.getInt(gen4.fieldIndex("height")));
    Path gen4File = input.resolve("prophesee/gen4.raw");
    assertEquals(Files.size(gen4File), gen4.getLong(gen4.fieldIndex("size_bytes")));
    assertEquals(Files.getLastModifiedTime(gen4File).toMillis(), gen4.getLong(gen4.fieldIndex("modified_ms")));
    byte[] gen4Bytes = Files.readAllBytes(gen4File);
    java.util.zip.CRC32C crc32c = new java.util.zip.CRC32C();
    crc32c.update(gen4Bytes);
    java.util.zip.CRC32 crc32 = new java.util.zip.CRC32();
    crc32.update(gen4Bytes);
    assertEquals(String.format("crc32c+crc32:%08x%08x", crc32c.getValue(), crc32.getValue()),
        gen4.getString(gen4.fieldIndex("checksum")));
    Row empty = samples.get("jaer/empty.aedat");
    assertEquals(0, empty.getLong(empty.fieldIndex("events")));

    assertEventsEqualReader(tables, "folder");
    assertDuckDbAgrees(tables);
    assertEquals(0, spark.read().format("delta").load(Tables.errors(tables)).count());
  }

  /** DuckDB reads exactly the Parquet files the current Delta versions list and gets the same numbers. */
  private static void assertDuckDbAgrees(String tables) throws Exception {
    Path root = Path.of(tables);
    List<DeltaLogFiles.DataFile> eventFiles = DeltaLogFiles.current(root.resolve("events"));
    List<DeltaLogFiles.DataFile> sampleFiles = DeltaLogFiles.current(root.resolve("samples"));
    assertEquals(Tables.pairedEventsVersion(spark, tables), Tables.version(spark, Tables.events(tables)));
    List<Path> ev = eventFiles.stream().map(DeltaLogFiles.DataFile::path).toList();
    List<Path> sa = sampleFiles.stream().map(DeltaLogFiles.DataFile::path).toList();

    Row spk = Tables.events(spark, tables).selectExpr("count(*)", "sum(cast(t AS decimal(38,0)))", "sum(cast(x AS bigint))",
        "sum(cast(y AS bigint))", "sum(cast(p AS bigint))", "count(DISTINCT sample_id)").head();
    JsonNode duck = DuckDb.query("SELECT count(*), sum(t::HUGEINT), sum(x), sum(y), sum(p), count(DISTINCT sample_id) FROM "
        + "read_parquet(" + DuckDb.files(ev) + ")").get(0);
    for (int i = 0; i < 6; i++) {
      assertEquals(spk.get(i).toString(), duck.get(i).asText(), "events column " + i + " (DuckDB vs Spark)");
    }
    Row spkS = Tables.samples(spark, tables).selectExpr("count(*)", "sum(events)", "sum(label)",
        "sum(size_bytes)", "min(sample_id)", "max(sample_id)").head();
    JsonNode duckS = DuckDb.query("SELECT count(*), sum(events), sum(label), sum(size_bytes), min(sample_id), "
        + "max(sample_id) FROM read_parquet(" + DuckDb.files(sa) + ")").get(0);
    for (int i = 0; i < 6; i++) {
      assertEquals(spkS.get(i).toString(), duckS.get(i).asText(), "samples column " + i + " (DuckDB vs Spark)");
    }
    // per-sample counts: DuckDB's events vs the samples table
    Map<String, Long> want = new HashMap<>();
    for (Row r : Tables.samples(spark, tables).select("sample_id", "events").collectAsList()) {
      if (r.getLong(1) > 0) {
        want.put(r.getString(0), r.getLong(1));
      }
    }
    Map<String, Long> got = new HashMap<>();
    for (JsonNode r : DuckDb.query("SELECT sample_id, count(*) FROM read_parquet(" + DuckDb.files(ev)
        + ") GROUP BY sample_id")) {
      got.put(r.get(0).asText(), Long.parseLong(r.get(1).asText()));
    }
    assertEquals(want, got, "DuckDB events per sample vs samples.events");
  }

  @Test
  void truncatedAndGarbageFilesLandInErrorsAndTheRestIsIngested(@TempDir Path tmp) throws Exception {
    Path input = tmp.resolve("in");
    Fixtures.place(input, "a", "events/nmnist/nmnist_test_60002_label2.bin", "good1.bin");
    Fixtures.place(input, "a", "events/dat/ncars_obj_004397_td.dat", "good2.dat");
    Path truncated = Fixtures.place(input, "b", "events/nmnist/nmnist_test_60003_label1.bin", "truncated.bin");
    byte[] all = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(all, all.length - 3)); // not a whole 5-byte record
    Path garbage = input.resolve("b/garbage.aedat4");
    byte[] junk = new byte[5000];
    new java.util.Random(7).nextBytes(junk);
    byte[] head = "#!AER-DAT4.0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, junk, 0, head.length);
    Files.write(garbage, junk);
    Fixtures.place(input, "b", "events/aedat2/jaer_MovingDarkBox_dvs128.aedat", "good3.aedat");

    String tables = tmp.resolve("tables").toString();
    // a small in-memory limit: recordings over 2000 events take the validate-then-stream path
    IngestSummary[] run = new IngestSummary[1];
    // creating the three tables (their folders and Delta logs) starts no chmod processes either
    assertEquals(List.of(), ProcessStarts.during(() -> run[0] = IngestJob.run(spark, new IngestOptions(
        input.toString(), "folder", tables, 2000))));
    IngestSummary s = run[0];
    for (String table : List.of(Tables.samples(tables), Tables.events(tables), Tables.errors(tables))) {
      assertEquals(0, Tables.version(spark, table), table);
      assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(Path.of(table, "_delta_log"))), table);
    }
    assertEquals(5, s.filesSeen());
    assertEquals(3, s.filesIngested());
    assertEquals(2, s.filesFailed());
    // a run that dies after making a table's log folders and before its first commit leaves no table
    String unborn = tmp.resolve("unborn").toString();
    SmallTableCommit.write(spark, unborn, Tables.ERRORS, List.of(), "snappy");
    assertTrue(Files.isDirectory(Path.of(unborn, "_delta_log")));
    assertFalse(Tables.exists(spark, unborn));
    assertEquals(-1, Tables.latestVersion(spark, unborn));

    Map<String, Row> errors = new HashMap<>();
    for (Row r : spark.read().format("delta").load(Tables.errors(tables)).collectAsList()) {
      errors.put(r.getString(0), r);
    }
    assertEquals(2, errors.size(), errors.toString());
    Row t = errors.get(truncated.toString());
    Row g = errors.get(garbage.toString());
    assertTrue(t != null && g != null, errors.keySet().toString());
    assertTrue(t.getLong(1) >= 0 && t.getLong(1) <= all.length, "truncated offset " + t.getLong(1));
    assertTrue(t.getString(2).contains(truncated.toString()), t.getString(2));
    assertTrue(g.getLong(1) >= 0 && g.getLong(1) < junk.length, "garbage offset " + g.getLong(1));
    assertTrue(g.getString(2).contains(garbage.toString()), g.getString(2));
    assertFalse(t.getString(3).isEmpty());

    Map<String, Row> samples = samplesById(tables);
    assertEquals(java.util.Set.of("a/good1.bin", "a/good2.dat", "b/good3.aedat"), samples.keySet());
    assertEventsEqualReader(tables, "folder");
  }

  @Test
  void rerunIngestsOnlyNewAndChangedFilesAndDropsRemovedOnes(@TempDir Path tmp) throws Exception {
    Path input = tmp.resolve("in");
    Fixtures.place(input, "a", "events/nmnist/nmnist_test_60005_label4.bin", "one.bin");
    Path two = Fixtures.place(input, "a", "events/nmnist/nmnist_test_60008_label9.bin", "two.bin");
    Path three = Fixtures.place(input, "b", "events/nmnist/nmnist_test_60009_label5.bin", "three.bin");
    Path four = Fixtures.place(input, "b", "events/nmnist/nmnist_test_60012_label6.bin", "four.bin");
    String tables = tmp.resolve("tables").toString();
    IngestOptions o = new IngestOptions(input.toString(), "folder", tables);
    IngestSummary first = IngestJob.run(spark, o);
    assertEquals(4, first.filesIngested());

    long samplesVersion = Tables.version(spark, Tables.samples(tables));
    long eventsVersion = Tables.version(spark, Tables.events(tables));
    java.util.function.Supplier<List<String>> deltaSettings = () -> List.of(
        spark.conf().getOption(IngestJob.ALL_FILES_IN_CRC).toString(),
        spark.conf().getOption(IngestJob.SNAPSHOT_PARTITIONS).toString());
    List<String> settingsBefore = deltaSettings.get();
    IngestSummary again = IngestJob.run(spark, o);
    assertEquals(settingsBefore, deltaSettings.get(), "the session's Delta settings as they were");
    assertEquals(4, again.filesSeen());
    assertEquals(4, again.filesUnchanged());
    assertEquals(0, again.filesIngested());
    assertEquals(0, again.events());
    assertEquals(samplesVersion, Tables.version(spark, Tables.samples(tables)), "nothing changed: no samples commit");
    assertEquals(eventsVersion, Tables.version(spark, Tables.events(tables)), "nothing changed: no events commit");
    assertEquals(eventsVersion, Tables.pairedEventsVersion(spark, tables));

    // tables from an earlier version hold SHA-256 checksums: compared in that algorithm, nothing is re-ingested
    List<Row> sha = new ArrayList<>();
    for (Row r : Tables.samples(spark, tables).collectAsList()) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      v[r.fieldIndex("checksum")] = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(Path.of(r.getString(r.fieldIndex("path"))))));
      sha.add(org.apache.spark.sql.RowFactory.create(v));
    }
    spark.createDataFrame(sha, Tables.samples(spark, tables).schema()).write().format("delta").mode("overwrite")
        .option("userMetadata", "{\"events_version\":" + eventsVersion + "}").save(Tables.samples(tables));
    samplesVersion = Tables.version(spark, Tables.samples(tables));
    IngestSummary upgraded = IngestJob.run(spark, o);
    assertEquals(4, upgraded.filesUnchanged());
    assertEquals(0, upgraded.filesIngested());
    assertEquals(samplesVersion, Tables.version(spark, Tables.samples(tables)), "SHA-256 rows kept as they are");
    assertTrue(samplesById(tables).get("a/two.bin").getString(samplesById(tables).get("a/two.bin")
        .fieldIndex("checksum")).startsWith("sha256:"));

    // changed content, same size and modification time: only the checksum tells
    FileTime mtime = Files.getLastModifiedTime(two);
    byte[] b = Files.readAllBytes(two);
    b[b.length - 3] ^= 0x01; // flip a timestamp bit of the last event
    Files.write(two, b);
    Files.setLastModifiedTime(two, mtime);
    // changed by replacement; removed; added
    Fixtures.place(input, "b", "events/nmnist/nmnist_test_60001_label7.bin", "three.bin");
    Files.delete(four);
    Fixtures.place(input, "b", "events/nmnist/tonic_sample_nmnist.bin", "five.bin");

    IngestSummary[] runs = new IngestSummary[1];
    // the lock, the events commit (removes and adds) and the samples commit start no chmod/readlink processes
    assertEquals(List.of(), ProcessStarts.during(() -> runs[0] = IngestJob.run(spark, o)));
    IngestSummary third = runs[0];
    assertEquals(4, third.filesSeen());
    assertEquals(1, third.filesUnchanged());
    assertEquals(3, third.filesIngested());
    assertEquals(1, third.filesRemoved());
    assertEquals(java.util.Set.of("a/one.bin", "a/two.bin", "b/three.bin", "b/five.bin"),
        samplesById(tables).keySet());
    assertEventsEqualReader(tables, "folder");
    assertDuckDbAgrees(tables);
    assertEquals(three.toString(), samplesById(tables).get("b/three.bin").getString(5));
    // the SHA-256 checksum told the changed content; re-ingested recordings get the current algorithm
    Row two2 = samplesById(tables).get("a/two.bin");
    assertTrue(two2.getString(two2.fieldIndex("checksum")).startsWith("crc32c+crc32:"), two2.toString());
    Row one = samplesById(tables).get("a/one.bin");
    assertTrue(one.getString(one.fieldIndex("checksum")).startsWith("sha256:"), one.toString());
  }

  /**
   * samples is rewritten whole as one driver-written file per run (kept rows of unchanged recordings included);
   * errors gets a commit only when it had or gets rows.
   */
  @Test
  void samplesIsOneFilePerRunAndErrorsIsCommittedOnlyWhenItChanges(@TempDir Path tmp) throws Exception {
    Path input = tmp.resolve("in");
    Fixtures.place(input, "a", "events/nmnist/nmnist_test_60005_label4.bin", "one.bin");
    Path two = Fixtures.place(input, "a", "events/nmnist/nmnist_test_60008_label9.bin", "two.bin");
    String tables = tmp.resolve("tables").toString();
    IngestOptions o = new IngestOptions(input.toString(), "folder", tables);
    IngestJob.run(spark, o);
    Map<String, Row> first = samplesById(tables);
    assertEquals(0, Tables.version(spark, Tables.errors(tables)), "errors created empty");
    assertEquals(1, DeltaLogFiles.current(Path.of(tables, "samples")).size());

    Fixtures.place(input, "a", "events/nmnist/nmnist_test_60001_label7.bin", "two.bin"); // changed
    IngestSummary again = IngestJob.run(spark, o);
    assertEquals(1, again.filesIngested());
    assertEquals(1, again.filesUnchanged());
    assertEquals(0, Tables.version(spark, Tables.errors(tables)), "no errors before or now: no commit");
    assertEquals(1, Tables.version(spark, Tables.samples(tables)));
    assertEquals(1, DeltaLogFiles.current(Path.of(tables, "samples")).size());
    Map<String, Row> second = samplesById(tables);
    assertEquals(first.get("a/one.bin"), second.get("a/one.bin"), "the unchanged recording's row as it was");
    assertEquals(Files.size(two), second.get("a/two.bin").getLong(second.get("a/two.bin").fieldIndex("size_bytes")));
    assertEquals(Tables.SAMPLES, Tables.samples(spark, tables).schema());
    assertEquals(Tables.version(spark, Tables.events(tables)), Tables.pairedEventsVersion(spark, tables));

    Files.write(two, new byte[] {1, 2, 3}); // not a whole ATIS record
    IngestSummary third = IngestJob.run(spark, o);
    assertEquals(1, third.filesFailed());
    assertEquals(1, Tables.version(spark, Tables.errors(tables)));
    assertEquals(java.util.Set.of("a/one.bin"), samplesById(tables).keySet());
    Files.delete(two);
    IngestJob.run(spark, o);
    assertEquals(2, Tables.version(spark, Tables.errors(tables)), "the error went away: a commit that empties it");
    assertEquals(0, spark.read().format("delta").load(Tables.errors(tables)).count());
    assertEventsEqualReader(tables, "folder");
    assertDuckDbAgrees(tables);
  }

  /** The data file (URI) of each sample in the current events table. */
  private static Map<String, String> fileOfSample(String tables) {
    Map<String, String> m = new HashMap<>();
    for (Row r : Tables.eventsInFileOrder(spark, tables).select("sample_id", "f").distinct().collectAsList()) {
      String before = m.put(r.getString(0), r.getString(1));
      assertTrue(before == null, r.getString(0) + " spans two data files");
    }
    return m;
  }

  @Test
  void aChangedSampleSharingADataFileIsReplacedAndItsNeighboursKept(@TempDir Path tmp) throws Exception {
    Path input = tmp.resolve("in");
    String[] names = {"60001_label7", "60002_label2", "60003_label1", "60004_label0", "60005_label4", "60008_label9",
        "60009_label5", "60012_label6"};
    for (String n : names) {
      Fixtures.place(input, "a", "events/nmnist/nmnist_test_" + n + ".bin", n + ".bin");
    }
    Fixtures.place(input, "a", "events/nmnist/tonic_sample_nmnist.bin", "tonic.bin");
    String tables = tmp.resolve("tables").toString();
    IngestOptions o = new IngestOptions(input.toString(), "folder", tables);
    assertEquals(9, IngestJob.run(spark, o).filesIngested());

    // 9 recordings in 6 tasks (3 per core of local[2]): some data file holds two samples
    Map<String, String> files = fileOfSample(tables);
    Map<String, List<String>> byFile = new HashMap<>();
    files.forEach((id, f) -> byFile.computeIfAbsent(f, k -> new ArrayList<>()).add(id));
    List<String> shared = byFile.values().stream().filter(l -> l.size() > 1).findFirst().orElseThrow(
        () -> new AssertionError("no data file holds two samples: " + byFile));
    java.util.Collections.sort(shared);
    String changed = shared.get(0);
    String kept = shared.get(1);
    Path changedFile = input.resolve(changed);
    byte[] b = Files.readAllBytes(changedFile);
    Files.write(changedFile, java.util.Arrays.copyOf(b, b.length - 5 * 100)); // 100 events fewer

    IngestSummary again = IngestJob.run(spark, o);
    assertEquals(1, again.filesIngested());
    assertEquals(8, again.filesUnchanged());
    Map<String, String> after = fileOfSample(tables);
    assertEquals(files.keySet(), after.keySet());
    assertFalse(after.containsValue(files.get(changed)), "the data file that held the changed sample is removed");
    assertTrue(!after.get(kept).equals(files.get(kept)), "its neighbour was copied into a new data file");
    for (String id : files.keySet()) {
      if (!shared.contains(id)) {
        assertEquals(files.get(id), after.get(id), id + " untouched");
      }
    }
    assertEventsEqualReader(tables, "folder");
    assertDuckDbAgrees(tables);
  }

  @Test
  void concurrentRunsAreRefusedAndStaleLocksTakenOver(@TempDir Path tmp) throws Exception {
    Path input = tmp.resolve("in");
    Fixtures.place(input, "a", "events/nmnist/nmnist_test_60005_label4.bin", "one.bin");
    String tables = tmp.resolve("tables").toString();
    IngestOptions o = new IngestOptions(input.toString(), "folder", tables);
    try (TablesLock held = TablesLock.acquire(tables, new Configuration(), "test", "held-run")) {
      TablesLockedException e = assertThrows(TablesLockedException.class, () -> IngestJob.run(spark, o));
      assertTrue(e.getMessage().contains(TablesLock.FILE_NAME) && e.getMessage().contains("held-run"),
          e.getMessage());
    }
    // a lock left by a process of this host that no longer runs
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(Path.of(tables, TablesLock.FILE_NAME), "host=" + InetAddress.getLocalHost().getHostName()
        + "\npid=" + gone.pid() + "\njob=ingest\nrun=killed\nstarted=2026-01-01T00:00:00Z\n");
    assertEquals(1, IngestJob.run(spark, o).filesIngested());
    assertFalse(Files.exists(Path.of(tables, TablesLock.FILE_NAME)), "lock released");
    List<String> unused = new ArrayList<>();
    assertTrue(unused.isEmpty());
  }

  @Test
  void aRunKilledAfterTheEventsCommitLeavesThePreviousTablesAndTheNextRunCompletes(@TempDir Path tmp)
      throws Exception {
    Path input = tmp.resolve("in");
    Fixtures.place(input, "a", "events/nmnist/nmnist_test_60005_label4.bin", "one.bin");
    Fixtures.place(input, "b", "events/nmnist/nmnist_test_60008_label9.bin", "two.bin");
    String tables = tmp.resolve("tables").toString();
    IngestJob.run(spark, new IngestOptions(input.toString(), "folder", tables));
    Map<String, Row> before = samplesById(tables);
    Fixtures.place(input, "a", "events/nmnist/nmnist_test_60001_label7.bin", "one.bin"); // changed
    Fixtures.place(input, "b", "events/nmnist/tonic_sample_nmnist.bin", "three.bin"); // added

    // a second driver JVM runs the ingest; it is killed (SIGKILL) as soon as the events commit appears
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.reflect")
          || a.startsWith("-Dio.netty")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-Xmx1g", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
        "-Dspark.ui.enabled=false", "-Dspark.databricks.delta.snapshotPartitions=2",
        "-Dspark.sql.shuffle.partitions=2", "-cp", System.getProperty("java.class.path"),
        "org.neurospark.spark.SparkCli", "ingest", "--input", input.toString(), "--catalog", "folder", "--out",
        tables, "--master", "local[1]"));
    Path log = tmp.resolve("driver.log");
    Process driver = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path eventsCommit = Path.of(tables, "events", "_delta_log", String.format("%020d.json", 1));
    long deadline = System.nanoTime() + 240_000_000_000L;
    while (!Files.exists(eventsCommit) && driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    driver.destroyForcibly();
    driver.waitFor();
    assertTrue(Files.exists(eventsCommit), "the events commit never appeared:\n" + Files.readString(log));

    // the samples table and the events version it names are still the previous, complete ones
    long samplesVersion = Tables.version(spark, Tables.samples(tables));
    System.out.println("killed driver: samples at version " + samplesVersion + ", events at version "
        + Tables.version(spark, Tables.events(tables)) + " (samples names events version "
        + Tables.pairedEventsVersion(spark, tables) + ")");
    if (samplesVersion == 0) {
      assertEquals(before.keySet(), samplesById(tables).keySet());
      assertEquals(0, Tables.pairedEventsVersion(spark, tables));
    }
    assertEventsEqualReaderOrPrevious(tables, before);
    assertTrue(Files.exists(Path.of(tables, TablesLock.FILE_NAME)), "the killed run left its lock");

    IngestSummary s = IngestJob.run(spark, new IngestOptions(input.toString(), "folder", tables));
    assertEquals(3, s.filesSeen());
    assertEquals(java.util.Set.of("a/one.bin", "b/two.bin", "b/three.bin"), samplesById(tables).keySet());
    assertEventsEqualReader(tables, "folder");
  }

  /** samples and its paired events agree with each other (counts, first/last) whatever version they are at. */
  private static void assertEventsEqualReaderOrPrevious(String tables, Map<String, Row> before) {
    Map<String, Row> samples = samplesById(tables);
    Map<String, Row> stats = eventStats(tables);
    assertEquals(samples.keySet(), stats.keySet());
    for (Row s : samples.values()) {
      String id = s.getString(0);
      Row e = stats.get(id);
      assertEquals(s.getLong(s.fieldIndex("events")), e.getLong(1), id);
      assertEquals(s.getLong(s.fieldIndex("t_first")), e.getLong(2), id);
      assertEquals(s.getLong(s.fieldIndex("t_last")), e.getLong(3), id);
    }
    assertTrue(samples.keySet().containsAll(before.keySet()));
  }

  /** AEDAT 3.1 (EVENT-FORMATS.md §3), one DVS128 polarity event every {@code stepUs} from {@code fromUs}. */
  private static byte[] aedat31(long fromUs, long toUs, long stepUs) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes("#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DVS128\r\n#!END-HEADER\r\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    int perPacket = 4096;
    for (long start = fromUs; start < toUs; start += perPacket * stepUs) {
      int n = (int) Math.min(perPacket, (toUs - start + stepUs - 1) / stepUs);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(28 + 8 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
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
  void dvsGestureSegmentsAreSamplesOfOneRecording(@TempDir Path tmp) throws Exception {
    Path base = tmp.resolve("in/DvsGesture");
    Files.createDirectories(base);
    Files.write(base.resolve("user01_natural.aedat"), aedat31(50_000_000, 180_000_000, 2000));
    Files.copy(Fixtures.data("events/dvsgesture/user01_natural_labels.csv"),
        base.resolve("user01_natural_labels.csv"));
    byte[] whole = aedat31(50_000_000, 180_000_000, 2000);
    Files.write(base.resolve("user02_natural.aedat"), java.util.Arrays.copyOf(whole, whole.length - 100_003));
    Files.copy(Fixtures.data("events/dvsgesture/user01_natural_labels.csv"),
        base.resolve("user02_natural_labels.csv"));
    Files.writeString(base.resolve("trials_to_train.txt"), "user01_natural.aedat\nuser02_natural.aedat\n");
    Files.writeString(base.resolve("trials_to_test.txt"), "\n");
    String tables = tmp.resolve("tables").toString();
    IngestSummary s = IngestJob.run(spark, new IngestOptions(tmp.resolve("in").toString(), "dvsgesture", tables));
    assertEquals(2, s.filesSeen());
    assertEquals(1, s.filesIngested());
    assertEquals(1, s.filesFailed(), "the truncated recording fails as a whole, although its first segments decode");
    assertEquals(12, s.samples());

    org.neurospark.events.dataset.DatasetCatalog c = org.neurospark.events.dataset.Catalogs.byName("dvsgesture");
    Map<String, org.neurospark.events.dataset.Sample> listed = new HashMap<>();
    for (org.neurospark.events.dataset.Sample x : c.list(tmp.resolve("in"))) {
      listed.put(x.label() + "/" + x.name(), x);
    }
    Map<String, Row> samples = samplesById(tables);
    Map<String, Row> stats = eventStats(tables);
    assertEquals(12, samples.size());
    for (Row r : samples.values()) {
      String id = r.getString(0);
      assertTrue(id.matches("DvsGesture/user01_natural\\.aedat#\\d+/user01_natural_\\d+"), id);
      assertEquals("train", r.getString(r.fieldIndex("split")));
      assertEquals(128, r.getInt(r.fieldIndex("width")));
      assertEquals("aedat3", r.getString(r.fieldIndex("format")));
      org.neurospark.events.dataset.Sample x = listed.get(id.substring(id.indexOf('#') + 1));
      assertEquals(x.label(), r.getInt(r.fieldIndex("label")), id);
      ReaderStats want = ReaderStats.of(org.neurospark.events.dataset.SampleEvents.open(x, c));
      Row e = stats.get(id);
      assertTrue(want.count() > 1000);
      assertEquals(want.count(), r.getLong(r.fieldIndex("events")), id);
      assertEquals(want.count(), e.getLong(1), id);
      assertEquals(want.tFirst().longValue(), e.getLong(2), id);
      assertEquals(want.tLast().longValue(), e.getLong(3), id);
      assertEquals(new BigDecimal(want.ordered()), e.getDecimal(8).setScale(0), id + " file order");
    }
    Row err = spark.read().format("delta").load(Tables.errors(tables)).head();
    assertEquals(base.resolve("user02_natural.aedat").toString(), err.getString(0));
    assertTrue(err.getLong(1) > 0, "offset " + err.getLong(1));
  }
}
