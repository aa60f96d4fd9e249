package org.neurospark.spark.train.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.neurospark.events.frames.DurationMode;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.events.simulate.NmnistSimulator;
import org.neurospark.events.simulate.SimulationOptions;
import org.neurospark.events.simulate.SimulationSummary;
import org.neurospark.spark.SparkSessions;
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
import org.neurospark.spark.train.Averaging;
import org.neurospark.spark.train.TrainJob;
import org.neurospark.spark.train.TrainOptions;
import org.neurospark.spark.train.TrainSummary;
import org.neurospark.spark.train.eval.EvalJob;
import org.neurospark.spark.train.eval.EvalSummary;

/**
 * {@code neurospark spark pipeline}: ingest → frames → train → eval in one Spark application, with progress per stage
 * (and per round) on stderr. Outputs: {@code DIR/tables}, {@code DIR/run}, {@code DIR/report} (and
 * {@code DIR/events} when the events are simulated from an IDX image folder with {@code --images}).
 */
public final class PipelineCommand {
  public static final String USAGE = String.join("\n",
      "usage: neurospark spark pipeline (--input PATH --catalog NAME | --images IDX_DIR [--limit N]) [--out DIR]",
      "                                 [-T N] [--model NAME] [--channels C] [--workers N] [--sync-every K]",
      "                                 [--epochs E] [--batch B] [--lr LR] [--backend B] [--master URL] [--json]",
      "       neurospark spark pipeline [--out DIR] [--master URL] [--json]   (the embedded default, below)",
      "  --input/--catalog  an event dataset folder and its catalog (as for 'spark ingest')",
      "  --images IDX_DIR   an MNIST/Fashion-MNIST IDX folder: simulate an N-MNIST-like event dataset from it first",
      "                     (org.neurospark.events.simulate, into DIR/events); --limit N images per split",
      "  --out DIR          outputs: DIR/tables, DIR/run, DIR/report (default: pipeline-out)",
      "  -T N               frames per sample (default 8, split by event count)",
      "  --model NAME       default plif-nmnist (SpikingJelly's NMNISTNet, 34x34); --channels C (default 32)",
      "  --workers N        default 2; --sync-every K default 4; --epochs E default 1; --batch B default 16;",
      "                     --lr LR default 1e-3 (Adam, cosine schedule)",
      "  --backend B        where workers train: auto (default: the CUDA backend on a task Spark assigns a GPU,",
      "                     else the CPU), cuda, cpu, sealed (as 'spark train --backend')",
      "  --master URL       Spark master (default local[*]; under spark-submit its --master)",
      "  --json             print one line: test_accuracy, samples, rounds, seconds",
      "With no data named it runs the embedded default: --images " + "/usr/share/datasets/fashion-mnist (Debian's",
      "dataset-fashion-mnist; or $NEUROSPARK_IMAGES) --limit 1000 --epochs 2: N-MNIST-style recordings simulated from",
      "Fashion-MNIST, local[*].");

  /**
   * The embedded default's image folder: {@code -Dneurospark.images}, else {@code $NEUROSPARK_IMAGES}, else Debian's
   * Fashion-MNIST.
   */
  static Path defaultImages() {
    String v = System.getProperty("neurospark.images", System.getenv("NEUROSPARK_IMAGES"));
    return Path.of(v != null && !v.isBlank() ? v : "/usr/share/datasets/fashion-mnist");
  }

  private PipelineCommand() {}

  /** Parses {@code argv} (after {@code pipeline}) and runs the four stages; exit status as {@code SparkCli}'s. */
  public static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    if (argv.contains("--help") || argv.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Args a = new Args().option("--input").option("--catalog").option("--images").option("--limit").option("--out")
        .option("--frames", "-T").option("--model").option("--channels").option("--workers").option("--sync-every")
        .option("--epochs").option("--batch").option("--lr").option("--backend").option("--master").flag("--json")
        .parse(argv);
    boolean named = a.has("--input") || a.has("--catalog");
    if (a.has("--images") && named) {
      throw new UsageException("name the data once: --input PATH --catalog NAME, or --images IDX_DIR");
    }
    boolean embedded = !named && !a.has("--images");
    boolean simulate = !named;
    Path images = a.has("--images") ? Path.of(a.get("--images", null)) : defaultImages();
    if (embedded && !java.nio.file.Files.isDirectory(images)) {
      throw new UsageException("no data named and the embedded default's images are missing: " + images
          + " (apt-get install dataset-fashion-mnist, set NEUROSPARK_IMAGES, or name --input/--catalog or --images)");
    }
    String dir = a.get("--out", "pipeline-out");
    String tables = dir + "/tables";
    String run = dir + "/run";
    String report = dir + "/report";
    long t0 = System.nanoTime();
    String input;
    String catalog;
    if (simulate) {
      Path events = Path.of(dir, "events");
      err.println("pipeline: simulating events from " + images + " into " + events
          + (embedded ? " (the embedded default)" : ""));
      SimulationOptions so = SimulationOptions.of(images, events)
          .withThreads(Runtime.getRuntime().availableProcessors());
      if (a.has("--limit") || embedded) {
        so = so.withLimit(a.intValue("--limit", 1000));
      }
      SimulationSummary ss = NmnistSimulator.run(so, (split, index, label, ev, done, total) -> { });
      err.println(String.format(Locale.ROOT, "pipeline: simulated %d samples", ss.totalSamples()));
      input = events.toString();
      catalog = "nmnist";
    } else {
      input = a.required("--input");
      catalog = IngestCatalogs.canonical(a.required("--catalog"));
    }
    TrainOptions d = TrainOptions.defaults(tables, run, a.get("--model", "plif-nmnist"), a.intValue("--workers", 2),
        a.intValue("--sync-every", 4));
    TrainOptions to;
    try {
      to = new TrainOptions(tables, run, d.model(), a.intValue("--channels", 32), d.workers(), d.syncEvery(),
          a.intValue("--epochs", embedded ? 2 : 1), 0, a.intValue("--batch", 16), "adam",
          a.has("--lr") ? Double.parseDouble(a.get("--lr", null)) : 1e-3, 0.9, "cosine", "mse", 2020, 0,
          Averaging.RING, true, false, 3, 600, null, a.get("--backend", "auto"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String master = a.has("--master") ? a.get("--master", null)
        : System.getProperty("spark.master") != null ? null : "local[*]";
    SparkSession spark = SparkSessions.create("neurospark pipeline", master);
    try {
      err.println("pipeline: [1/4] ingest " + input + " (" + catalog + ")");
      IngestSummary is = IngestJob.run(spark, new IngestOptions(input, catalog, tables));
      err.println("pipeline: " + is.toText());
      err.println("pipeline: [2/4] frames");
      FramesSummary fs = FramesJob.run(spark, new FramesOptions(tables, a.intValue("--frames", 8), SplitBy.NUMBER, 0,
          DurationMode.UPSTREAM, FrameStorage.DENSE, 0, 0));
      err.println("pipeline: " + fs.toText());
      err.println("pipeline: [3/4] train");
      TrainSummary ts = TrainJob.run(spark, to, err);
      err.println("pipeline: " + ts.toText());
      err.println("pipeline: [4/4] eval");
      EvalSummary es = EvalJob.run(spark, tables, run, report);
      err.println("pipeline: " + es.toText());
      double secs = (System.nanoTime() - t0) / 1e9;
      if (a.has("--json")) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("test_accuracy", es.accuracy());
        o.put("samples", es.samples());
        o.put("rounds", ts.rounds());
        o.put("seconds", secs);
        out.println(o);
      } else {
        out.println(String.format(Locale.ROOT, "pipeline: test accuracy %.4f on %d samples after %d rounds; %.1f s;"
            + " outputs in %s (tables, run, report)", es.accuracy(), es.samples(), ts.rounds(), secs, dir));
      }
      return 0;
    } finally {
      spark.stop();
    }
  }
}
