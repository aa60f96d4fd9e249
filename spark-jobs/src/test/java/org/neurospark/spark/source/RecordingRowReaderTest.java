package org.neurospark.spark.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.spark.ingest.FileWork;
import org.neurospark.spark.ingest.IngestCatalogs;
import org.neurospark.spark.ingest.RecordingOpener;
import org.neurospark.spark.ingest.SampleLister;
import org.neurospark.spark.ingest.SampleSpec;
import org.neurospark.spark.testing.Fixtures;

/**
 * The row reader (for plans that ask this source for rows) and a projected read, without Spark's planner: every
 * event of two recordings in one partition, in file order, equal to event-io's reader.
 */
class RecordingRowReaderTest {
  @Test
  void rowsOfAProjectedScanEqualTheReaderEventByEvent(@TempDir Path tmp) throws Exception {
    Fixtures.place(tmp, "a", "events/nmnist/nmnist_test_60003_label1.bin", "one.bin");
    Fixtures.place(tmp, "b", "events/dat/ncars_obj_004397_td.dat", "two.dat");
    List<SampleSpec> samples = new ArrayList<>();
    for (FileWork w : SampleLister.list("folder", tmp)) {
      samples.addAll(w.samples());
    }
    StructType schema = new StructType(new org.apache.spark.sql.types.StructField[] {
        EventColumns.SCHEMA.apply("p"), EventColumns.SCHEMA.apply("sample_id"), EventColumns.SCHEMA.apply("t"),
        EventColumns.SCHEMA.apply("y")});
    SourceOptions options = SourceOptions.parse(Map.of("path", tmp.toString(), "catalog", "folder",
        "batchevents", "1000"));
    long rows = 0;
    try (PartitionReader<InternalRow> r = new RecordingReaderFactory(options, schema)
        .createReader(new RecordingPartition(samples))) {
      for (SampleSpec s : samples) {
        try (EventReader want = RecordingOpener.open(s.path(), IngestCatalogs.readOptions("folder"))) {
          EventBatch b = new EventBatch(333);
          while (want.read(b)) {
            for (int i = 0; i < b.size(); i++) {
              assertEquals(true, r.next(), s.sampleId() + " row " + rows);
              InternalRow row = r.get();
              assertEquals(b.p()[i], row.getByte(0));
              assertEquals(s.sampleId(), row.getUTF8String(1).toString());
              assertEquals(b.t()[i], row.getLong(2));
              assertEquals((short) b.y()[i], row.getShort(3));
              rows++;
            }
          }
        }
      }
      assertEquals(false, r.next());
      assertEquals(rows, r.currentMetricsValues()[2].value());
      assertEquals(2, r.currentMetricsValues()[0].value());
    }
  }
}
