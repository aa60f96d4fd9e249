package org.neurospark.spark.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.neurospark.snn.data.FrameDataset;
import org.neurospark.snn.flat.FlatLayout;
import org.neurospark.snn.flat.ParameterVector;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.snn.train.TrainingCheckpoint;
import org.neurospark.spark.cli.UsageException;
import scala.Option;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * {@code spark train}: data-parallel training of a model-zoo network on {@code TABLES/frames} (split {@code train})
 * with N workers and parameter averaging every K steps ({@link ReplicaTrainer}), checkpointed every round into
 * {@code RUN/} ({@link RunDirectory}).
 *
 * <p><b>Ring</b> (default): one Spark barrier stage whose N tasks are the workers, each holding a replica for the
 * whole run and averaging with its neighbours over sockets ({@link RingTrainTask}); rank 0 commits each round. A
 * barrier result stage is not retried by Spark: when a task or its executor dies the job fails, and this driver
 * starts the stage again from the last committed round (up to {@code maxAttempts} starts), so every round is in
 * {@code rounds.jsonl} exactly once. <b>Tree</b>: one ordinary job per round — the state is broadcast, each
 * partition trains K steps from it, and {@code treeAggregate} sums the weighted states; the driver commits.
 *
 * <p>{@code --resume} continues a run whose driver was killed, after checking that the options match
 * {@code RUN/args.json}. Before a ring stage the job checks that the application has a task slot per worker
 * ({@link TaskSlots}) and fails fast otherwise.
 */
public final class TrainJob {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long the slot check waits for executors to register, in milliseconds. */
  private static final long SLOT_WAIT_MS = 30_000;
  /**
   * How long a restart waits for the slots, in milliseconds: the cluster manager has to replace a lost executor (a
   * standalone master relaunches it, a new JVM registers) before the barrier stage can run again.
   */
  private static final long RESTART_SLOT_WAIT_MS = 120_000;

  private TrainJob() {}

  /** The training configuration the workers build their replicas from. */
  static TrainConfig config(TrainOptions o, int timeSteps, int threads) {
    return TrainConfig.builder().model(o.model()).channels(o.channels()).timeSteps(timeSteps).batch(o.batch())
        .epochs(o.epochs()).optimizer(o.optimizer()).lr(o.lr()).momentum(o.momentum()).schedule(o.schedule())
        .loss(o.loss()).encoder("frames").seed(o.seed()).threads(threads).out(o.out()).progress(false).build();
  }

  private static ObjectNode args(TrainConfig cfg, TrainOptions o, RoundPlan plan, long[] sizes) {
    ObjectNode a = cfg.toJson();
    a.put("tables", o.tables());
    a.put("workers", o.workers());
    a.put("sync_every", o.syncEvery());
    a.put("max_rounds", o.maxRounds());
    a.put("averaging", o.averaging().id());
    a.put("average_optimizer_state", o.averageOptimizerState());
    a.put("steps_per_epoch", plan.stepsPerEpoch());
    a.put("rounds", plan.rounds());
    ArrayNode s = a.putArray("shard_sizes");
    for (long x : sizes) {
      s.add(x);
    }
    return a;
  }

  /** Runs (or resumes) a training run; {@code progress} gets one line per committed round. Never exits the JVM. */
  public static TrainSummary run(SparkSession spark, TrainOptions o, PrintStream progress) throws IOException {
    long start = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    RunDirectory run = new RunDirectory(o.out(), jsc.hadoopConfiguration());
    int threads = o.threads() > 0 ? o.threads() : Math.max(1, jsc.getConf().getInt("spark.task.cpus", 1));
    FrameShards shards = FrameShards.open(spark, o.tables(), "train", o.workers());
    try {
      TrainConfig cfg;
      try {
        cfg = config(o, shards.timeSteps(), threads);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      FrameDataset probe = FrameDataset.builder(shards.timeSteps(), 2, shards.height(), shards.width(),
          shards.numClasses()).add(new float[shards.timeSteps() * 2 * shards.height() * shards.width()], 0).build();
      try {
        ReplicaTrainer.checkShape(cfg, probe);
        cfg.createOptimizer(cfg.createModel());
        cfg.lrSchedule();
        cfg.lossFunction();
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      RoundPlan plan = new RoundPlan(o.syncEvery(), RoundPlan.stepsPerEpoch(shards.sizes(), o.batch()), o.epochs(),
          o.maxRounds());
      ObjectNode args = args(cfg, o, plan, shards.sizes());
      if (o.averaging() == Averaging.RING) {
        // before anything is written, so a run refused for want of slots leaves no folder behind
        TaskSlots.require(spark.sparkContext(), o.workers(), SLOT_WAIT_MS);
      }
      int attempt = 0;
      if (o.resume()) {
        if (!run.exists(RunDirectory.ARGS)) {
          throw new UsageException(o.out() + ": --resume but the folder holds no run (no " + RunDirectory.ARGS + ")");
        }
        JsonNode saved = JSON.readTree(run.read(RunDirectory.ARGS));
        if (!saved.equals(JSON.readTree(JSON.writeValueAsString(args)))) {
          throw new UsageException(o.out() + "/" + RunDirectory.ARGS + ": the run was started with other options or"
              + " data: " + saved + " vs now " + args);
        }
        // after every attempt the killed driver started (the fence names its last), committed rounds or not, so a
        // straggling task of those can never pass the new fence
        attempt = run.fencedAttempt() + 1;
        for (RoundRecord r : run.rounds()) {
          attempt = Math.max(attempt, r.attempt() + 1);
        }
      } else {
        if (run.exists(RunDirectory.ARGS) || !run.rounds().isEmpty()) {
          throw new UsageException(o.out() + " holds a run already: pass --resume to continue it, or choose another"
              + " --out");
        }
        run.write(RunDirectory.ARGS, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(args)
            .getBytes(StandardCharsets.UTF_8));
      }
      int before = run.rounds().size();
      int restarts = 0;
      List<String> devices = List.of();
      WorkerReport rank0 = null;
      RoundPrinter printer = new RoundPrinter(run, plan.rounds(), progress, before);
      printer.start();
      try {
        while (true) {
          List<RoundRecord> done = run.rounds();
          int from = done.size();
          if (from >= plan.rounds()) {
            break;
          }
          run.discardUncommitted(from - 1);
          run.fence(attempt);
          String group = "neurospark-train-" + UUID.randomUUID();
          jsc.setJobGroup(group, "neurospark train " + o.out() + " from round " + from + ", attempt " + attempt, true);
          try {
            if (o.averaging() == Averaging.RING) {
              TaskSlots.require(spark.sparkContext(), o.workers(), restarts == 0 ? SLOT_WAIT_MS
                  : RESTART_SLOT_WAIT_MS);
              List<WorkerReport> reps = ringStage(shards, cfg, plan, o, run, from, attempt);
              devices = reps.stream().map(WorkerReport::device).toList();
              rank0 = reps.get(0);
            } else {
              devices = treeStages(jsc, shards, cfg, plan, o, run, from, attempt);
            }
          } catch (NotEnoughSlotsException | UsageException e) {
            throw e;
          } catch (Exception e) {
            // SparkException (a failed barrier stage, a lost executor), a worker's exception, a failed commit
            // the failed stage's other tasks may still run (rank 0 may be committing): let them end first
            jsc.cancelJobGroup(group);
            awaitTasksEnded(jsc, group, 120_000);
            restarts = failed(o, progress, run, restarts, attempt, e);
          } finally {
            jsc.clearJobGroup();
          }
          attempt++;
        }
      } finally {
        printer.finish();
      }
      List<RoundRecord> all = run.rounds();
      long samples = 0;
      for (RoundRecord r : all) {
        samples += r.samples();
      }
      RoundRecord last = all.get(all.size() - 1);
      WorkerReport r0 = rank0;
      return new TrainSummary(all.size(), all.size() - before, samples, last.loss(), last.accuracy(), o.workers(),
          o.averaging().id(), restarts, devices, r0 == null ? Double.NaN : r0.trainSeconds(),
          r0 == null ? Double.NaN : r0.averageSeconds(), r0 == null ? Double.NaN : r0.waitSeconds(),
          r0 == null ? 0 : r0.bytesSent(),
          (System.nanoTime() - start) / 1e9);
    } finally {
      shards.release();
    }
  }

  private static int failed(TrainOptions o, PrintStream progress, RunDirectory run, int restarts, int attempt,
      Exception e) throws IOException {
    int committed = run.rounds().size();
    if (restarts + 1 >= o.maxAttempts()) {
      throw new IOException("the training stage failed " + (restarts + 1) + " times (the limit); " + committed
          + " rounds are committed in " + o.out() + " (continue with --resume); last failure: " + rootMessage(e), e);
    }
    if (progress != null) {
      progress.println("train: stage attempt " + attempt + " failed (" + rootMessage(e) + "); restarting from round "
          + committed);
    }
    return restarts + 1;
  }

  /** Waits until no task of the jobs of {@code group} is running (or the time is up). */
  private static void awaitTasksEnded(JavaSparkContext jsc, String group, long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    SparkStatusTracker st = jsc.sc().statusTracker();
    while (System.nanoTime() < end) {
      int active = 0;
      for (int job : st.getJobIdsForGroup(group)) {
        Option<SparkJobInfo> info = st.getJobInfo(job);
        if (info.isEmpty()) {
          continue;
        }
        for (int stage : info.get().stageIds()) {
          Option<SparkStageInfo> si = st.getStageInfo(stage);
          if (si.isDefined()) {
            active += si.get().numActiveTasks();
          }
        }
      }
      if (active == 0) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String rootMessage(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.toString() : m.lines().findFirst().orElse(m);
  }

  /** Runs the ring stage from round {@code from}; the workers' reports by rank. */
  private static List<WorkerReport> ringStage(FrameShards shards, TrainConfig cfg, RoundPlan plan, TrainOptions o,
      RunDirectory run, int from, int attempt) throws IOException {
    ClassTag<String> tag = ClassTag$.MODULE$.apply(String.class);
    RingTrainTask task = new RingTrainTask(cfg, plan, o, run, shards.shape(), from, attempt);
    List<String> lines = JavaRDD.fromRDD(shards.records().rdd().barrier().mapPartitions(task, false, tag), tag)
        .collect();
    List<WorkerReport> reports = new ArrayList<>(Collections.nCopies(o.workers(), null));
    for (String l : lines) {
      WorkerReport w = WorkerReport.parse(l);
      reports.set(w.rank(), w);
    }
    return reports;
  }

  private static List<String> treeStages(JavaSparkContext jsc, FrameShards shards, TrainConfig cfg, RoundPlan plan,
      TrainOptions o, RunDirectory run, int from, int attempt) throws IOException {
    Module model = cfg.createModel();
    Optimizer opt = cfg.createOptimizer(model);
    if (from > 0) {
      TrainingCheckpoint ck = run.checkpoint(from - 1);
      model.loadStateDict(ck.model(), true);
      opt.loadStateDict(ck.optimizer());
    }
    FrameShards.Shape shape = shards.shape();
    int workers = o.workers();
    TrainOptions.InjectedFailure failure = o.failure();
    List<String> devices = new ArrayList<>(Collections.nCopies(workers, "cpu"));
    for (int r = from; r < plan.rounds(); r++) {
      long t0 = System.nanoTime();
      ParameterVector state = ParameterVector.of(model, opt);
      FlatLayout layout = state.layout();
      Broadcast<byte[]> bytes = jsc.broadcast(state.toByteBuffer().array());
      int round = r;
      String backendMode = o.backend();
      TreeContribution sum = shards.records().mapPartitionsWithIndex((rank, it) -> {
        try (SpilledShard shard = FrameShards.spill(it, shape);
            CpuContext cpu = CpuContext.open(CpuConfig.fromEnvironment().withThreads(cfg.threads()));
            CpuContext.Scope in = cpu.enter();
            TrainDevice device = TrainDevice.open(backendMode, TaskContext.get().resourcesJMap())) {
          ReplicaTrainer t = ReplicaTrainer.create(cfg, shard, plan, rank, true, device.backend());
          t.load(ParameterVector.fromByteBuffer(layout, ByteBuffer.wrap(bytes.value())));
          if (failure != null && failure.rank() == rank && failure.round() == round
              && failure.attempt() == attempt) {
            throw new IllegalStateException("injected failure of worker " + rank + " in round " + round
                + ", attempt " + attempt);
          }
          LocalRound local = t.trainLocal(round);
          ParameterVector after = t.vector();
          long[] c = after.counters();
          double[] sums = new double[c.length + 4];
          for (int i = 0; i < c.length; i++) {
            sums[i] = c[i];
          }
          sums[c.length] = local.samples();
          sums[c.length + 1] = local.lossSum();
          sums[c.length + 2] = local.correct();
          sums[c.length + 3] = local.steps();
          return List.of(TreeContribution.of(after.floats(), local.samples(), sums, rank, device.description()))
              .iterator();
        }
      }, false).treeAggregate(new TreeContribution(), TreeContribution::merge, TreeContribution::merge);
      bytes.destroy();
      if (sum.floats.count() != workers) {
        throw new IllegalStateException("round " + r + ": " + sum.floats.count() + " of " + workers
            + " workers contributed");
      }
      int m = layout.counterCount();
      long[] counters = new long[m];
      for (int i = 0; i < m; i++) {
        counters[i] = (long) Math.floor(sum.sums[i] / workers);
      }
      new ParameterVector(layout, sum.floats.result(), counters).copyTo(model, opt);
      devices = new ArrayList<>(sum.devices.values());
      long samples = (long) sum.sums[m];
      int steps = plan.steps(r);
      long g = plan.firstStep(r) + steps;
      opt.setLr(cfg.lrSchedule().lr(cfg.lr(), plan.epochOf(g - 1)));
      RoundResult res = new RoundResult(r, plan.epochOf(g - 1), g, samples, sum.sums[m + 1] / samples,
          sum.sums[m + 2] / samples, workers, 0, 0);
      run.commit(RoundRecord.of(res, attempt, (System.nanoTime() - t0) / 1e9),
          ReplicaTrainer.checkpoint(cfg, plan, model, opt, res));
    }
    return devices;
  }

  /** Prints each newly committed round while a stage runs (polls rounds.jsonl once a second). */
  private static final class RoundPrinter extends Thread {
    private final RunDirectory run;
    private final int total;
    private final PrintStream out;
    private int shown;
    private volatile boolean stop;

    RoundPrinter(RunDirectory run, int total, PrintStream out, int shown) {
      super("neurospark-train-progress");
      setDaemon(true);
      this.run = run;
      this.total = total;
      this.out = out;
      this.shown = shown;
    }

    @Override
    public void run() {
      while (!stop) {
        show();
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private synchronized void show() {
      if (out == null) {
        return;
      }
      try {
        List<RoundRecord> rs = run.rounds();
        for (; shown < rs.size(); shown++) {
          RoundRecord r = rs.get(shown);
          out.println(String.format(Locale.ROOT, "train: round %d/%d epoch %d step %d: loss %.4f accuracy %.3f "
              + "(%d samples, %d workers, attempt %d, %.2f s)", r.round() + 1, total, r.epoch(), r.step(), r.loss(),
              r.accuracy(), r.samples(), r.workers(), r.attempt(), r.seconds()));
        }
      } catch (IOException e) {
        // a commit in progress: shown on the next poll
      }
    }

    void finish() {
      stop = true;
      interrupt();
      try {
        join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      show();
    }
  }
}
