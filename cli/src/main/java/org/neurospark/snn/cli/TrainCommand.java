package org.neurospark.snn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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
    description = "Train a spiking network (model zoo) on an IDX image dataset (MNIST / Fashion-MNIST layout).")
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "model name: ${COMPLETION-CANDIDATES}",
      completionCandidates = Models.class)
  String model;

  @Option(names = "--data", required = true, description = "folder with train-/t10k-{images-idx3,labels-idx1}-ubyte[.gz]")
  Path data;

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

  @Override
  public Integer call() throws Exception {
    TrainConfig cfg = TrainConfig.builder().model(model).channels(channels).neuron(neuron).timeSteps(timeSteps)
        .batch(batch).epochs(epochs).maxSteps(maxSteps).optimizer(optimizer).lr(lr).momentum(momentum)
        .weightDecay(weightDecay).schedule(schedule).loss(loss).encoder(encoder).seed(seed).threads(threads)
        .trainLimit(trainLimit).testLimit(testLimit).out(out.toString()).progress(!noProgress).build();
    if (batch < 1 || timeSteps < 1 || epochs < 1 || threads < 1) {
      throw new IllegalArgumentException("--batch, -T, --epochs and --threads must be >= 1");
    }
    ImageDataset train = ImageDataset.loadIdx(data, true);
    ImageDataset test = ImageDataset.loadIdx(data, false);
    Trainer.Result r = new Trainer(cfg, train, test, System.err).run(resume);
    PrintWriter o = spec.commandLine().getOut();
    o.println(String.format(Locale.ROOT, "steps %d, epochs done %d%s, test acc %.4f (best %.4f), train %.1f"
        + " images/s on %d threads; outputs in %s", r.steps(), r.epochsDone(), r.stoppedByMaxSteps()
        ? " (stopped by --max-steps)" : "", r.lastTestAcc(), r.bestTestAcc(), r.trainImagesPerS(), threads, out));
    o.flush();
    return 0;
  }
}
