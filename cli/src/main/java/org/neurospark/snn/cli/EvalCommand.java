package org.neurospark.snn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurospark.events.io.InputFiles;
import org.neurospark.snn.data.BatchSource;
import org.neurospark.snn.data.ImageDataset;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.models.NeuronChoice;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.snn.train.EvalResult;
import org.neurospark.snn.train.Evaluation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neurospark snn eval --model NAME --checkpoint FILE --data DIR}: test accuracy and loss of saved weights.
 * Channels, neuron, T, loss and encoder default to the {@code args.json} found beside the checkpoint (or one folder
 * up), else to the options.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate saved weights (model.safetensors) on the test split of an IDX image dataset or, with"
        + " --catalog, of an event dataset.")
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "model name")
  String model;

  @Option(names = "--checkpoint", required = true, description = "model.safetensors")
  Path checkpoint;

  @Option(names = "--data", required = true, description = "folder with t10k-images/labels IDX files")
  Path data;

  @Option(names = "--catalog", paramLabel = "NAME", description = "--data is an event dataset with this layout"
      + " (default: dataset.json beside the checkpoint when the run trained on events, else IDX images)")
  String catalog;

  @Option(names = "--split-by", paramLabel = "number|time", description = "with --catalog (default: dataset.json,"
      + " else number)")
  String splitBy;

  @Option(names = "--train-ratio", paramLabel = "R", description = "with --catalog: the split the run used"
      + " (default: dataset.json)")
  Double trainRatio;

  @Option(names = "--split-seed", description = "with --catalog (default: dataset.json, else 0)")
  Long splitSeed;

  @Option(names = "-T", description = "time steps (default: args.json, else 4)")
  Integer timeSteps;

  @Option(names = "--channels", description = "channels (default: args.json, else the model's)")
  Integer channels;

  @Option(names = "--neuron", description = "neuron (default: args.json, else the model's)")
  String neuron;

  @Option(names = {"--batch", "-b"}, defaultValue = "64")
  int batch;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Option(names = "--test-limit", defaultValue = "0", description = "use only the first N test images")
  int testLimit;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** args.json as a JSON object, or an error naming the file (empty, not JSON, not an object). */
  static JsonNode readArgs(Path a) throws java.io.IOException {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(a.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.IOException(a + ": not valid JSON (" + e.getMessage().split("\n")[0] + ")", e);
    }
    if (n == null || n.isMissingNode() || !n.isObject()) {
      throw new java.io.IOException(a + ": empty or not a JSON object");
    }
    return n;
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    Flags.intIn(cl, "--batch", batch, 1, 1 << 16);
    Flags.intIn(cl, "--threads", threads, 1, 1024);
    Flags.intIn(cl, "--test-limit", testLimit, 0, Integer.MAX_VALUE);
    if (timeSteps != null) {
      Flags.intIn(cl, "-T", timeSteps, 1, 1 << 12);
    }
    if (channels != null) {
      Flags.intIn(cl, "--channels", channels, 0, 1 << 14);
    }
    InputFiles.requireRegularFile(checkpoint);
    JsonNode args = null;
    Path argsFile = null;
    Path dir = checkpoint.toAbsolutePath().getParent();
    for (Path a : new Path[] {dir.resolve("args.json"), dir.getParent() == null ? null
        : dir.getParent().resolve("args.json")}) {
      if (args == null && a != null && Files.isRegularFile(a)) {
        args = readArgs(a);
        argsFile = a;
      }
    }
    if (args != null) {
      for (String k : new String[] {"T", "channels", "neuron", "loss", "encoder", "seed"}) {
        if (!args.has(k)) {
          throw new java.io.IOException(argsFile + ": no \"" + k + "\" (pass the options instead, or fix the file)");
        }
      }
      if (timeSteps == null) {
        Flags.intIn(cl, "-T (from " + argsFile + ")", args.get("T").asInt(), 1, 1 << 12);
      }
    }
    TrainConfig.Builder b = TrainConfig.builder().model(model).batch(batch).threads(threads).progress(false)
        .timeSteps(timeSteps != null ? timeSteps : args != null ? args.get("T").asInt() : 4)
        .channels(channels != null ? channels : args != null ? args.get("channels").asInt() : 0)
        .neuron(neuron != null ? neuron : args != null && !args.get("neuron").isNull() ? args.get("neuron").asText()
            : null);
    if (args != null) {
      b.loss(args.get("loss").asText()).encoder(args.get("encoder").asText()).seed(args.get("seed").asLong());
    }
    TrainConfig cfg = b.build();
    Module m = ModelZoo.create(model, cfg.channels(), cfg.neuron() == null ? null : NeuronChoice.parse(cfg.neuron()),
        0);
    m.loadStateDict(SafeTensors.read(checkpoint), true);
    JsonNode described = EventData.readDescription(checkpoint);
    String cat = catalog != null ? catalog : described != null ? described.get("catalog").asText() : null;
    BatchSource test;
    if (cat != null) {
      boolean same = described != null && cat.equals(described.path("catalog").asText());
      String split = splitBy != null ? splitBy : same ? described.path("split_by").asText("number") : "number";
      Double ratio = trainRatio != null ? trainRatio : same && described.path("train_ratio").isNumber()
          ? described.get("train_ratio").asDouble() : null;
      long seed = splitSeed != null ? splitSeed : same ? described.path("split_seed").asLong(0) : 0;
      test = EventData.load(cl, data, cat, cfg.timeSteps(), split, ratio, seed, 0, testLimit > 0 ? testLimit : -1,
          threads, null).test();
      if (!cfg.encoder().equals("frames")) {
        cfg = cfg.toBuilder().encoder("frames").build();
      }
    } else {
      test = ImageDataset.loadIdx(data, false);
    }
    int n = testLimit > 0 ? Math.min(testLimit, test.size()) : test.size();
    TrainConfig ecfg = cfg;
    EvalResult e;
    try (CpuContext cpu = CpuContext.open(CpuConfig.fromEnvironment().withThreads(threads))) {
      e = cpu.call(() -> Evaluation.evaluate(m, test, n, ecfg.batch(), ecfg.lossFunction(), ecfg.inputEncoder(),
          ecfg.seed(), null));
    }
    double[] r = {e.loss(), e.accuracy(), e.samplesPerSecond()};
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      o.println(String.format(Locale.ROOT, "{\"images\": %d, \"test_loss\": %.6f, \"test_acc\": %.6f,"
          + " \"images_per_s\": %.2f, \"threads\": %d}", n, r[0], r[1], r[2], threads));
    } else {
      o.println(String.format(Locale.ROOT, "%d test images: loss %.5f, accuracy %.4f, %.1f images/s on %d threads",
          n, r[0], r[1], r[2], threads));
    }
    o.flush();
    return 0;
  }
}
