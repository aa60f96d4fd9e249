package org.neurospark.spark.train;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.spark.SparkSessions;
import org.neurospark.spark.cli.Args;
import org.neurospark.spark.cli.UsageException;

/** {@code neurospark spark train}: the command line of {@link TrainJob}. */
public final class TrainCommand {
  public static final String USAGE = String.join("\n",
      "usage: neurospark spark train --tables TABLES --model NAME [--channels C] --workers N --sync-every K",
      "                              [--epochs E] [--max-rounds R] [--batch B] [--opt NAME] [--lr LR] --out RUN",
      "                              [--resume] [--averaging ring|tree] [--backend auto|cuda|cpu|sealed]",
      "                              [--master URL] [--json]",
      "  --tables TABLES     tables folder; trains on TABLES/frames, split 'train' (run 'spark frames' first)",
      "  --model NAME        model-zoo network taking [T, 2, H, W] frames, e.g. plif-nmnist (34x34)",
      "  --channels C        model channels (default: the model's)",
      "  --workers N         data-parallel workers, one Spark barrier task each (needs N task slots at once)",
      "  --sync-every K      local steps between two averagings of parameters and optimizer state",
      "  --epochs E          passes of every worker over its shard (default 1)",
      "  --max-rounds R      stop after R rounds (default: all rounds of E epochs)",
      "  --batch B           samples per step and worker (default 16)",
      "  --opt NAME          adam (default), adamw, sgd, sgd-nesterov; --momentum M for SGD (default 0.9)",
      "  --lr LR             base learning rate (default 1e-3); --schedule const|cosine|step:S:G (default cosine)",
      "  --loss NAME         mse (default), ce, tet; --seed S (default 2020)",
      "  --threads N         CPU threads per worker (default spark.task.cpus)",
      "  --backend B         where each worker computes: auto (default: the CUDA backend on the task's GPU when",
      "                      Spark assigns one, e.g. --conf spark.task.resource.gpu.amount=1, else the CPU; an",
      "                      unusable GPU falls back to the CPU and the summary's devices say why), cuda (fail",
      "                      when it cannot start), cpu, sealed (snn-core's host-unreadable validation backend)",
      "  --out RUN           run folder (Hadoop path every executor can write): checkpoints/, rounds.jsonl,",
      "                      model.safetensors (SpikingJelly names), optimizer.safetensors, args.json",
      "  --resume            continue the run in RUN after its last committed round (same options)",
      "  --averaging A       ring (default: all-reduce between the barrier tasks) or tree (a Spark job per round)",
      "  --local-optimizer-state  average parameters only; each worker keeps its own optimizer state (ring only;",
      "                      a restart or resume then gives every worker rank 0's state)",
      "  --max-attempts N    starts of the training stage before giving up (default 3)",
      "  --io-timeout S      seconds a ring step may wait for its neighbours (default 600)",
      "  --master URL        Spark master (default local[*]; under spark-submit its --master)",
      "  --json              print a one-line JSON summary: rounds, rounds_this_run, samples, loss, accuracy,",
      "                      workers, averaging, restarts, devices (per rank: cpu, cuda:ADDR, sealed), seconds",
      "Progress (one line per committed round) goes to stderr. A lost worker or executor restarts the stage from",
      "the last committed round, so every round is in rounds.jsonl exactly once.");

  private TrainCommand() {}

  /** Parses {@code argv} (after {@code train}), runs the job; exit status as {@code SparkCli}'s. */
  public static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    if (argv.contains("--help") || argv.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Args a = parse(argv);
    TrainOptions o = options(a);
    String master = a.has("--master") ? a.get("--master", null)
        : System.getProperty("spark.master") != null ? null : "local[*]";
    SparkSession spark = SparkSessions.create("neurospark train", master);
    try {
      TrainSummary s = TrainJob.run(spark, o, err);
      out.println(a.has("--json") ? s.toJson() : s.toText());
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * The {@link TrainOptions} that {@code neurospark spark train ARGV} runs with: the flags of {@link #USAGE}, with the
   * same defaults and checks ({@code --master} and {@code --json}, which concern the command, are accepted and
   * ignored). For callers that own a Spark session, such as a notebook:
   * {@code TrainJob.run(spark, TrainCommand.options(List.of("--tables", t, "--out", run, "--model", "plif-nmnist",
   * "--workers", "2", "--sync-every", "1")), System.out)}.
   *
   * @throws UsageException naming the flag that is missing, unknown or malformed, or the model that is not known
   */
  public static TrainOptions options(List<String> argv) {
    return options(parse(argv));
  }

  private static Args parse(List<String> argv) {
    return new Args().option("--tables").option("--model").option("--channels").option("--workers")
        .option("--sync-every").option("--epochs").option("--max-rounds").option("--batch").option("--opt")
        .option("--lr").option("--momentum").option("--schedule").option("--loss").option("--seed")
        .option("--threads").option("--out").flag("--resume").option("--averaging").flag("--local-optimizer-state")
        .option("--max-attempts").option("--io-timeout").option("--master").option("--backend").flag("--json")
        .parse(argv);
  }

  private static TrainOptions options(Args a) {
    String model = a.required("--model");
    if (!ModelZoo.names().contains(model)) {
      throw new UsageException("unknown model '" + model + "'; known: " + ModelZoo.names());
    }
    try {
      return new TrainOptions(a.required("--tables"), a.required("--out"), model, a.intValue("--channels", 0),
          requiredInt(a, "--workers"),
          requiredInt(a, "--sync-every"), a.intValue("--epochs", 1), a.intValue("--max-rounds", 0),
          a.intValue("--batch", 16), a.get("--opt", "adam"), doubleValue(a, "--lr", 1e-3),
          doubleValue(a, "--momentum", 0.9), a.get("--schedule", "cosine"), a.get("--loss", "mse"),
          a.longValue("--seed", 2020), a.intValue("--threads", 0), Averaging.parse(a.get("--averaging", "ring")),
          !a.has("--local-optimizer-state"), a.has("--resume"), a.intValue("--max-attempts", 3),
          a.intValue("--io-timeout", 600), null, a.get("--backend", "auto"));
    } catch (IllegalArgumentException e) {
      throw e instanceof UsageException ? e : new UsageException(e.getMessage());
    }
  }

  private static int requiredInt(Args a, String name) {
    a.required(name);
    return a.intValue(name, 0);
  }

  private static double doubleValue(Args a, String name, double dflt) {
    String v = a.get(name, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("option " + name + " needs a number, not '" + v + "'");
    }
  }
}
