package org.neurospark.snn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.data.BatchSource;
import org.neurospark.snn.data.EpochOrder;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.LrSchedule;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local training driver (what {@code snn train} runs): a model-zoo network trained on a {@link BatchSource}
 * with SpikingJelly's classification loop, built from the reusable parts — {@link EpochOrder} (seeded shuffle),
 * {@link TrainStep} (one step), {@link StepMetrics}, {@link Evaluation} and {@link TrainingCheckpoint}. Outputs
 * in {@code cfg.out}: {@code model.safetensors} (latest weights), {@code metrics.jsonl} (one JSON object per
 * evaluation), {@code curves.png}, {@code args.json}, and {@code checkpoint_latest/} + {@code checkpoint_best/}
 * (the folder form of {@link TrainingCheckpoint}).
 *
 * <p>Images ({@code [N, C, H, W]} sources) are encoded over T steps by {@code cfg.encoder}; event frames
 * ({@code [T, N, 2, H, W]} sources) need {@code encoder = "frames"} and T equal to the data's.
 *
 * <p>All randomness (shuffle, dropout masks, Poisson encoding) is derived from (seed, epoch, batch), so a run
 * resumed from {@code checkpoint_latest} (or from any {@link TrainingCheckpoint}, {@link #run(TrainingCheckpoint)})
 * continues exactly as the uninterrupted run would.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainConfig cfg;
  private final BatchSource train;
  private final BatchSource test;
  private final Module model;
  private final Optimizer opt;
  private final TrainStep step;
  private final LrSchedule schedule;
  private final PrintStream progressOut;
  private final StepMetrics metrics = new StepMetrics();

  private int epoch;
  private int batchInEpoch;
  private long globalStep;
  private double bestTestAcc = -1;
  private int bestEpoch = -1;
  private final List<CurvePlot.Point> points = new ArrayList<>();

  /** Result of {@link #run}. */
  public record Result(int epochsDone, long steps, double lastTestAcc, double bestTestAcc, double trainImagesPerS,
      boolean stoppedByMaxSteps) {}

  /**
   * @param train training samples
   * @param test evaluation samples (evaluated after every epoch and at a --max-steps stop)
   * @param progressOut where progress bars go (when {@code cfg.progress})
   */
  public Trainer(TrainConfig cfg, BatchSource train, BatchSource test, PrintStream progressOut) {
    this.cfg = cfg;
    this.train = train;
    this.test = test;
    this.progressOut = progressOut;
    this.model = cfg.createModel();
    this.opt = cfg.createOptimizer(model);
    this.schedule = cfg.lrSchedule();
    this.step = new TrainStep(model, cfg.lossFunction(), cfg.inputEncoder(), opt);
    for (BatchSource d : new BatchSource[] {train, test}) {
      if (d != null) {
        cfg.requireCompatible(d);
      }
    }
  }

  public Module model() {
    return model;
  }

  /** The step this trainer runs (model, loss, encoder, optimizer). */
  public TrainStep step() {
    return step;
  }

  private int trainSize() {
    return cfg.trainLimit() > 0 ? Math.min(cfg.trainLimit(), train.size()) : train.size();
  }

  private int testSize() {
    return cfg.testLimit() > 0 ? Math.min(cfg.testLimit(), test.size()) : test.size();
  }

  /**
   * Runs (or, with {@code resume}, continues from {@code out/checkpoint_latest}) until the epochs or max steps are
   * done. Training runs in a {@link CpuContext} of {@code cfg.threads()} threads (other settings from
   * {@link CpuConfig#fromEnvironment()}) opened for the run and closed when it ends.
   */
  public Result run(boolean resume) throws IOException {
    Path out = cfg.outPath();
    Files.createDirectories(out);
    Path args = out.resolve("args.json");
    if (resume) {
      Path ck = out.resolve("checkpoint_latest");
      if (!Files.isDirectory(ck)) {
        throw new IOException(out + ": --resume but no checkpoint_latest/ to resume from");
      }
      JsonNode saved = JSON.readTree(args.toFile());
      JsonNode now = JSON.readTree(JSON.writeValueAsString(cfg.toJson()));
      if (!saved.equals(now)) {
        throw new IOException(args + ": the run was started with other arguments: " + saved + " vs " + now);
      }
      restore(TrainingCheckpoint.read(ck));
      LOG.info("resumed at epoch {} batch {} (step {})", epoch, batchInEpoch, globalStep);
    } else {
      Files.writeString(args, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(cfg.toJson()));
      Files.deleteIfExists(out.resolve("metrics.jsonl"));
    }
    return loop(out);
  }

  /**
   * Continues a run from a checkpoint read from anywhere (e.g. a stream from HDFS), writing outputs to
   * {@code cfg.out} ({@code args.json} is written; {@code metrics.jsonl} is appended to). The checkpoint must come
   * from a run with this configuration's seed and schedule.
   */
  public Result run(TrainingCheckpoint from) throws IOException {
    Path out = cfg.outPath();
    Files.createDirectories(out);
    TrainerState s = from.state();
    if (s.seed() != cfg.seed() || !s.schedule().equals(cfg.schedule())) {
      throw new IOException("the checkpoint is of a run with seed " + s.seed() + " and schedule '" + s.schedule()
          + "', this configuration has seed " + cfg.seed() + " and schedule '" + cfg.schedule() + "'");
    }
    Files.writeString(out.resolve("args.json"), JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(cfg.toJson()));
    restore(from);
    return loop(out);
  }

  private Result loop(Path out) throws IOException {
    try (CpuContext cpu = CpuContext.open(CpuConfig.fromEnvironment().withThreads(cfg.threads()));
        CpuContext.Scope in = cpu.enter()) {
      return loopInContext(out);
    }
  }

  private Result loopInContext(Path out) throws IOException {
    EpochOrder order = new EpochOrder(cfg.seed(), trainSize(), cfg.batch(), true);
    int batches = order.batches();
    Tensor xFull = Tensor.zeros(train.batchShape(cfg.batch()));
    int[] labFull = new int[cfg.batch()];
    double lastTestAcc = Double.NaN;
    long trainNanos = 0;
    long trainImages = 0;
    boolean stopped = false;
    while (epoch < cfg.epochs()) {
      opt.setLr(schedule.lr(cfg.lr(), epoch));
      int[] perm = order.order(epoch);
      ProgressBar bar = cfg.progress() ? new ProgressBar(progressOut, String.format(Locale.ROOT, "epoch %d/%d",
          epoch + 1, cfg.epochs()), batches, 500_000_000L) : null;
      long sessionImages = 0;
      while (batchInEpoch < batches) {
        if (cfg.maxSteps() > 0 && globalStep >= cfg.maxSteps()) {
          stopped = true;
          break;
        }
        long t0 = System.nanoTime();
        int from = order.batchStart(batchInEpoch);
        int b = order.batchLength(batchInEpoch);
        Tensor x = b == cfg.batch() ? xFull : Tensor.zeros(train.batchShape(b));
        int[] lab = b == cfg.batch() ? labFull : new int[b];
        train.fillBatch(perm, from, x, lab);
        StepResult r = step.step(new Batch(x, lab), StepSeeds.training(cfg.seed(), epoch, batchInEpoch));
        metrics.add(r, "epoch " + epoch + " batch " + batchInEpoch);
        batchInEpoch++;
        globalStep++;
        long dt = System.nanoTime() - t0;
        trainNanos += dt;
        trainImages += b;
        sessionImages += b;
        if (bar != null) {
          bar.update(batchInEpoch, sessionImages, () -> String.format(Locale.ROOT, "loss %.4f acc %.3f lr %.2e",
              metrics.meanLoss(), metrics.accuracy(), opt.lr()), batchInEpoch == batches);
        }
      }
      if (bar != null) {
        bar.finish();
      }
      boolean epochDone = batchInEpoch >= batches;
      double trainLoss = metrics.meanLoss();
      double trainAcc = metrics.accuracy();
      EvalResult ev = evaluateInContext();
      lastTestAcc = ev.accuracy();
      double ep = epoch + (epochDone ? 1.0 : (double) batchInEpoch / batches);
      points.add(new CurvePlot.Point(ep, trainLoss, ev.loss(), trainAcc, ev.accuracy()));
      ObjectNode m = JSON.createObjectNode();
      m.put("epoch", epoch);
      m.put("epoch_progress", ep);
      m.put("step", globalStep);
      m.put("lr", opt.lr());
      putNum(m, "train_loss", trainLoss);
      putNum(m, "train_acc", trainAcc);
      putNum(m, "test_loss", ev.loss());
      putNum(m, "test_acc", ev.accuracy());
      putNum(m, "train_images_per_s", trainNanos > 0 ? trainImages / (trainNanos / 1e9) : Double.NaN);
      putNum(m, "test_images_per_s", ev.samplesPerSecond());
      m.put("threads", cfg.threads());
      m.put("partial", !epochDone);
      try (Writer w = Files.newBufferedWriter(out.resolve("metrics.jsonl"), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        w.write(JSON.writeValueAsString(m));
        w.write('\n');
      }
      LOG.info("epoch {} ({}): train loss {} acc {}, test loss {} acc {}", epoch, String.format(Locale.ROOT, "%.3f",
          ep), trainLoss, trainAcc, ev.loss(), ev.accuracy());
      boolean best = ev.accuracy() > bestTestAcc;
      if (best) {
        bestTestAcc = ev.accuracy();
        bestEpoch = epoch;
      }
      if (epochDone) {
        epoch++;
        batchInEpoch = 0;
        metrics.reset();
      }
      requireFiniteParameters();
      TrainingCheckpoint ck = checkpoint();
      ck.write(out.resolve("checkpoint_latest"));
      if (best) {
        ck.write(out.resolve("checkpoint_best"));
      }
      Files.copy(out.resolve("checkpoint_latest").resolve(TrainingCheckpoint.MODEL), out.resolve("model.safetensors"),
          StandardCopyOption.REPLACE_EXISTING);
      CurvePlot.write(out.resolve("curves.png"), points);
      if (stopped) {
        break;
      }
    }
    double ips = trainNanos > 0 ? trainImages / (trainNanos / 1e9) : Double.NaN;
    return new Result(epoch, globalStep, lastTestAcc, bestTestAcc, ips, stopped);
  }

  /**
   * Test loss, accuracy, samples/s and confusion matrix over the test split (eval mode, no grad), in a
   * {@link CpuContext} of {@code cfg.threads()} threads opened for the call.
   */
  public EvalResult evaluate() {
    try (CpuContext cpu = CpuContext.open(CpuConfig.fromEnvironment().withThreads(cfg.threads()))) {
      return cpu.call(this::evaluateInContext);
    }
  }

  private EvalResult evaluateInContext() {
    int n = testSize();
    int batches = (n + cfg.batch() - 1) / cfg.batch();
    ProgressBar bar = cfg.progress() && progressOut != null ? new ProgressBar(progressOut, "test", batches,
        500_000_000L) : null;
    EvalResult r = Evaluation.evaluate(model, test, n, cfg.batch(), step.loss(), step.encoder(), cfg.seed(),
        bar == null ? null : (k, total, samples) -> bar.update(k, samples, "", k == total));
    if (bar != null) {
      bar.finish();
    }
    return r;
  }

  /**
   * Refuses to go on (and so to save {@code latest} or {@code best}) when a parameter holds NaN or ±Inf, e.g. after
   * a learning rate that diverged; names the parameter and the step.
   */
  private void requireFiniteParameters() throws IOException {
    for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
      float[] v = p.getValue().toFloatArray();
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw new IOException("parameter " + p.getKey() + " became " + v[i] + " (element " + i + ") by step "
              + globalStep + " (epoch " + epoch + "); training stopped, no checkpoint of this state was saved");
        }
      }
    }
  }

  /** The current state as a checkpoint (model with {@code format=pt} and the model name in its metadata). */
  public TrainingCheckpoint checkpoint() {
    SafeTensors st = model.stateDict();
    st.metadata().put("format", "pt");
    st.metadata().put("model", cfg.model());
    return TrainingCheckpoint.of(st, opt.stateDict(), new TrainerState(epoch, batchInEpoch, globalStep,
        metrics.lossSum(), metrics.correct(), metrics.seen(), bestTestAcc, bestEpoch, opt.lr(), cfg.schedule(),
        cfg.seed(), points));
  }

  /** Restores model, optimizer and loop state from a checkpoint of a run with this configuration. */
  public void restore(TrainingCheckpoint ck) throws IOException {
    model.loadStateDict(ck.model(), true);
    opt.loadStateDict(ck.optimizer());
    TrainerState s = ck.state();
    epoch = s.epoch();
    batchInEpoch = s.batch();
    globalStep = s.globalStep();
    metrics.restore(s.sumLoss(), s.correct(), s.seen());
    bestTestAcc = s.bestTestAcc();
    bestEpoch = s.bestEpoch();
    points.clear();
    points.addAll(s.points());
  }

  private static void putNum(ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) {
      o.put(k, v);
    } else {
      o.putNull(k);
    }
  }
}
