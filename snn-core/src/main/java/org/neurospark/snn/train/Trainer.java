package org.neurospark.snn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.data.ImageDataset;
import org.neurospark.snn.encoding.Encoders;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.models.NeuronChoice;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.optim.LrSchedule;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.optim.Sgd;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Surrogate-gradient training of a model-zoo network on an image dataset (SpikingJelly's classification loop):
 * per epoch a seeded shuffle, mini-batches encoded over T steps, forward in multi-step mode, loss, backward,
 * optimizer step, {@code reset_net}; then evaluation on the test split. Outputs in {@code cfg.out}:
 * {@code model.safetensors} (latest weights), {@code metrics.jsonl} (one JSON object per evaluation),
 * {@code curves.png}, {@code args.json}, and {@code checkpoint_latest/} + {@code checkpoint_best/} each holding
 * {@code model.safetensors}, {@code optimizer.safetensors} and {@code trainer.json} (epoch, batch position, step,
 * partial-epoch sums, best accuracy, curve points).
 *
 * <p>All randomness (shuffle, dropout masks, Poisson encoding) is derived from (seed, epoch, batch), so a run
 * resumed from {@code checkpoint_latest} continues exactly as the uninterrupted run would.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainConfig cfg;
  private final ImageDataset train;
  private final ImageDataset test;
  private final Module model;
  private final Optimizer opt;
  private final LrSchedule schedule;
  private final PrintStream progressOut;

  private int epoch;
  private int batchInEpoch;
  private long globalStep;
  private double sumLoss;
  private long correct;
  private long seen;
  private double bestTestAcc = -1;
  private int bestEpoch = -1;
  private final List<CurvePlot.Point> points = new ArrayList<>();

  /** Result of {@link #run()}. */
  public record Result(int epochsDone, long steps, double lastTestAcc, double bestTestAcc, double trainImagesPerS,
      boolean stoppedByMaxSteps) {}

  public Trainer(TrainConfig cfg, ImageDataset train, ImageDataset test, PrintStream progressOut) {
    this.cfg = cfg;
    this.train = train;
    this.test = test;
    this.progressOut = progressOut;
    this.model = ModelZoo.create(cfg.model, cfg.channels, cfg.neuron == null ? null : NeuronChoice.parse(cfg.neuron),
        cfg.seed);
    model.train(true);
    this.opt = makeOptimizer(cfg, model);
    this.schedule = LrSchedule.parse(cfg.schedule, cfg.epochs);
    Encoders.checkName(cfg.encoder);
    Losses.byName(cfg.loss, Tensor.zeros(1, 1, 2), new int[] {0});
    ModelZoo.InputSpec in = ModelZoo.inputSpec(cfg.model);
    for (ImageDataset d : new ImageDataset[] {train, test}) {
      if (d != null && (d.channels() != in.channels() || d.height() != in.height() || d.width() != in.width())) {
        throw new IllegalArgumentException(cfg.model + " expects " + in.channels() + "x" + in.height() + "x"
            + in.width() + " images, the data has " + d.channels() + "x" + d.height() + "x" + d.width());
      }
    }
  }

  static Optimizer makeOptimizer(TrainConfig cfg, Module model) {
    switch (cfg.optimizer.toLowerCase(Locale.ROOT)) {
      case "adam":
        return new Adam(model.namedParameters(), cfg.lr, 0.9, 0.999, 1e-8, cfg.weightDecay, false, false);
      case "adamw":
        return new Adam(model.namedParameters(), cfg.lr, 0.9, 0.999, 1e-8, cfg.weightDecay, true, false);
      case "sgd":
        return new Sgd(model.namedParameters(), cfg.lr, cfg.momentum, 0, cfg.weightDecay, false);
      case "sgd-nesterov":
        return new Sgd(model.namedParameters(), cfg.lr, cfg.momentum, 0, cfg.weightDecay, true);
      default:
        throw new IllegalArgumentException("unknown optimizer '" + cfg.optimizer + "' (adam, adamw, sgd,"
            + " sgd-nesterov)");
    }
  }

  public Module model() {
    return model;
  }

  /** A 64-bit mix of the run seed and positions (SplitMix64 finaliser). */
  static long mix(long... v) {
    long h = 0x9E3779B97F4A7C15L;
    for (long x : v) {
      h ^= x + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
      h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
      h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
      h ^= h >>> 31;
    }
    return h;
  }

  /** The permutation of training indices for an epoch (Fisher–Yates from a seeded generator). */
  int[] permutation(int e, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    Rng rng = new Rng(mix(cfg.seed, 1, e));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private int trainSize() {
    return cfg.trainLimit > 0 ? Math.min(cfg.trainLimit, train.size()) : train.size();
  }

  private int testSize() {
    return cfg.testLimit > 0 ? Math.min(cfg.testLimit, test.size()) : test.size();
  }

  /**
   * Runs (or resumes, when cfg says so and a checkpoint exists) until the epochs or max steps are done, in a
   * {@link CpuContext} of {@code cfg.threads} threads (other settings from {@link CpuConfig#fromEnvironment()})
   * that is closed when the run ends.
   */
  public Result run(boolean resume) throws IOException {
    try (CpuContext cpu = CpuContext.open(CpuConfig.fromEnvironment().withThreads(cfg.threads));
        CpuContext.Scope in = cpu.enter()) {
      return runInContext(resume);
    }
  }

  private Result runInContext(boolean resume) throws IOException {
    Files.createDirectories(cfg.out);
    Path args = cfg.out.resolve("args.json");
    if (resume) {
      Path ck = cfg.out.resolve("checkpoint_latest");
      if (!Files.isDirectory(ck)) {
        throw new IOException(cfg.out + ": --resume but no checkpoint_latest/ to resume from");
      }
      JsonNode saved = JSON.readTree(args.toFile());
      JsonNode now = JSON.readTree(JSON.writeValueAsString(cfg.toJson()));
      if (!saved.equals(now)) {
        throw new IOException(args + ": the run was started with other arguments: " + saved + " vs " + now);
      }
      loadCheckpoint(ck);
      LOG.info("resumed at epoch {} batch {} (step {})", epoch, batchInEpoch, globalStep);
    } else {
      Files.writeString(args, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(cfg.toJson()));
      Files.deleteIfExists(cfg.out.resolve("metrics.jsonl"));
    }
    int n = trainSize();
    int batches = (n + cfg.batch - 1) / cfg.batch;
    ModelZoo.InputSpec spec = ModelZoo.inputSpec(cfg.model);
    Tensor xFull = Tensor.zeros(cfg.batch, spec.channels(), spec.height(), spec.width());
    int[] labFull = new int[cfg.batch];
    double lastTestAcc = Double.NaN;
    long trainNanos = 0;
    long trainImages = 0;
    boolean stopped = false;
    while (epoch < cfg.epochs) {
      opt.setLr(schedule.lr(cfg.lr, epoch));
      int[] perm = permutation(epoch, n);
      ProgressBar bar = cfg.progress ? new ProgressBar(progressOut, String.format(Locale.ROOT, "epoch %d/%d",
          epoch + 1, cfg.epochs), batches, 500_000_000L) : null;
      long sessionImages = 0;
      while (batchInEpoch < batches) {
        if (cfg.maxSteps > 0 && globalStep >= cfg.maxSteps) {
          stopped = true;
          break;
        }
        long t0 = System.nanoTime();
        int from = batchInEpoch * cfg.batch;
        int b = Math.min(cfg.batch, n - from);
        Tensor x = b == cfg.batch ? xFull : Tensor.zeros(b, spec.channels(), spec.height(), spec.width());
        int[] lab = b == cfg.batch ? labFull : new int[b];
        train.fillBatch(perm, from, x, lab);
        double l = step(x, lab, epoch, batchInEpoch);
        batchInEpoch++;
        globalStep++;
        long dt = System.nanoTime() - t0;
        trainNanos += dt;
        trainImages += b;
        sessionImages += b;
        if (bar != null) {
          bar.update(batchInEpoch, sessionImages, String.format(Locale.ROOT, "loss %.4f acc %.3f lr %.2e",
              sumLoss / seen, (double) correct / seen, opt.lr()), batchInEpoch == batches);
        }
      }
      if (bar != null) {
        bar.finish();
      }
      boolean epochDone = batchInEpoch >= batches;
      double[] ev = evaluate(model, test, testSize(), cfg, progressOut);
      lastTestAcc = ev[1];
      double ep = epoch + (epochDone ? 1.0 : (double) batchInEpoch / batches);
      double trainLoss = seen > 0 ? sumLoss / seen : Double.NaN;
      double trainAcc = seen > 0 ? (double) correct / seen : Double.NaN;
      points.add(new CurvePlot.Point(ep, trainLoss, ev[0], trainAcc, ev[1]));
      ObjectNode m = JSON.createObjectNode();
      m.put("epoch", epoch);
      m.put("epoch_progress", ep);
      m.put("step", globalStep);
      m.put("lr", opt.lr());
      putNum(m, "train_loss", trainLoss);
      putNum(m, "train_acc", trainAcc);
      putNum(m, "test_loss", ev[0]);
      putNum(m, "test_acc", ev[1]);
      putNum(m, "train_images_per_s", trainNanos > 0 ? trainImages / (trainNanos / 1e9) : Double.NaN);
      putNum(m, "test_images_per_s", ev[2]);
      m.put("threads", cfg.threads);
      m.put("partial", !epochDone);
      try (Writer w = Files.newBufferedWriter(cfg.out.resolve("metrics.jsonl"), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        w.write(JSON.writeValueAsString(m));
        w.write('\n');
      }
      LOG.info("epoch {} ({}): train loss {} acc {}, test loss {} acc {}", epoch, String.format(Locale.ROOT, "%.3f",
          ep), trainLoss, trainAcc, ev[0], ev[1]);
      boolean best = ev[1] > bestTestAcc;
      if (best) {
        bestTestAcc = ev[1];
        bestEpoch = epoch;
      }
      if (epochDone) {
        epoch++;
        batchInEpoch = 0;
        sumLoss = 0;
        correct = 0;
        seen = 0;
      }
      saveCheckpoint(cfg.out.resolve("checkpoint_latest"));
      if (best) {
        copyDir(cfg.out.resolve("checkpoint_latest"), cfg.out.resolve("checkpoint_best"));
      }
      Files.copy(cfg.out.resolve("checkpoint_latest/model.safetensors"), cfg.out.resolve("model.safetensors"),
          StandardCopyOption.REPLACE_EXISTING);
      CurvePlot.write(cfg.out.resolve("curves.png"), points);
      if (stopped) {
        break;
      }
    }
    double ips = trainNanos > 0 ? trainImages / (trainNanos / 1e9) : Double.NaN;
    return new Result(epoch, globalStep, lastTestAcc, bestTestAcc, ips, stopped);
  }

  /** One optimisation step on a batch; returns the loss. */
  private double step(Tensor x, int[] lab, int e, int b) {
    model.reseed(mix(cfg.seed, 2, e, b));
    Tensor xs = Encoders.encode(cfg.encoder, x, cfg.timeSteps, new Rng(mix(cfg.seed, 3, e, b)));
    Tensor out = model.forward(xs);
    Tensor loss = Losses.byName(cfg.loss, out, lab);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    model.reset();
    double l = loss.item();
    if (!Double.isFinite(l)) {
      throw new IllegalStateException("loss became " + l + " at epoch " + e + " batch " + b);
    }
    sumLoss += l * lab.length;
    correct += Losses.correct(out, lab);
    seen += lab.length;
    return l;
  }

  /** Test loss, accuracy and images/s over the test split (eval mode, no grad), with {@code cfg.threads} threads. */
  public double[] evaluate() {
    try (CpuContext cpu = CpuContext.open(CpuConfig.fromEnvironment().withThreads(cfg.threads))) {
      return cpu.call(() -> evaluate(model, test, testSize(), cfg, progressOut));
    }
  }

  /**
   * Evaluates a model on the first {@code n} items of a dataset, in the calling thread's {@link CpuContext}; returns
   * {loss, accuracy, images/s}.
   */
  public static double[] evaluate(Module model, ImageDataset data, int n, TrainConfig cfg, PrintStream progress) {
    model.eval();
    ModelZoo.InputSpec spec = new ModelZoo.InputSpec(data.channels(), data.height(), data.width(),
        data.numClasses());
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    double sum = 0;
    long ok = 0;
    long t0 = System.nanoTime();
    int batches = (n + cfg.batch - 1) / cfg.batch;
    ProgressBar bar = cfg.progress && progress != null ? new ProgressBar(progress, "test", batches, 500_000_000L)
        : null;
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (int k = 0; k < batches; k++) {
        int from = k * cfg.batch;
        int b = Math.min(cfg.batch, n - from);
        Tensor x = Tensor.zeros(b, spec.channels(), spec.height(), spec.width());
        int[] lab = new int[b];
        data.fillBatch(idx, from, x, lab);
        Tensor xs = Encoders.encode(cfg.encoder, x, cfg.timeSteps, new Rng(mix(cfg.seed, 4, k)));
        Tensor out = model.forward(xs);
        sum += Losses.byName(cfg.loss, out, lab).item() * b;
        ok += Losses.correct(out, lab);
        model.reset();
        if (bar != null) {
          bar.update(k + 1, (long) from + b, "", k + 1 == batches);
        }
      }
    } finally {
      model.train(true);
    }
    if (bar != null) {
      bar.finish();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return new double[] {sum / Math.max(1, n), (double) ok / Math.max(1, n), n / secs};
  }

  // ------------------------------------------------------------------ checkpoints

  private void saveCheckpoint(Path dir) throws IOException {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    deleteDir(tmp);
    Files.createDirectories(tmp);
    SafeTensors st = model.stateDict();
    st.metadata().put("format", "pt");
    st.metadata().put("model", cfg.model);
    st.write(tmp.resolve("model.safetensors"));
    opt.stateDict().write(tmp.resolve("optimizer.safetensors"));
    ObjectNode o = JSON.createObjectNode();
    o.put("epoch", epoch);
    o.put("batch", batchInEpoch);
    o.put("global_step", globalStep);
    o.put("sum_loss", sumLoss);
    o.put("correct", correct);
    o.put("seen", seen);
    o.put("best_test_acc", bestTestAcc);
    o.put("best_epoch", bestEpoch);
    o.put("lr", opt.lr());
    o.put("schedule", cfg.schedule);
    o.put("seed", cfg.seed);
    ArrayNode pts = o.putArray("points");
    for (CurvePlot.Point p : points) {
      ArrayNode a = pts.addArray().add(p.epoch());
      for (double v : new double[] {p.trainLoss(), p.testLoss(), p.trainAcc(), p.testAcc()}) {
        if (Double.isFinite(v)) {
          a.add(v);
        } else {
          a.addNull();
        }
      }
    }
    Files.writeString(tmp.resolve("trainer.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    deleteDir(dir);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  private void loadCheckpoint(Path dir) throws IOException {
    model.loadStateDict(SafeTensors.read(dir.resolve("model.safetensors")), true);
    opt.loadStateDict(SafeTensors.read(dir.resolve("optimizer.safetensors")));
    JsonNode o = JSON.readTree(dir.resolve("trainer.json").toFile());
    epoch = o.get("epoch").asInt();
    batchInEpoch = o.get("batch").asInt();
    globalStep = o.get("global_step").asLong();
    sumLoss = o.get("sum_loss").asDouble();
    correct = o.get("correct").asLong();
    seen = o.get("seen").asLong();
    bestTestAcc = o.get("best_test_acc").asDouble();
    bestEpoch = o.get("best_epoch").asInt();
    points.clear();
    for (JsonNode p : o.get("points")) {
      points.add(new CurvePlot.Point(p.get(0).asDouble(), num(p.get(1)), num(p.get(2)), num(p.get(3)),
          num(p.get(4))));
    }
  }

  private static void putNum(ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) {
      o.put(k, v);
    } else {
      o.putNull(k);
    }
  }

  private static double num(JsonNode n) {
    return n == null || n.isNull() ? Double.NaN : n.asDouble();
  }

  private static void deleteDir(Path d) throws IOException {
    if (!Files.exists(d)) {
      return;
    }
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  private static void copyDir(Path src, Path dst) throws IOException {
    Path tmp = dst.resolveSibling(dst.getFileName() + ".tmp");
    deleteDir(tmp);
    Files.createDirectories(tmp);
    try (Stream<Path> s = Files.list(src)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.copy(p, tmp.resolve(p.getFileName()));
      }
    }
    deleteDir(dst);
    Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
  }
}
