package org.neurospark.spark.train.eval;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.neurospark.spark.SparkSessions;
import org.neurospark.spark.cli.Args;

/** {@code neurospark spark eval}: the command line of {@link EvalJob}. */
public final class EvalCommand {
  public static final String USAGE = String.join("\n",
      "usage: neurospark spark eval --tables TABLES --checkpoint RUN --out REPORT [--master URL] [--json]",
      "  --tables TABLES   tables folder; evaluates on TABLES/frames, split 'test'",
      "  --checkpoint RUN  a 'spark train' run folder (args.json, model.safetensors)",
      "  --out REPORT      report folder: report.json (accuracy, per_class, confusion, firing_rates, samples),",
      "                    predictions/ (Parquet: sample_id, label, prediction, correct), confusion.png",
      "  --master URL      Spark master (default local[*]; under spark-submit its --master)",
      "  --json            print a one-line JSON summary: accuracy, samples, loss, seconds");

  private EvalCommand() {}

  /** Parses {@code argv} (after {@code eval}) and runs the job; exit status as {@code SparkCli}'s. */
  public static int run(List<String> argv, PrintStream out) throws Exception {
    if (argv.contains("--help") || argv.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Args a = new Args().option("--tables").option("--checkpoint").option("--out").option("--master").flag("--json")
        .parse(argv);
    String tables = a.required("--tables");
    String checkpoint = a.required("--checkpoint");
    String report = a.required("--out");
    String master = a.has("--master") ? a.get("--master", null)
        : System.getProperty("spark.master") != null ? null : "local[*]";
    SparkSession spark = SparkSessions.create("neurospark eval", master);
    try {
      EvalSummary s = EvalJob.run(spark, tables, checkpoint, report);
      out.println(a.has("--json") ? s.toJson() : s.toText());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
