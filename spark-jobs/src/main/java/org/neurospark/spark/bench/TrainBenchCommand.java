package org.neurospark.spark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.neurospark.events.bench.BenchMachine;
import org.neurospark.spark.SparkSessions;
import org.neurospark.spark.cli.Args;
import org.neurospark.spark.cli.UsageException;
import org.neurospark.spark.train.RoundRecord;
import org.neurospark.spark.train.TrainCommand;
import org.neurospark.spark.train.TrainJob;
import org.neurospark.spark.train.TrainOptions;
import org.neurospark.spark.train.TrainSummary;

/**
 * {@code neurospark spark bench-train}: training throughput of {@code spark train} for several worker layouts on
 * one Spark master, in one application, against the first layout as the baseline.
 *
 * <p>Each layout {@code WxC} is W barrier workers of C CPU threads each. Every layout trains a fresh run of the same
 * model on the same frames table for {@code --rounds} rounds; throughput is the samples of rounds 1.. over their
 * committed wall seconds ({@code rounds.jsonl}: local steps plus averaging; round 0, which also carries the shard
 * spill and the JIT's first compilation on a fresh task, is left out). One warm-up run of the widest layout comes
 * first so every executor JVM has compiled the step before anything is timed. On a standalone cluster the layouts
 * must fit its executors: with {@code cluster start --workers 2 --cores 1}, {@code 1x1} uses one executor and
 * {@code 2x1} both.
 */
public final class TrainBenchCommand {
  /** Usage text. */
  public static final String USAGE = String.join("\n",
      "usage: neurospark spark bench-train --tables TABLES --work DIR [--layouts 1x1,2x1] [--model NAME]",
      "                                    [--channels C] [--batch B] [--sync-every K] [--rounds R]",
      "                                    [--averaging ring|tree] [--master URL] [--json]",
      "  Training throughput (samples/s) of each worker layout WxC (W workers x C threads) on one master, with",
      "  the ratio to the first layout, measured in the same application; CPU model, vector width, load average.",
      "  --tables TABLES   tables with a frames/ table (from: neurospark spark frames, or spark pipeline's DIR/tables)",
      "  --work DIR        runs go to DIR/<n>-<layout>/ (replaced)",
      "  --layouts LIST    comma-separated WxC (default 1x1,2x1); the first is the baseline",
      "  --model NAME      default plif-nmnist; --channels C default 16; --batch B default 16",
      "  --sync-every K    local steps per averaging round (default 8); --rounds R rounds per layout (default 6)",
      "  --averaging A     ring (default) or tree",
      "  --master URL      Spark master (default local[*]; under spark-submit its --master)",
      "  --json            end with a one-line JSON object of every number");

  private TrainBenchCommand() {}

  /** One worker layout: {@code workers} barrier tasks of {@code threads} CPU threads. */
  record Layout(int workers, int threads) {
    static Layout parse(String s) {
      String[] p = s.strip().toLowerCase(Locale.ROOT).split("x");
      try {
        if (p.length == 2) {
          Layout l = new Layout(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
          if (l.workers > 0 && l.threads > 0) {
            return l;
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException("--layouts: '" + s + "' is not WxC with positive W and C (e.g. 2x1)");
    }

    String id() {
      return workers + "x" + threads;
    }
  }

  /** Runs {@code bench-train} with {@code argv} (after the job name); returns the exit status. */
  public static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    if (argv.contains("--help") || argv.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Args a = new Args().option("--tables").option("--work").option("--layouts").option("--model")
        .option("--channels").option("--batch").option("--sync-every").option("--rounds").option("--averaging")
        .option("--master").flag("--json").parse(argv);
    List<Layout> layouts = new ArrayList<>();
    for (String s : a.get("--layouts", "1x1,2x1").split(",")) {
      if (!s.isBlank()) {
        layouts.add(Layout.parse(s));
      }
    }
    if (layouts.isEmpty()) {
      throw new UsageException("--layouts names no layout");
    }
    int rounds = a.intValue("--rounds", 6);
    if (rounds < 2) {
      throw new UsageException("--rounds must be at least 2 (round 0 is not timed)");
    }
    String tables = a.required("--tables");
    Path work = Path.of(a.required("--work"));
    List<String> common = List.of("--tables", tables, "--model", a.get("--model", "plif-nmnist"), "--channels",
        a.get("--channels", "16"), "--batch", a.get("--batch", "16"), "--sync-every", a.get("--sync-every", "8"),
        "--averaging", a.get("--averaging", "ring"), "--epochs", "1000");
    String master = a.has("--master") ? a.get("--master", null)
        : System.getProperty("spark.master") != null ? null : "local[*]";
    SparkSession spark = SparkSessions.create("neurospark bench-train", master);
    try {
      Map<String, Object> result = run(spark, common, work, layouts, rounds, out, err);
      if (a.has("--json")) {
        out.println(new ObjectMapper().writeValueAsString(result));
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static Map<String, Object> run(SparkSession spark, List<String> common, Path work, List<Layout> layouts,
      int rounds, PrintStream out, PrintStream err) throws IOException {
    BenchMachine machine = BenchMachine.current();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cpu", machine.cpuModel());
    result.put("vector_bits", machine.vectorBits());
    result.put("avx512", machine.avx512Used());
    result.put("master", spark.sparkContext().master());
    result.put("load_before", SparkBench.loadAverage());
    out.printf(Locale.ROOT, "%s%nmaster %s; load average %s%n", machine.describe(), spark.sparkContext().master(),
        SparkBench.loadAverage());
    Layout widest = layouts.get(0);
    for (Layout l : layouts) {
      if (l.workers > widest.workers) {
        widest = l;
      }
    }
    Files.createDirectories(work);
    train(spark, common, work.resolve("warmup-" + widest.id()), widest, 2, err);
    List<Map<String, Object>> rows = new ArrayList<>();
    double base = Double.NaN;
    int n = 0;
    for (Layout l : layouts) {
      Path dir = work.resolve((n++) + "-" + l.id());
      TrainSummary s = train(spark, common, dir, l, rounds, err);
      long samples = 0;
      double seconds = 0;
      int timed = 0;
      for (String line : Files.readAllLines(dir.resolve("rounds.jsonl"))) {
        RoundRecord r = RoundRecord.parse(line, dir.resolve("rounds.jsonl").toString());
        if (r.round() == 0) {
          continue;
        }
        samples += r.samples();
        seconds += r.seconds();
        timed++;
      }
      double rate = samples / seconds;
      if (Double.isNaN(base)) {
        base = rate;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("layout", l.id());
      row.put("workers", l.workers);
      row.put("threads", l.threads);
      row.put("rounds_timed", timed);
      row.put("samples", samples);
      row.put("seconds", seconds);
      row.put("samples_per_s", rate);
      row.put("ratio", rate / base);
      if (Double.isFinite(s.trainSeconds()) && s.trainSeconds() > 0) {
        row.put("average_share", (s.averageSeconds() - s.waitSeconds()) / s.trainSeconds());
        row.put("wait_share", s.waitSeconds() / s.trainSeconds());
      }
      rows.add(row);
      out.printf(Locale.ROOT, "%-5s %d worker(s) x %d thread(s): %6.1f samples/s (%d samples in %.2f s over %d "
          + "rounds) = %.2fx %s%s%n", l.id(), l.workers, l.threads, rate, samples, seconds, timed, rate / base,
          layouts.get(0).id(), row.containsKey("average_share") ? String.format(Locale.ROOT, "; rank 0 averaging "
              + "%.1f%% and waiting %.1f%% of its step time", 100 * (double) row.get("average_share"),
              100 * (double) row.get("wait_share")) : "");
    }
    result.put("layouts", rows);
    result.put("load_after", SparkBench.loadAverage());
    out.printf(Locale.ROOT, "load average %s at the end%n", SparkBench.loadAverage());
    return result;
  }

  private static TrainSummary train(SparkSession spark, List<String> common, Path dir, Layout l, int maxRounds,
      PrintStream err) throws IOException {
    SparkBench.deleteTree(dir);
    List<String> argv = new ArrayList<>(common);
    argv.addAll(List.of("--workers", Integer.toString(l.workers), "--threads", Integer.toString(l.threads), "--out",
        dir.toString()));
    argv.addAll(List.of("--max-rounds", Integer.toString(maxRounds)));
    TrainOptions o = TrainCommand.options(argv);
    return TrainJob.run(spark, o, err);
  }
}
