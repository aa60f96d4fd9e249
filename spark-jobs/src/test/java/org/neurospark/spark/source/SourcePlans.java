package org.neurospark.spark.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import scala.jdk.javaapi.CollectionConverters;

/** What an executed query's {@code neurospark} scan planned and counted (tests only). */
final class SourcePlans {
  private SourcePlans() {}

  /** The neurospark scan nodes of {@code df}'s executed plan (final plan after adaptive execution). */
  static List<BatchScanExec> scans(Dataset<Row> df) {
    List<BatchScanExec> out = new ArrayList<>();
    collect(df.queryExecution().executedPlan(), out);
    return out;
  }

  private static void collect(SparkPlan p, List<BatchScanExec> out) {
    if (p instanceof AdaptiveSparkPlanExec a) {
      collect(a.executedPlan(), out);
      return;
    }
    if (p instanceof QueryStageExec q) {
      collect(q.plan(), out);
      return;
    }
    if (p instanceof BatchScanExec b && b.scan() instanceof RecordingsScan) {
      out.add(b);
    }
    for (SparkPlan c : CollectionConverters.asJava(p.children())) {
      collect(c, out);
    }
  }

  /** The only neurospark scan of {@code df}. */
  static BatchScanExec scan(Dataset<Row> df) {
    List<BatchScanExec> s = scans(df);
    if (s.size() != 1) {
      throw new AssertionError("expected one neurospark scan, found " + s.size() + " in\n"
          + df.queryExecution().executedPlan());
    }
    return s.get(0);
  }

  /** The sample ids of the scan's planned partitions, in partition order. */
  static List<String> plannedSamples(BatchScanExec scan) {
    List<String> ids = new ArrayList<>();
    for (InputPartition p : scan.batch().planInputPartitions()) {
      ((RecordingPartition) p).samples().forEach(s -> ids.add(s.sampleId()));
    }
    return ids;
  }

  /** Number of planned input partitions. */
  static int plannedPartitions(BatchScanExec scan) {
    return scan.batch().planInputPartitions().length;
  }

  /** A scan metric's value after the query ran ({@link SourceMetrics} names). */
  static long metric(BatchScanExec scan, String name) {
    return scan.metrics().get(name).get().value();
  }
}
