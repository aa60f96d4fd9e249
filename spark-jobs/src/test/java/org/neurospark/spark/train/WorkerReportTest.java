package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkerReportTest {
  @Test
  void jsonRoundTripKeepsTheWaitApartFromTheAveraging() throws Exception {
    WorkerReport r = new WorkerReport(1, "10.0.0.2", "cpu", 2, 480, 3, 9.5, 0.42, 0.17, 83_000_000L);
    assertEquals(r, WorkerReport.parse(r.toJson()));
    assertTrue(r.toJson().contains("\"wait_seconds\":0.17"), r.toJson());
  }

  @Test
  void aReportWithoutWaitSecondsParsesWithNaN() throws Exception {
    WorkerReport r = WorkerReport.parse("{\"rank\":0,\"host\":\"h\",\"device\":\"cpu\",\"threads\":1,\"samples\":5,"
        + "\"rounds\":1,\"train_seconds\":1.0,\"average_seconds\":0.1,\"bytes_sent\":7}");
    assertTrue(Double.isNaN(r.waitSeconds()));
    assertEquals(0.1, r.averageSeconds());
    assertEquals(7, r.bytesSent());
  }

  @Test
  void summaryTextNamesTheWait() {
    TrainSummary s = new TrainSummary(3, 3, 480, 0.5, 0.25, 2, "ring", 0, java.util.List.of("cpu", "cpu"), 9.0, 0.4,
        0.1, 83_000_000L, 12.0);
    assertTrue(s.toText().contains("0.400 s averaging") && s.toText().contains("of which 0.100 s waiting"),
        s.toText());
    assertTrue(s.toJson().contains("\"wait_seconds\":0.1"), s.toJson());
  }
}
