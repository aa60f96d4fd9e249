package org.neurospark.spark.source;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import static org.apache.spark.sql.functions.expr;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A query through the {@code neurospark} source, for checking a deployment (the integration test submits it to a
 * standalone cluster): reads a dataset folder, prints per-sample and per-class statistics, the scan's partitions,
 * and which executors read them.
 *
 * <pre>
 * spark-submit --class org.neurospark.spark.source.SourceQuery neurospark-spark-jobs-VERSION-all.jar \
 *     --catalog NAME --path DIR [--where SQL]
 * </pre>
 *
 * <p>Output (stdout, tab-separated; t in µs as stored):
 *
 * <pre>
 * PARTITIONS  n                                      input partitions of the scan (after pruning)
 * SAMPLE  sample_id label split class_name events t_first t_last sum_x sum_y sum_p   (by sample_id)
 * CLASS   label class_name samples events                                            (by label)
 * READ    executor_id executor_pid partitions events                                 (by executor)
 * </pre>
 *
 * The folder must be readable at the same path on every executor.
 */
public final class SourceQuery {
  private SourceQuery() {}

  public static void main(String[] args) throws java.io.IOException {
    String catalog = null;
    String path = null;
    String where = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--catalog" -> catalog = value(args, ++i);
        case "--path" -> path = value(args, ++i);
        case "--where" -> where = value(args, ++i);
        case "--help", "-h" -> {
          usage(System.out);
          return;
        }
        default -> {
          usage(System.err);
          throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
      }
    }
    if (catalog == null || path == null) {
      usage(System.err);
      throw new IllegalArgumentException("--catalog and --path are required");
    }
    try (SparkSession spark = SparkSession.builder().appName("neurospark-source-query").getOrCreate()) {
      for (String line : run(spark, catalog, path, where)) {
        System.out.println(line);
      }
    }
  }

  /** Runs the query in {@code spark} and returns the output lines. */
  public static List<String> run(SparkSession spark, String catalog, String path, String where) {
    Dataset<Row> events = spark.read().format(NeurosparkDataSource.SHORT_NAME).option("catalog", catalog).load(path);
    if (where != null && !where.isBlank()) {
      events = events.where(where);
    }
    List<String> out = new ArrayList<>();
    out.add("PARTITIONS\t" + events.rdd().getNumPartitions());
    Dataset<Row> ordered = events.selectExpr("*", "monotonically_increasing_id() AS i"); // file order per sample
    for (Row r : ordered.groupBy("sample_id").agg(expr("min(label)"),
            expr("min(split)"), expr("min(class_name)"),
            expr("count(*)"), expr("min_by(t, i)"),
            expr("max_by(t, i)"),
            expr("sum(cast(x AS bigint))"),
            expr("sum(cast(y AS bigint))"),
            expr("sum(cast(p AS bigint))"))
        .orderBy("sample_id").collectAsList()) {
      out.add("SAMPLE\t" + join(r));
    }
    for (Row r : events.groupBy("label", "class_name")
        .agg(expr("count(DISTINCT sample_id)"),
            expr("count(*)"))
        .orderBy("label").collectAsList()) {
      out.add("CLASS\t" + join(r));
    }
    MapPartitionsFunction<Row, String> countRows = it -> {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      SparkEnv env = SparkEnv.get();
      return List.of((env == null ? "none" : env.executorId()) + "\t" + ProcessHandle.current().pid() + "\t" + n)
          .iterator();
    };
    Map<String, long[]> byExecutor = new TreeMap<>();
    for (String s : events.select("t").mapPartitions(countRows, Encoders.STRING()).collectAsList()) {
      String[] f = s.split("\t");
      long[] c = byExecutor.computeIfAbsent(f[0] + "\t" + f[1], k -> new long[2]);
      c[0]++;
      c[1] += Long.parseLong(f[2]);
    }
    byExecutor.forEach((k, c) -> out.add("READ\t" + k + "\t" + c[0] + "\t" + c[1]));
    return out;
  }

  private static String join(Row r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < r.length(); i++) {
      if (i > 0) {
        b.append('\t');
      }
      b.append(r.isNullAt(i) ? "" : r.get(i).toString());
    }
    return b.toString();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void usage(PrintStream out) {
    out.println("Usage: SourceQuery --catalog NAME --path DIR [--where SQL]");
    out.println("Reads DIR with spark.read.format(\"neurospark\") and prints PARTITIONS, SAMPLE, CLASS and READ");
    out.println("lines (tab-separated).");
  }
}
