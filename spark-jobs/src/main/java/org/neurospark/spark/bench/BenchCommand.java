package org.neurospark.spark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.events.frames.DurationMode;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.spark.cli.Args;
import org.neurospark.spark.cli.UsageException;
import org.neurospark.spark.frames.FrameStorage;
import org.neurospark.spark.frames.FramesOptions;
import org.neurospark.spark.ingest.IngestCatalogs;

/** Command line of {@code neurospark spark bench} (see {@link SparkBench}). */
public final class BenchCommand {
  /** Usage text. */
  public static final String USAGE = String.join("\n",
      "usage: neurospark spark bench --input PATH --catalog NAME --work DIR [--masters M1,M2,...]",
      "                              [--cluster-cores N] [--executor-memory M] [-T N] [--split-by S]",
      "                              [--storage dense|sparse] [--no-frames] [--warmup] [--json]",
      "  Throughput of ingest (events/s) and frames (samples/s) on each master against single-threaded raw",
      "  decoding and raw decode+integrate of the same recordings in the same run; table size vs raw files;",
      "  CPU model, vector width, task/driver CPU time and load average.",
      "  --input PATH         dataset folder (e.g. from: neurospark events simulate ... --threads 2)",
      "  --catalog NAME       " + String.join("|", IngestCatalogs.names()),
      "  --work DIR           tables of each run go to DIR/<n>-<master>/ (replaced)",
      "  --masters LIST       comma-separated Spark masters (default local[1],local[2]); the first is the reference",
      "                       for scaling; a spark:// master is a running cluster (neurospark cluster start)",
      "  --cluster-cores N    cores a non-local master offers, for per-core ratios (default 2)",
      "  --executor-memory M  spark.executor.memory for cluster masters (default 1g)",
      "  -T N, --split-by S   frames per sample and split (default 10, number); --storage (default dense)",
      "  --no-frames          measure ingest only (no frames job, no raw frames baseline)",
      "  --warmup             first one untimed ingest (+ frames) on the first master, so the timed runs start",
      "                       with a warm JVM as the raw baselines do (the cold numbers are printed too)",
      "  --json               end with a one-line JSON object of every number");

  private BenchCommand() {}

  /** Runs {@code bench} with {@code argv} (after the job name); returns the exit status. */
  public static int run(List<String> argv, PrintStream out) throws Exception {
    if (argv.contains("--help") || argv.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Args a = new Args().option("--input").option("--catalog").option("--work").option("--masters")
        .option("--cluster-cores").option("--executor-memory").option("--frames", "-T").option("--split-by")
        .option("--storage").flag("--no-frames").flag("--warmup").flag("--json").parse(argv);
    List<String> masters = new ArrayList<>();
    List<Integer> cores = new ArrayList<>();
    int clusterCores = a.intValue("--cluster-cores", 2);
    for (String m : a.get("--masters", "local[1],local[2]").split(",")) {
      if (!m.isBlank()) {
        masters.add(m.strip());
        cores.add(SparkBench.cores(m.strip(), clusterCores));
      }
    }
    if (masters.isEmpty()) {
      throw new UsageException("--masters names no master");
    }
    SplitBy split;
    try {
      split = SplitBy.parse(a.get("--split-by", "number"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--split-by: " + e.getMessage());
    }
    int t = a.intValue("--frames", 10);
    if (t <= 0) {
      throw new UsageException("-T must be positive");
    }
    FramesOptions frames = a.has("--no-frames") ? null : new FramesOptions("unused", t, split, 0, DurationMode.UPSTREAM,
        FrameStorage.parse(a.get("--storage", "dense")), 0, 0);
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.executor.memory", a.get("--executor-memory", "1g"));
    conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
    Map<String, Object> result = SparkBench.run(Path.of(a.required("--input")),
        IngestCatalogs.canonical(a.required("--catalog")), Path.of(a.required("--work")), masters, cores, frames,
        conf, a.has("--warmup"), out);
    if (a.has("--json")) {
      out.println(new ObjectMapper().writeValueAsString(result));
    }
    return 0;
  }
}
