package org.neurospark.snn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * Everything that defines a training run (saved as {@code args.json}; a resumed run must use the same values):
 * model, data handling, optimisation and where outputs go. Units: T in time steps, batch in images, lr per step.
 */
public final class TrainConfig {
  public String model = "csnn-fmnist";
  /** Channels of the model (≤ 0: the model's default). */
  public int channels = 0;
  /** Neuron short name ("IF", "LIF", "PLIF", with ":detach"), or null for the model's default. */
  public String neuron;
  public int timeSteps = 4;
  public int batch = 64;
  public int epochs = 1;
  /** Stop after this many optimizer steps in total (≤ 0: no limit). */
  public long maxSteps = 0;
  /** "adam", "adamw" or "sgd". */
  public String optimizer = "adam";
  public double lr = 1e-3;
  public double momentum = 0.9;
  public double weightDecay = 0;
  /** LrSchedule spec: "const", "cosine", "step:S:G" (+ ",warmup:W"); indexed by epoch. */
  public String schedule = "cosine";
  /** "mse" (firing rate vs one-hot), "ce", "tet". */
  public String loss = "mse";
  /** "direct", "poisson", "latency", "latency-log". */
  public String encoder = "direct";
  public long seed = 2020;
  public int threads = 2;
  /** Use only the first N training images (≤ 0: all). */
  public int trainLimit = 0;
  /** Use only the first N test images (≤ 0: all). */
  public int testLimit = 0;
  public Path out;
  /** Print a progress bar on stderr. */
  public boolean progress = true;

  /** The fields that must match between a run and its resumption. */
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
}
