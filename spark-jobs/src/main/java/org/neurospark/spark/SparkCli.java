package org.neurospark.spark;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.neurospark.events.frames.DurationMode;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.spark.cli.Args;
import org.neurospark.spark.cli.UsageException;
import org.neurospark.spark.frames.FrameStorage;
import org.neurospark.spark.frames.FramesJob;
import org.neurospark.spark.frames.FramesOptions;
import org.neurospark.spark.frames.FramesSummary;
import org.neurospark.spark.ingest.IngestCatalogs;
import org.neurospark.spark.ingest.IngestJob;
import org.neurospark.spark.ingest.IngestOptions;
import org.neurospark.spark.ingest.IngestSummary;
import org.neurospark.spark.tables.TablesLockedException;
import org.neurospark.spark.train.TrainCommand;
import org.neurospark.spark.train.eval.EvalCommand;
import org.neurospark.spark.train.pipeline.PipelineCommand;

/**
 * Command line of the Spark jobs ({@code bin/neurospark spark <job> ...}, or this class under {@code spark-submit}):
 * {@code ingest}, {@code frames}, {@code train} ({@link TrainCommand}), {@code eval} ({@link EvalCommand}) and
 * {@code pipeline} ({@link PipelineCommand}). Every job takes {@code --help}, {@code --master URL} (default
 * {@code local[*]}, or the launcher's master under {@code spark-submit}) and {@code --json} (one-line summary on
 * stdout). Exit status: 0 done, 1 the job failed, 2 wrong usage, 3 the tables are locked by another run.
 */
public final class SparkCli {
  static final String USAGE = String.join("\n",
      "usage: neurospark spark <job> [options]   (<job> --help: its options)",
      "  ingest  decode a dataset folder into Delta tables samples/, events/, errors/ under TABLES",
      "  frames  integrate every sample of TABLES into SpikingJelly frames (TABLES/frames/)",
      "  train   data-parallel training on TABLES/frames with parameter averaging, checkpoints in RUN/",
      "  eval    evaluate a trained RUN on the test split of TABLES/frames into a REPORT folder",
      "  pipeline  ingest -> frames -> train -> eval in one command",
      "  bench   ingest and frames throughput per master against single-threaded raw decoding",
      "  bench-train  training samples/s of worker layouts (e.g. 1x1 vs 2x1) on one master, same run");

  static final String INGEST_USAGE = String.join("\n",
      "usage: neurospark spark ingest --input PATH --catalog NAME --out TABLES [--master URL] [--json]",
      "  --input PATH     dataset folder (local path or file: URI, visible to every executor)",
      "  --catalog NAME   " + String.join("|", IngestCatalogs.names()),
      "                   folder = one sub-folder per class (label = index in sorted order), formats detected per file",
      "  --out TABLES     tables folder: samples/, events/ (partitioned by split, label), errors/ (Delta Lake)",
      "  --master URL     Spark master (default local[*]; under spark-submit its --master)",
      "  --json           print a one-line JSON summary: files_seen, files_ingested, files_unchanged, files_failed,",
      "                   samples, events, seconds",
      "Re-runs ingest only new or changed recordings (path, size, modification time, checksum) and drop the rows of",
      "removed ones; each table changes in one atomic commit; concurrent runs on the same TABLES are refused.");

  static final String FRAMES_USAGE = String.join("\n",
      "usage: neurospark spark frames --tables TABLES (-T N --split-by number|time | --duration US)",
      "                               [--duration-mode upstream|seed] [--storage dense|sparse]",
      "                               [--width W --height H] [--master URL] [--json]",
      "  --tables TABLES   tables folder written by ingest; writes TABLES/frames/",
      "  -T N              N frames per sample (integrate_events_by_fixed_frames_number) ...",
      "  --split-by S      ... split by equal event counts (number) or equal time slices (time)",
      "  --duration US     frames of US microseconds each (integrate_events_by_fixed_duration)",
      "  --duration-mode M upstream (default, current SpikingJelly) or seed (SpikingJelly 2021-2024)",
      "  --storage S       dense (frames = float32 LE [T,2,H,W]) or sparse (nnz, indices int32 LE, counts float32 LE)",
      "  --width/--height  sensor size for samples whose catalog and file declare none (never guessed)",
      "  --master URL      Spark master (default local[*]; under spark-submit its --master)",
      "  --json            print a one-line JSON summary: samples, frames, events, bytes, seconds");

  private SparkCli() {}

  public static void main(String[] argv) {
    int status = run(argv, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the command line; returns the exit status (never exits). */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    if (argv.length == 0 || List.of("--help", "-h", "help").contains(argv[0])) {
      (argv.length == 0 ? err : out).println(USAGE);
      return argv.length == 0 ? 2 : 0;
    }
    String job = argv[0];
    List<String> rest = Arrays.asList(argv).subList(1, argv.length);
    try {
      switch (job) {
        case "ingest":
          return ingest(rest, out);
        case "frames":
          return frames(rest, out);
        case "train":
          return TrainCommand.run(rest, out, err);
        case "eval":
          return EvalCommand.run(rest, out);
        case "pipeline":
          return PipelineCommand.run(rest, out, err);
        case "bench":
          return org.neurospark.spark.bench.BenchCommand.run(rest, out);
        case "bench-train":
          return org.neurospark.spark.bench.TrainBenchCommand.run(rest, out, err);
        default:
          throw new UsageException("unknown job '" + job + "'\n" + USAGE);
      }
    } catch (UsageException e) {
      err.println("neurospark spark " + job + ": " + e.getMessage());
      return 2;
    } catch (TablesLockedException e) {
      err.println("neurospark spark " + job + ": " + e.getMessage());
      return 3;
    } catch (Exception e) {
      err.println("neurospark spark " + job + " failed: " + e);
      return 1;
    }
  }

  private static boolean wantsHelp(List<String> args) {
    return args.contains("--help") || args.contains("-h");
  }

  private static String master(Args a) {
    if (a.has("--master")) {
      return a.get("--master", null);
    }
    return System.getProperty("spark.master") != null ? null : "local[*]";
  }

  private static int ingest(List<String> argv, PrintStream out) throws Exception {
    if (wantsHelp(argv)) {
      out.println(INGEST_USAGE);
      return 0;
    }
    Args a = new Args().option("--input").option("--catalog").option("--out").option("--master").flag("--json")
        .parse(argv);
    IngestOptions o = new IngestOptions(a.required("--input"), IngestCatalogs.canonical(a.required("--catalog")),
        a.required("--out"));
    SparkSession spark = SparkSessions.create("neurospark ingest", master(a));
    try {
      IngestSummary s = IngestJob.run(spark, o);
      out.println(a.has("--json") ? s.toJson() : s.toText());
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static int frames(List<String> argv, PrintStream out) throws Exception {
    if (wantsHelp(argv)) {
      out.println(FRAMES_USAGE);
      return 0;
    }
    Args a = new Args().option("--tables").option("--frames", "-T").option("--split-by").option("--duration")
        .option("--duration-mode").option("--storage").option("--width").option("--height").option("--master")
        .flag("--json").parse(argv);
    int t = a.intValue("--frames", 0);
    SplitBy split = null;
    if (a.has("--split-by")) {
      try {
        split = SplitBy.parse(a.get("--split-by", null));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--split-by: " + e.getMessage());
      }
    }
    if (t == 0 && split != null) {
      throw new UsageException("--split-by goes with -T N");
    }
    DurationMode mode;
    try {
      mode = DurationMode.parse(a.get("--duration-mode", "upstream"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--duration-mode: " + e.getMessage());
    }
    FramesOptions o = new FramesOptions(a.required("--tables"), t, split, a.longValue("--duration", 0), mode,
        FrameStorage.parse(a.get("--storage", "dense")), a.intValue("--width", 0), a.intValue("--height", 0));
    SparkSession spark = SparkSessions.create("neurospark frames", master(a));
    try {
      FramesSummary s = FramesJob.run(spark, o);
      out.println(a.has("--json") ? s.toJson() : s.toText());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
