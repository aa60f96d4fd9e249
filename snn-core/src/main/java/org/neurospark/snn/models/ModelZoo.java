package org.neurospark.snn.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurospark.snn.nn.BatchNorm;
import org.neurospark.snn.nn.Conv2d;
import org.neurospark.snn.nn.Dropout;
import org.neurospark.snn.nn.Flatten;
import org.neurospark.snn.nn.Linear;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.nn.Pool2d;
import org.neurospark.snn.nn.Sequential;
import org.neurospark.snn.neuron.BaseNode;
import org.neurospark.snn.nn.VotingLayer;
import org.neurospark.snn.tensor.Rng;

/**
 * Reference networks with SpikingJelly's layer order and state-dict names, all in step mode 'm' (input
 * {@code [T, N, C, H, W]}, output {@code [T, N, classes]}).
 */
public final class ModelZoo {
  private ModelZoo() {}

  /** Names {@link #create} accepts. */
  public static List<String> names() {
    List<String> n = new ArrayList<>(List.of("csnn-fmnist", "plif-mnist", "plif-fmnist", "plif-nmnist",
        "plif-cifar10", "plif-cifar10dvs", "plif-dvsgesture"));
    for (SewResNet.Arch a : SewResNet.Arch.values()) {
      n.add(a.zooName());
    }
    return List.copyOf(n);
  }

  /** What a model expects: input channels, height, width and classes. */
  public record InputSpec(int channels, int height, int width, int classes) {}

  /** The input a named model expects. */
  public static InputSpec inputSpec(String name) {
    if (SewResNet.Arch.byZooName(name) != null) {
      return new InputSpec(3, 32, 32, 10);
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "csnn-fmnist":
      case "plif-mnist":
      case "plif-fmnist":
        return new InputSpec(1, 28, 28, 10);
      case "plif-nmnist":
        return new InputSpec(2, 34, 34, 10);
      case "plif-cifar10":
        return new InputSpec(3, 32, 32, 10);
      case "plif-cifar10dvs":
        return new InputSpec(2, 128, 128, 10);
      case "plif-dvsgesture":
        return new InputSpec(2, 128, 128, 11);
      default:
        throw new IllegalArgumentException("unknown model '" + name + "'; known: " + names());
    }
  }

  /**
   * Builds a named model. {@code channels} ≤ 0 takes the model's default (128; CIFAR10 256); {@code neuron} null
   * takes the model's default (csnn-fmnist: IFNode(ATan); PLIF nets: ParametricLIFNode(init_tau 2, ATan,
   * detach_reset); SEW-ResNets: IFNode(ATan, detach_reset)).
   *
   * <p>The SEW-ResNets ({@code sew-resnet18/34/50/101/152}, {@code sew-resnext50-32x4d},
   * {@code sew-resnext101-32x8d}, {@code sew-wide-resnet50-2/101-2}, see {@link SewResNet.Arch}) are SpikingJelly's
   * architectures at their full width (base planes 64) with the small 3×3 stem for 3×32×32 inputs, 10 classes and
   * the ADD connect function; they ignore {@code channels}. Build slim or other variants with
   * {@link SewResNet.Arch#build}.
   */
  public static Module create(String name, int channels, NeuronChoice neuron, long seed) {
    Rng rng = new Rng(seed);
    SewResNet.Arch sew = SewResNet.Arch.byZooName(name);
    if (sew != null) {
      return sew.build(3, 10, 64, true, false, SewResNet.Connect.ADD,
          neuron != null ? neuron : NeuronChoice.parse("IF:detach"), rng);
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "csnn-fmnist":
        return csnnFmnist(channels > 0 ? channels : 128, neuron != null ? neuron : NeuronChoice.parse("IF"), rng);
      case "plif-mnist":
      case "plif-fmnist":
        return plifMnist(channels > 0 ? channels : 128, plif(neuron), false, rng, seed);
      case "plif-nmnist":
        return plifMnist(channels > 0 ? channels : 128, plif(neuron), true, rng, seed);
      case "plif-cifar10":
        return plifCifar10(channels > 0 ? channels : 256, plif(neuron), rng, seed);
      case "plif-cifar10dvs":
        return plifDvs(channels > 0 ? channels : 128, plif(neuron), 4, 512, 100, rng, seed);
      case "plif-dvsgesture":
        return plifDvs(channels > 0 ? channels : 128, plif(neuron), 5, 512, 110, rng, seed);
      default:
        throw new IllegalArgumentException("unknown model '" + name + "'; known: " + names());
    }
  }

  private static NeuronChoice plif(NeuronChoice n) {
    return n != null ? n : NeuronChoice.parse("PLIF:detach");
  }

  /**
   * The {@code csnn_small} golden network: Conv2d(2, 8, 3, pad 1, no bias) – BatchNorm2d(8) – LIF(tau 2, ATan) –
   * MaxPool2d(2) – Flatten – Linear(512, 10) – LIF(tau 2, ATan), a bare Sequential ({@code 0.weight}, ...).
   */
  public static Sequential csnnSmall(long seed) {
    Rng rng = new Rng(seed);
    NeuronChoice lif = new NeuronChoice("LIFNode", Map.of("tau", 2.0, "surrogate_function", "ATan(alpha=2.0)"));
    Sequential s = new Sequential(new Conv2d(2, 8, 3, 1, 1, false, rng), BatchNorm.bn2d(8), lif.create(),
        Pool2d.max(2, 2, 0), new Flatten(), new Linear(512, 10, true, rng), lif.create());
    s.setStepMode('m');
    return s;
  }

  /**
   * SpikingJelly's {@code conv_fashion_mnist} CSNN: {@code conv_fc} = 2×[Conv2d(·, C, 3, pad 1, no bias) –
   * BatchNorm2d(C) – neuron – MaxPool2d(2)] – Flatten – Linear(C·7·7, C·4·4, no bias) – neuron –
   * Linear(C·4·4, 10, no bias) – neuron. Input is the image repeated T times (direct encoding).
   */
  public static Module csnnFmnist(int c, NeuronChoice neuron, Rng rng) {
    Sequential s = new Sequential(
        new Conv2d(1, c, 3, 1, 1, false, rng), BatchNorm.bn2d(c), neuron.create(), Pool2d.max(2, 2, 0),
        new Conv2d(c, c, 3, 1, 1, false, rng), BatchNorm.bn2d(c), neuron.create(), Pool2d.max(2, 2, 0),
        new Flatten(), new Linear(c * 7 * 7, c * 4 * 4, false, rng), neuron.create(),
        new Linear(c * 4 * 4, 10, false, rng), neuron.create());
    Module m = new Wrapped("conv_fc", s);
    m.setStepMode('m');
    return m;
  }

  private static List<Module> convBlock(int in, int c, NeuronChoice neuron, Rng rng, boolean pool) {
    List<Module> l = new ArrayList<>();
    l.add(new Conv2d(in, c, 3, 1, 1, false, rng));
    l.add(BatchNorm.bn2d(c));
    l.add(neuron.create());
    if (pool) {
      l.add(Pool2d.max(2, 2, 0));
    }
    return l;
  }

  /**
   * PLIF paper {@code MNISTNet}/{@code FashionMNISTNet} (28×28×1) and {@code NMNISTNet} (34×34×2): 2 conv blocks
   * with max pooling, Flatten, Dropout(0.5), Linear(C·7·7 | C·8·8, 2048), neuron, Dropout(0.5), Linear(2048, 100),
   * neuron, VotingLayer(10).
   */
  public static Module plifMnist(int c, NeuronChoice neuron, boolean nmnist, Rng rng, long seed) {
    List<Module> l = new ArrayList<>(convBlock(nmnist ? 2 : 1, c, neuron, rng, true));
    l.addAll(convBlock(c, c, neuron, rng, true));
    int hw = nmnist ? 8 : 7;
    head(l, c * hw * hw, 2048, 100, neuron, rng, seed);
    Module m = new Wrapped("conv_fc", new Sequential(l));
    m.setStepMode('m');
    return m;
  }

  /** PLIF paper {@code CIFAR10Net}: 2×(3 conv blocks + MaxPool2d(2)), then the head with Linear(C·8·8, 2048). */
  public static Module plifCifar10(int c, NeuronChoice neuron, Rng rng, long seed) {
    List<Module> l = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        l.addAll(convBlock(l.isEmpty() ? 3 : c, c, neuron, rng, false));
      }
      l.add(Pool2d.max(2, 2, 0));
    }
    head(l, c * 8 * 8, 2048, 100, neuron, rng, seed);
    Module m = new Wrapped("conv_fc", new Sequential(l));
    m.setStepMode('m');
    return m;
  }

  /**
   * PLIF paper {@code CIFAR10DVSNet} (4 conv blocks, 128×128×2 → C·8·8, Linear 512, 100 outputs) and
   * {@code DVSGestureNet} (5 blocks → C·4·4, Linear 512, 110 outputs); both end with VotingLayer(10).
   */
  public static Module plifDvs(int c, NeuronChoice neuron, int blocks, int hidden, int outputs, Rng rng, long seed) {
    List<Module> l = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      l.addAll(convBlock(i == 0 ? 2 : c, c, neuron, rng, true));
    }
    int hw = 128 >> blocks;
    head(l, c * hw * hw, hidden, outputs, neuron, rng, seed);
    Module m = new Wrapped("conv_fc", new Sequential(l));
    m.setStepMode('m');
    return m;
  }

  private static void head(List<Module> l, int in, int hidden, int outputs, NeuronChoice neuron, Rng rng,
      long seed) {
    l.add(new Flatten());
    l.add(Dropout.dropout(0.5, seed + 1));
    l.add(new Linear(in, hidden, true, rng));
    l.add(neuron.create());
    l.add(Dropout.dropout(0.5, seed + 2));
    l.add(new Linear(hidden, outputs, true, rng));
    l.add(neuron.create());
    l.add(new VotingLayer(10));
  }
}
