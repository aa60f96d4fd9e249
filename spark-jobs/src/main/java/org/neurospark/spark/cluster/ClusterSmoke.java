package org.neurospark.spark.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.io.EventFiles;

/**
 * Smallest end-to-end check of a Spark deployment: counts the events of recordings with event-io inside a Spark job,
 * one task per file, and prints where each file was read. It proves that the fat jar's classes (this module,
 * event-io and its dependencies) load on the executors of the cluster it is submitted to.
 *
 * <pre>
 * spark-submit --class org.neurospark.spark.cluster.ClusterSmoke neurospark-spark-jobs-VERSION-all.jar FILE...
 * </pre>
 *
 * <p>Output (stdout), one line per file in argument order, then a total:
 *
 * <pre>
 * FILE  path  events  first_t  last_t  on  executor_id  executor_pid      (tab-separated; t in µs as stored)
 * TOTAL files  events
 * </pre>
 *
 * The files must be readable at the same path on every executor (a shared or local file system).
 */
public final class ClusterSmoke {
  private ClusterSmoke() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      usage(args.length == 0 ? System.err : System.out);
      if (args.length == 0) {
        System.exit(2);
      }
      return;
    }
    List<String> files = List.of(args);
    List<FileCount> counts;
    try (SparkSession spark = SparkSession.builder().appName("neurospark-cluster-smoke").getOrCreate()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      counts = new ArrayList<>(jsc.parallelize(files, files.size()).map(ClusterSmoke::count).collect());
    }
    long total = 0;
    for (FileCount c : counts) {
      System.out.println(c.toLine());
      total += c.events();
    }
    System.out.println("TOTAL\t" + counts.size() + "\t" + total);
  }

  /** Reads one recording with event-io (format auto-detected), on whichever JVM runs the task. */
  static FileCount count(String file) throws IOException {
    long events = 0;
    long first = -1;
    long last = -1;
    long on = 0;
    try (EventReader reader = EventFiles.open(Path.of(file))) {
      EventBatch batch = new EventBatch();
      while (reader.read(batch)) {
        int n = batch.size();
        if (events == 0 && n > 0) {
          first = batch.t()[0];
        }
        if (n > 0) {
          last = batch.t()[n - 1];
        }
        byte[] p = batch.p();
        for (int i = 0; i < n; i++) {
          on += p[i] == 1 ? 1 : 0;
        }
        events += n;
      }
    }
    SparkEnv env = SparkEnv.get();
    String executor = env == null ? "none" : env.executorId();
    return new FileCount(file, events, first, last, on, executor, ProcessHandle.current().pid());
  }

  private static void usage(PrintStream out) {
    out.println("Usage: ClusterSmoke FILE...");
    out.println("Counts the events of each recording with event-io, one Spark task per file; prints");
    out.println("FILE<TAB>path<TAB>events<TAB>first_t<TAB>last_t<TAB>on<TAB>executor_id<TAB>executor_pid per file");
    out.println("and TOTAL<TAB>files<TAB>events.");
  }
}
