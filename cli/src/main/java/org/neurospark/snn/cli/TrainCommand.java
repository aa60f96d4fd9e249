package org.neurospark.snn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurospark.snn.data.BatchSource;
import org.neurospark.snn.data.ImageDataset;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.snn.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neurospark snn train --model NAME --data DIR --out DIR [...]}: trains a model-zoo network on an IDX image
 * dataset (train-/t10k- images and labels, gzip or not) and writes model.safetensors, metrics.jsonl, curves.png and
 * checkpoints into --out; {@code --resume} continues from {@code --out/checkpoint_latest} exactly.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a spiking network (model zoo) on an IDX image dataset (MNIST / Fashion-MNIST layout)",
        "or, with --catalog, on event recordings integrated into SpikingJelly frames [T, 2, H, W]."})
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "model name: ${COMPLETION-CANDIDATES}",
      completionCandidates = Models.class)
  String model;

  @Option(names = "--data", required = true, description = "folder with train-/t10k-{images-idx3,labels-idx1}-ubyte[.gz],"
      + " or an event dataset laid out as --catalog says")
  Path data;

  @Option(names = "--catalog", paramLabel = "NAME", description = "--data is an event dataset with this layout"
      + " (nmnist, ncaltech101, dvsgesture, cifar10dvs, ncars, asldvs): each sample becomes -T SpikingJelly frames")
  String catalog;

  @Option(names = "--split-by", paramLabel = "number|time", defaultValue = "number",
      description = "with --catalog: frames of equal event count or equal time (default ${DEFAULT-VALUE})")
  String splitBy;

  @Option(names = "--train-ratio", paramLabel = "R", description = "with --catalog, for datasets without an"
      + " official split: share of each class that trains")
  Double trainRatio;

  @Option(names = "--split-seed", defaultValue = "0", description = "seed of the --train-ratio split")
  long splitSeed;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(names = "--epochs", defaultValue = "1", description = "epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--max-steps", defaultValue = "0", description = "stop after this many optimizer steps in total")
  long maxSteps;

  @Option(names = {"--batch", "-b"}, defaultValue = "64", description = "batch size (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "-T", defaultValue = "4", description = "time steps (default ${DEFAULT-VALUE})")
  int timeSteps;

  @Option(names = "--channels", defaultValue = "0", description = "channels (default: the model's)")
  int channels;

  @Option(names = "--neuron", description = "IF, LIF or PLIF, optionally ':detach' (default: the model's)")
  String neuron;

  @Option(names = "--threads", defaultValue = "2", description = "CPU threads (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--opt", defaultValue = "adam", description = "adam, adamw, sgd, sgd-nesterov")
  String optimizer;

  @Option(names = "--lr", defaultValue = "1e-3", description = "learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--momentum", defaultValue = "0.9")
  double momentum;

  @Option(names = "--weight-decay", defaultValue = "0")
  double weightDecay;

  @Option(names = "--schedule", defaultValue = "cosine", description = "const, cosine, step:S:G [,warmup:W]")
  String schedule;

  @Option(names = "--loss", defaultValue = "mse", description = "mse (rate vs one-hot), ce, tet")
  String loss;

  @Option(names = "--encoder", defaultValue = "direct", description = "direct, poisson, latency, latency-log")
  String encoder;

  @Option(names = "--seed", defaultValue = "2020")
  long seed;

  @Option(names = "--train-limit", defaultValue = "0", description = "use only the first N training images")
  int trainLimit;

  @Option(names = "--test-limit", defaultValue = "0", description = "use only the first N test images")
  int testLimit;

  @Option(names = "--resume", description = "continue from OUT/checkpoint_latest")
  boolean resume;

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Completion candidates for --model. */
  static final class Models extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Models() {
      super(ModelZoo.names());
    }
  }

  /** Range checks of every numeric flag, naming the flag (before anything is read or written). */
  void validate() {
    CommandLine cl = spec.commandLine();
    Flags.intIn(cl, "--batch", batch, 1, 1 << 16);
    Flags.intIn(cl, "-T", timeSteps, 1, 1 << 12);
    Flags.intIn(cl, "--epochs", epochs, 1, 1_000_000);
    Flags.intIn(cl, "--threads", threads, 1, 1024);
    Flags.intIn(cl, "--channels", channels, 0, 1 << 14);
    Flags.intIn(cl, "--max-steps", maxSteps, 0, 1L << 53);
    Flags.intIn(cl, "--train-limit", trainLimit, 0, Integer.MAX_VALUE);
    Flags.intIn(cl, "--test-limit", testLimit, 0, Integer.MAX_VALUE);
    Flags.realIn(cl, "--lr", lr, 0, true, 1e3, false);
    Flags.realIn(cl, "--momentum", momentum, 0, false, 1, true);
    Flags.realIn(cl, "--weight-decay", weightDecay, 0, false, 1e3, false);
    if (!java.nio.file.Files.isDirectory(data)) {
      throw new CommandLine.ParameterException(cl, "--data " + data + ": " + (java.nio.file.Files.exists(data)
          ? "not a directory" : "no such directory"));
    }
    if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
      throw new CommandLine.ParameterException(cl, "--out " + out + " exists and is not a directory");
    }
  }

  @Override
  public Integer call() throws Exception {
    validate();
    if (resume) {
      ResumeState.validate(out, epochs);
    }
    boolean events = catalog != null;
    if (events && !encoder.equals("direct") && !encoder.equals("frames")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--encoder " + encoder + " does not apply to"
          + " event frames (--catalog): they are fed as they are");
    }
    TrainConfig cfg = TrainConfig.builder().model(model).channels(channels).neuron(neuron).timeSteps(timeSteps)
        .batch(batch).epochs(epochs).maxSteps(maxSteps).optimizer(optimizer).lr(lr).momentum(momentum)
        .weightDecay(weightDecay).schedule(schedule).loss(loss).encoder(events ? "frames" : encoder).seed(seed)
        .threads(threads).trainLimit(trainLimit).testLimit(testLimit).out(out.toString()).progress(!noProgress)
        .build();
    BatchSource train;
    BatchSource test;
    if (events) {
      EventData.Loaded d = EventData.load(spec.commandLine(), data, catalog, timeSteps, splitBy, trainRatio,
          splitSeed, trainLimit, testLimit, threads, noProgress ? null : System.err);
      EventData.writeDescription(out, d.description());
      train = d.train();
      test = d.test();
    } else {
      train = ImageDataset.loadIdx(data, true);
      test = ImageDataset.loadIdx(data, false);
    }
    Trainer.Result r = new Trainer(cfg, train, test, System.err).run(resume);
    PrintWriter o = spec.commandLine().getOut();
    o.println(String.format(Locale.ROOT, "steps %d, epochs done %d%s, test acc %.4f (best %.4f), train %.1f"
        + " images/s on %d threads; outputs in %s", r.steps(), r.epochsDone(), r.stoppedByMaxSteps()
        ? " (stopped by --max-steps)" : "", r.lastTestAcc(), r.bestTestAcc(), r.trainImagesPerS(), threads, out));
    o.flush();
    return 0;
  }
}
