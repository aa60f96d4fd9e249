package org.neurospark.snn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.neurospark.snn.data.BatchSource;
import org.neurospark.snn.encoding.InputEncoder;
import org.neurospark.snn.loss.Loss;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.models.NeuronChoice;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.optim.LrSchedule;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.optim.Sgd;

/**
 * Everything that defines a training run (saved as {@code args.json}; a resumed run must use the same values):
 * model, data handling, optimisation and where outputs go. Immutable and {@link Serializable} (only strings and
 * numbers; the output location is a string, never a {@code java.nio.file.Path}), so a driver can ship it to
 * workers, which build the model and step from it ({@link #createModel}, {@link #createStep}). Build with
 * {@link #builder()} (defaults as the CLI's). Units: T in time steps, batch in samples, lr per step.
 *
 * @param model Model-zoo name ({@link ModelZoo#names()}).
 * @param channels Channels of the model (≤ 0: the model's default).
 * @param neuron Neuron short name ("IF", "LIF", "PLIF", with ":detach"), or null for the model's default.
 * @param timeSteps Time steps T per sample (for event frames: the data's T).
 * @param batch Samples per mini-batch.
 * @param epochs Epochs to train.
 * @param maxSteps Stop after this many optimizer steps in total (≤ 0: no limit).
 * @param optimizer "adam", "adamw", "sgd" or "sgd-nesterov".
 * @param lr Base learning rate (per step).
 * @param momentum SGD momentum.
 * @param weightDecay Weight decay (L2 for Adam/SGD, decoupled for AdamW).
 * @param schedule LrSchedule spec: "const", "cosine", "step:S:G" (+ ",warmup:W"); indexed by epoch.
 * @param loss "mse" (firing rate vs one-hot), "ce", "tet".
 * @param encoder "direct", "poisson", "latency", "latency-log" (images), "frames" (time-major event frames).
 * @param seed Run seed: initialisation, shuffles, dropout masks and encoders derive from it.
 * @param threads CPU threads.
 * @param trainLimit Use only the first N training samples (≤ 0: all).
 * @param testLimit Use only the first N test samples (≤ 0: all).
 * @param out Output location: a local path or a {@code file:} URI (the local trainer's output folder).
 * @param progress Print a progress bar.
 */
public record TrainConfig(
    String model,
    int channels,
    String neuron,
    int timeSteps,
    int batch,
    int epochs,
    long maxSteps,
    String optimizer,
    double lr,
    double momentum,
    double weightDecay,
    String schedule,
    String loss,
    String encoder,
    long seed,
    int threads,
    int trainLimit,
    int testLimit,
    String out,
    boolean progress) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Refuses values no training can use (non-finite or out-of-range hyper-parameters, empty sizes). */
  public TrainConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model is required");
    }
    requireRange("channels", channels, 0, 1 << 14);
    requireRange("timeSteps", timeSteps, 1, 1 << 12);
    requireRange("batch", batch, 1, 1 << 16);
    requireRange("epochs", epochs, 1, 1_000_000);
    requireRange("maxSteps", maxSteps, 0, 1L << 53);
    requireRange("threads", threads, 1, 1024);
    requireRange("trainLimit", trainLimit, 0, Integer.MAX_VALUE);
    requireRange("testLimit", testLimit, 0, Integer.MAX_VALUE);
    if (!(lr > 0 && lr <= 1e3)) {
      throw new IllegalArgumentException("lr must be finite and in (0, 1000]: " + lr);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
    }
    if (!(weightDecay >= 0 && weightDecay <= 1e3)) {
      throw new IllegalArgumentException("weightDecay must be finite and in [0, 1000]: " + weightDecay);
    }
  }

  private static void requireRange(String name, long v, long lo, long hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(name + " must be in " + lo + ".." + hi + ": " + v);
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    TrainConfig c = this;
      b.model = c.model;
      b.channels = c.channels;
      b.neuron = c.neuron;
      b.timeSteps = c.timeSteps;
      b.batch = c.batch;
      b.epochs = c.epochs;
      b.maxSteps = c.maxSteps;
      b.optimizer = c.optimizer;
      b.lr = c.lr;
      b.momentum = c.momentum;
      b.weightDecay = c.weightDecay;
      b.schedule = c.schedule;
      b.loss = c.loss;
      b.encoder = c.encoder;
      b.seed = c.seed;
      b.threads = c.threads;
      b.trainLimit = c.trainLimit;
      b.testLimit = c.testLimit;
      b.out = c.out;
      b.progress = c.progress;
    return b;
  }

  /** Builds {@link TrainConfig}s; every setter names a record component. */
  public static final class Builder {
    private String model = "csnn-fmnist";
    private int channels = 0;
    private String neuron = null;
    private int timeSteps = 4;
    private int batch = 64;
    private int epochs = 1;
    private long maxSteps = 0;
    private String optimizer = "adam";
    private double lr = 1e-3;
    private double momentum = 0.9;
    private double weightDecay = 0;
    private String schedule = "cosine";
    private String loss = "mse";
    private String encoder = "direct";
    private long seed = 2020;
    private int threads = 2;
    private int trainLimit = 0;
    private int testLimit = 0;
    private String out = null;
    private boolean progress = true;

    private Builder() {}

    /** Model-zoo name ({@link ModelZoo#names()}). */
    public Builder model(String v) {
      this.model = v;
      return this;
    }

    /** Channels of the model (≤ 0: the model's default). */
    public Builder channels(int v) {
      this.channels = v;
      return this;
    }

    /** Neuron short name ("IF", "LIF", "PLIF", with ":detach"), or null for the model's default. */
    public Builder neuron(String v) {
      this.neuron = v;
      return this;
    }

    /** Time steps T per sample (for event frames: the data's T). */
    public Builder timeSteps(int v) {
      this.timeSteps = v;
      return this;
    }

    /** Samples per mini-batch. */
    public Builder batch(int v) {
      this.batch = v;
      return this;
    }

    /** Epochs to train. */
    public Builder epochs(int v) {
      this.epochs = v;
      return this;
    }

    /** Stop after this many optimizer steps in total (≤ 0: no limit). */
    public Builder maxSteps(long v) {
      this.maxSteps = v;
      return this;
    }

    /** "adam", "adamw", "sgd" or "sgd-nesterov". */
    public Builder optimizer(String v) {
      this.optimizer = v;
      return this;
    }

    /** Base learning rate (per step). */
    public Builder lr(double v) {
      this.lr = v;
      return this;
    }

    /** SGD momentum. */
    public Builder momentum(double v) {
      this.momentum = v;
      return this;
    }

    /** Weight decay (L2 for Adam/SGD, decoupled for AdamW). */
    public Builder weightDecay(double v) {
      this.weightDecay = v;
      return this;
    }

    /** LrSchedule spec: "const", "cosine", "step:S:G" (+ ",warmup:W"); indexed by epoch. */
    public Builder schedule(String v) {
      this.schedule = v;
      return this;
    }

    /** "mse" (firing rate vs one-hot), "ce", "tet". */
    public Builder loss(String v) {
      this.loss = v;
      return this;
    }

    /** "direct", "poisson", "latency", "latency-log" (images), "frames" (time-major event frames). */
    public Builder encoder(String v) {
      this.encoder = v;
      return this;
    }

    /** Run seed: initialisation, shuffles, dropout masks and encoders derive from it. */
    public Builder seed(long v) {
      this.seed = v;
      return this;
    }

    /** CPU threads. */
    public Builder threads(int v) {
      this.threads = v;
      return this;
    }

    /** Use only the first N training samples (≤ 0: all). */
    public Builder trainLimit(int v) {
      this.trainLimit = v;
      return this;
    }

    /** Use only the first N test samples (≤ 0: all). */
    public Builder testLimit(int v) {
      this.testLimit = v;
      return this;
    }

    /** Output location: a local path or a {@code file:} URI (the local trainer's output folder). */
    public Builder out(String v) {
      this.out = v;
      return this;
    }

    /** Print a progress bar. */
    public Builder progress(boolean v) {
      this.progress = v;
      return this;
    }

    public TrainConfig build() {
      return new TrainConfig(model, channels, neuron, timeSteps, batch, epochs, maxSteps, optimizer, lr, momentum, weightDecay, schedule, loss, encoder, seed, threads, trainLimit, testLimit, out, progress);
    }
  }

  /** The fields that must match between a run and its resumption (the content of {@code args.json}). */
  public ObjectNode toJson() {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("model", model);
    o.put("channels", channels);
    o.put("neuron", neuron);
    o.put("T", timeSteps);
    o.put("batch", batch);
    o.put("epochs", epochs);
    o.put("optimizer", optimizer);
    o.put("lr", lr);
    o.put("momentum", momentum);
    o.put("weight_decay", weightDecay);
    o.put("schedule", schedule);
    o.put("loss", loss);
    o.put("encoder", encoder);
    o.put("seed", seed);
    o.put("train_limit", trainLimit);
    o.put("test_limit", testLimit);
    return o;
  }

  /** {@link #out} as a local path ({@code file:} URIs and plain paths); throws when unset or not local. */
  public Path outPath() {
    if (out == null) {
      throw new IllegalStateException("no output location (out) configured");
    }
    if (out.startsWith("file:")) {
      return Path.of(URI.create(out));
    }
    if (out.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*")) {
      throw new IllegalArgumentException("out '" + out + "' is not a local path; the local Trainer writes files"
          + " (use TrainingCheckpoint streams for other file systems)");
    }
    return Path.of(out);
  }

  /**
   * Checks that {@code data}'s samples are what this configuration's model and encoder take: {@code [C, H, W]}
   * images, or {@code [T, C, H, W]} frames with T = {@link #timeSteps} for the "frames" encoder, with the model's
   * C, H, W ({@link ModelZoo#inputSpec}).
   *
   * @throws IllegalArgumentException naming the expected and the actual shape
   */
  public void requireCompatible(BatchSource data) {
    ModelZoo.InputSpec in = ModelZoo.inputSpec(model);
    boolean frames = encoder.equals("frames");
    int[] s = data.sampleShape();
    if (frames ? s.length != 4 || s[0] != timeSteps : s.length != 3) {
      throw new IllegalArgumentException("encoder '" + encoder + "' with T " + timeSteps + " needs "
          + (frames ? "[T, C, H, W] frame samples with T = " + timeSteps : "[C, H, W] image samples")
          + ", the data has " + Arrays.toString(s));
    }
    int c = s[s.length - 3];
    int h = s[s.length - 2];
    int w = s[s.length - 1];
    if (c != in.channels() || h != in.height() || w != in.width()) {
      throw new IllegalArgumentException(model + " expects " + in.channels() + "x" + in.height() + "x"
          + in.width() + (frames ? " frames" : " images") + ", the data has " + c + "x" + h + "x" + w);
    }
  }

  /** A new model from the zoo, in training and multi-step mode, initialised from {@link #seed}. */
  public Module createModel() {
    Module m = ModelZoo.create(model, channels, neuron == null ? null : NeuronChoice.parse(neuron), seed);
    m.train(true);
    return m;
  }

  /** The optimizer over a model's parameters ({@link #optimizer}, {@link #lr}, momentum, weight decay). */
  public Optimizer createOptimizer(Module m) {
    switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "adam":
        return new Adam(m.namedParameters(), lr, 0.9, 0.999, 1e-8, weightDecay, false, false);
      case "adamw":
        return new Adam(m.namedParameters(), lr, 0.9, 0.999, 1e-8, weightDecay, true, false);
      case "sgd":
        return new Sgd(m.namedParameters(), lr, momentum, 0, weightDecay, false);
      case "sgd-nesterov":
        return new Sgd(m.namedParameters(), lr, momentum, 0, weightDecay, true);
      default:
        throw new IllegalArgumentException("unknown optimizer '" + optimizer + "' (adam, adamw, sgd, sgd-nesterov)");
    }
  }

  /** The learning-rate schedule over {@link #epochs}. */
  public LrSchedule lrSchedule() {
    return LrSchedule.parse(schedule, epochs);
  }

  /** The loss by name. */
  public Loss lossFunction() {
    return Loss.named(loss);
  }

  /** The input encoder by name, over {@link #timeSteps} steps. */
  public InputEncoder inputEncoder() {
    return InputEncoder.named(encoder, timeSteps);
  }

  /** A training step for a model built by {@link #createModel}, with a new optimizer over it. */
  public TrainStep createStep(Module m) {
    return new TrainStep(m, lossFunction(), inputEncoder(), createOptimizer(m));
  }
}
