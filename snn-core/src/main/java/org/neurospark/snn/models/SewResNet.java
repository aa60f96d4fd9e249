package org.neurospark.snn.models;

import java.util.Locale;
import org.neurospark.snn.nn.BatchNorm;
import org.neurospark.snn.nn.Conv2d;
import org.neurospark.snn.nn.Linear;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.nn.Pool2d;
import org.neurospark.snn.nn.Sequential;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * SEW-ResNet ({@code spikingjelly.activation_based.model.sew_resnet}, torchvision's ResNet layout): stem conv1
 * (7×7/2, or 3×3/1 for small inputs) – bn1 – sn1 – maxpool (3/2/1, skipped for the small stem), layer1..4 of
 * {@link BasicBlock}s or {@link Bottleneck}s with {@code planes} = w, 2w, 4w, 8w (w = 64 in the paper; a stage's
 * output has {@code planes · expansion} channels), avgpool (adaptive 1×1), fc ({@code 8w · expansion → classes},
 * with bias). A block whose stride is not 1 or whose input channels differ from {@code planes · expansion} gets an
 * identity path {@code downsample_sn(downsample(x))} with {@code downsample} = Sequential(conv 1×1 stride s, bn);
 * the block output joins identity and residual with the connect function ({@link Connect}).
 *
 * <p>Convolutions have no bias and are initialised kaiming-normal (fan_out, ReLU gain), BatchNorms with weight 1 and
 * bias 0, like SpikingJelly; {@code zeroInitResidual} sets the last BatchNorm weight of every block (bn2 of a basic
 * block, bn3 of a bottleneck) to 0. State-dict names are torchvision's ({@code layer1.0.conv3.weight},
 * {@code layer2.0.downsample.0.weight}, {@code layer1.0.bn3.running_var}, ...). Input {@code [T, N, C, H, W]} in step
 * mode 'm'; output {@code [T, N, classes]}.
 */
public final class SewResNet extends Module {
  private final Module conv1;
  private final Module bn1;
  private final Module sn1;
  private final Module maxpool;
  private final Sequential[] layers = new Sequential[4];
  private final Module avgpool;
  private final Linear fc;

  /**
   * Connect functions {@code g(a, b)} of SpikingJelly's {@code sew_function}: {@code ADD} a + b, {@code AND} a·b,
   * {@code IAND} a·(1 − b). The argument order differs per block type exactly as in SpikingJelly: a basic block
   * computes {@code g(identity, out)} (IAND = identity·(1 − out)), a bottleneck {@code g(out, identity)} (IAND =
   * out·(1 − identity)).
   */
  public enum Connect { ADD, AND, IAND }

  /** Residual block types with their channel expansion (block output = planes · expansion). */
  public enum BlockType {
    BASIC(1), BOTTLENECK(4);

    private final int expansion;

    BlockType(int expansion) {
      this.expansion = expansion;
    }

    /** Output channels per {@code planes}. */
    public int expansion() {
      return expansion;
    }
  }

  /** SpikingJelly's named architectures ({@code sew_resnet18} ... {@code sew_wide_resnet101_2}). */
  public enum Arch {
    SEW_RESNET18("sew-resnet18", BlockType.BASIC, new int[] {2, 2, 2, 2}, 1, 64),
    SEW_RESNET34("sew-resnet34", BlockType.BASIC, new int[] {3, 4, 6, 3}, 1, 64),
    SEW_RESNET50("sew-resnet50", BlockType.BOTTLENECK, new int[] {3, 4, 6, 3}, 1, 64),
    SEW_RESNET101("sew-resnet101", BlockType.BOTTLENECK, new int[] {3, 4, 23, 3}, 1, 64),
    SEW_RESNET152("sew-resnet152", BlockType.BOTTLENECK, new int[] {3, 8, 36, 3}, 1, 64),
    SEW_RESNEXT50_32X4D("sew-resnext50-32x4d", BlockType.BOTTLENECK, new int[] {3, 4, 6, 3}, 32, 4),
    SEW_RESNEXT101_32X8D("sew-resnext101-32x8d", BlockType.BOTTLENECK, new int[] {3, 4, 23, 3}, 32, 8),
    SEW_WIDE_RESNET50_2("sew-wide-resnet50-2", BlockType.BOTTLENECK, new int[] {3, 4, 6, 3}, 1, 128),
    SEW_WIDE_RESNET101_2("sew-wide-resnet101-2", BlockType.BOTTLENECK, new int[] {3, 4, 23, 3}, 1, 128);

    private final String zooName;
    private final BlockType block;
    private final int[] blocks;
    private final int groups;
    private final int widthPerGroup;

    Arch(String zooName, BlockType block, int[] blocks, int groups, int widthPerGroup) {
      this.zooName = zooName;
      this.block = block;
      this.blocks = blocks;
      this.groups = groups;
      this.widthPerGroup = widthPerGroup;
    }

    /** The model-zoo name ({@code sew-resnet50}, {@code sew-resnext50-32x4d}, ...). */
    public String zooName() {
      return zooName;
    }

    public BlockType block() {
      return block;
    }

    /** Blocks per stage. */
    public int[] blocks() {
      return blocks.clone();
    }

    /** Groups of the bottleneck 3×3 convolution. */
    public int groups() {
      return groups;
    }

    /** {@code width_per_group} (64 plain, 4 or 8 ResNeXt, 128 wide). */
    public int widthPerGroup() {
      return widthPerGroup;
    }

    /** The architecture with this model-zoo name (case-insensitive), or null. */
    public static Arch byZooName(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      for (Arch a : values()) {
        if (a.zooName.equals(n)) {
          return a;
        }
      }
      return null;
    }

    /**
     * Builds the network.
     *
     * @param inChannels input channels (3 for RGB, 2 for DVS polarity frames)
     * @param width base planes (64 in SpikingJelly; smaller values give slim variants of the same structure)
     * @param smallStem 3×3 stride-1 stem without max pooling (CIFAR-size or DVS inputs)
     */
    public SewResNet build(int inChannels, int numClasses, int width, boolean smallStem, boolean zeroInitResidual,
        Connect cnf, NeuronChoice neuron, Rng rng) {
      return new SewResNet(block, blocks, groups, widthPerGroup, inChannels, numClasses, width, smallStem,
          zeroInitResidual, cnf, neuron, rng);
    }
  }

  /** One SEW basic block: {@code out = sn2(bn2(conv2(sn1(bn1(conv1(x))))))}, result {@code g(identity, out)}. */
  public static final class BasicBlock extends Module {
    private final Module conv1;
    private final Module bn1;
    private final Module sn1;
    private final Module conv2;
    private final BatchNorm bn2;
    private final Module sn2;
    private final Module downsample;
    private final Module downsampleSn;
    private final Connect cnf;

    BasicBlock(int inplanes, int planes, int stride, boolean down, Connect cnf, NeuronChoice neuron, Rng rng) {
      conv1 = registerModule("conv1", conv(inplanes, planes, 3, stride, 1, 1, rng));
      bn1 = registerModule("bn1", BatchNorm.bn2d(planes));
      sn1 = registerModule("sn1", neuron.create());
      conv2 = registerModule("conv2", conv(planes, planes, 3, 1, 1, 1, rng));
      bn2 = registerModule("bn2", BatchNorm.bn2d(planes));
      sn2 = registerModule("sn2", neuron.create());
      if (down) {
        downsample = registerModule("downsample", new Sequential(conv(inplanes, planes, 1, stride, 0, 1, rng),
            BatchNorm.bn2d(planes)));
        downsampleSn = registerModule("downsample_sn", neuron.create());
      } else {
        downsample = null;
        downsampleSn = null;
      }
      this.cnf = cnf;
    }

    @Override
    protected Tensor doForward(Tensor x) {
      Tensor out = sn1.forward(bn1.forward(conv1.forward(x)));
      out = sn2.forward(bn2.forward(conv2.forward(out)));
      Tensor identity = downsample == null ? x : downsampleSn.forward(downsample.forward(x));
      return connect(identity, out, cnf);
    }
  }

  /**
   * One SEW bottleneck (torchvision's ResNet v1.5, stride on the 3×3): with {@code width = planes ·
   * (widthPerGroup / 64) · groups}, {@code out = sn3(bn3(conv3(sn2(bn2(conv2(sn1(bn1(conv1(x)))))))))} where conv1
   * is 1×1 (inplanes → width), conv2 3×3 stride s with {@code groups} groups (width → width), conv3 1×1
   * (width → planes·4); result {@code g(out, identity)} (SpikingJelly's argument order for bottlenecks).
   */
  public static final class Bottleneck extends Module {
    private final Module conv1;
    private final Module bn1;
    private final Module sn1;
    private final Module conv2;
    private final Module bn2;
    private final Module sn2;
    private final Module conv3;
    private final BatchNorm bn3;
    private final Module sn3;
    private final Module downsample;
    private final Module downsampleSn;
    private final Connect cnf;

    Bottleneck(int inplanes, int planes, int stride, boolean down, int groups, int baseWidth, Connect cnf,
        NeuronChoice neuron, Rng rng) {
      int width = (int) ((long) planes * baseWidth / 64) * groups;
      if (width < 1) {
        throw new IllegalArgumentException("bottleneck width planes·(width_per_group/64)·groups is 0 for planes "
            + planes + ", width_per_group " + baseWidth + ", groups " + groups);
      }
      int outPlanes = planes * BlockType.BOTTLENECK.expansion();
      conv1 = registerModule("conv1", conv(inplanes, width, 1, 1, 0, 1, rng));
      bn1 = registerModule("bn1", BatchNorm.bn2d(width));
      sn1 = registerModule("sn1", neuron.create());
      conv2 = registerModule("conv2", conv(width, width, 3, stride, 1, groups, rng));
      bn2 = registerModule("bn2", BatchNorm.bn2d(width));
      sn2 = registerModule("sn2", neuron.create());
      conv3 = registerModule("conv3", conv(width, outPlanes, 1, 1, 0, 1, rng));
      bn3 = registerModule("bn3", BatchNorm.bn2d(outPlanes));
      sn3 = registerModule("sn3", neuron.create());
      if (down) {
        downsample = registerModule("downsample", new Sequential(conv(inplanes, outPlanes, 1, stride, 0, 1, rng),
            BatchNorm.bn2d(outPlanes)));
        downsampleSn = registerModule("downsample_sn", neuron.create());
      } else {
        downsample = null;
        downsampleSn = null;
      }
      this.cnf = cnf;
    }

    @Override
    protected Tensor doForward(Tensor x) {
      Tensor out = sn1.forward(bn1.forward(conv1.forward(x)));
      out = sn2.forward(bn2.forward(conv2.forward(out)));
      out = sn3.forward(bn3.forward(conv3.forward(out)));
      Tensor identity = downsample == null ? x : downsampleSn.forward(downsample.forward(x));
      return connect(out, identity, cnf);
    }
  }

  /** SpikingJelly's {@code sew_function(a, b, cnf)}. */
  static Tensor connect(Tensor a, Tensor b, Connect cnf) {
    switch (cnf) {
      case ADD:
        return a.add(b);
      case AND:
        return a.mul(b);
      default:
        return a.mul(b.rsub(1));
    }
  }

  /** Conv without bias, kaiming-normal (fan_out = out·k·k, ReLU gain) like the torchvision ResNet init. */
  private static Conv2d conv(int in, int out, int k, int stride, int pad, int groups, Rng rng) {
    Conv2d c = new Conv2d(in, out, k, stride, pad, 1, groups, false, rng);
    Init.normal_(c.weight(), 0, Math.sqrt(2.0 / (out * k * k)), rng);
    return c;
  }

  /**
   * A basic-block SEW-ResNet (groups 1, width_per_group 64, no zero-init of the residual BN).
   *
   * @param blocks blocks per stage ({2,2,2,2} for sew_resnet18, {3,4,6,3} for 34)
   * @param inChannels input channels (3 for RGB, 2 for DVS polarity frames)
   * @param width base planes (64 in the paper)
   * @param smallStem 3×3 stride-1 stem without max pooling (CIFAR-size or DVS inputs)
   */
  public SewResNet(int[] blocks, int inChannels, int numClasses, int width, boolean smallStem, Connect cnf,
      NeuronChoice neuron, Rng rng) {
    this(BlockType.BASIC, blocks, 1, 64, inChannels, numClasses, width, smallStem, false, cnf, neuron, rng);
  }

  /**
   * @param block basic block or bottleneck
   * @param blocks blocks per stage, 4 values ≥ 1
   * @param groups groups of the bottleneck 3×3 convolution (basic blocks need 1)
   * @param widthPerGroup SpikingJelly's {@code width_per_group} (basic blocks need 64)
   * @param inChannels input channels (3 for RGB, 2 for DVS polarity frames)
   * @param numClasses fc outputs
   * @param width base planes (64 in SpikingJelly): stage s has {@code width·2^s} planes
   * @param smallStem 3×3 stride-1 stem without max pooling (CIFAR-size or DVS inputs)
   * @param zeroInitResidual initialise the last BatchNorm weight of every block to 0
   * @param cnf connect function
   * @param neuron the spiking neuron of every sn layer
   */
  public SewResNet(BlockType block, int[] blocks, int groups, int widthPerGroup, int inChannels, int numClasses,
      int width, boolean smallStem, boolean zeroInitResidual, Connect cnf, NeuronChoice neuron, Rng rng) {
    if (blocks.length != 4) {
      throw new IllegalArgumentException("SEW-ResNet needs blocks for 4 stages; got " + blocks.length);
    }
    for (int b : blocks) {
      if (b < 1) {
        throw new IllegalArgumentException("every stage needs at least one block; got " + java.util.Arrays.toString(
            blocks));
      }
    }
    if (inChannels < 1 || numClasses < 1 || width < 1 || groups < 1 || widthPerGroup < 1) {
      throw new IllegalArgumentException("SEW-ResNet needs positive channels, classes, width, groups and "
          + "width_per_group");
    }
    if (block == BlockType.BASIC && (groups != 1 || widthPerGroup != 64)) {
      throw new IllegalArgumentException("BasicBlock only supports groups=1 and width_per_group=64");
    }
    int inplanes = width;
    conv1 = registerModule("conv1", smallStem ? conv(inChannels, inplanes, 3, 1, 1, 1, rng)
        : conv(inChannels, inplanes, 7, 2, 3, 1, rng));
    bn1 = registerModule("bn1", BatchNorm.bn2d(inplanes));
    sn1 = registerModule("sn1", neuron.create());
    maxpool = smallStem ? null : registerModule("maxpool", Pool2d.max(3, 2, 1));
    int expansion = block.expansion();
    for (int s = 0; s < 4; s++) {
      int planes = width << s;
      int stride = s == 0 ? 1 : 2;
      Sequential seq = new Sequential();
      for (int b = 0; b < blocks[s]; b++) {
        boolean down = b == 0 && (stride != 1 || inplanes != planes * expansion);
        int st = b == 0 ? stride : 1;
        if (block == BlockType.BASIC) {
          BasicBlock bb = new BasicBlock(inplanes, planes, st, down, cnf, neuron, rng);
          if (zeroInitResidual) {
            Init.constant_(bb.bn2.weight(), 0);
          }
          seq.add(bb);
        } else {
          Bottleneck bb = new Bottleneck(inplanes, planes, st, down, groups, widthPerGroup, cnf, neuron, rng);
          if (zeroInitResidual) {
            Init.constant_(bb.bn3.weight(), 0);
          }
          seq.add(bb);
        }
        inplanes = planes * expansion;
      }
      layers[s] = registerModule("layer" + (s + 1), seq);
    }
    avgpool = registerModule("avgpool", Pool2d.adaptiveAvg(1, 1));
    fc = registerModule("fc", new Linear(inplanes, numClasses, true, rng));
    setStepMode('m');
  }

  /** sew_resnet18 (base width 64, no zero-init). */
  public static SewResNet sewResNet18(int inChannels, int numClasses, boolean smallStem, Connect cnf,
      NeuronChoice neuron, Rng rng) {
    return Arch.SEW_RESNET18.build(inChannels, numClasses, 64, smallStem, false, cnf, neuron, rng);
  }

  @Override
  protected Tensor doForward(Tensor x) {
    Tensor y = sn1.forward(bn1.forward(conv1.forward(x)));
    if (maxpool != null) {
      y = maxpool.forward(y);
    }
    for (Sequential l : layers) {
      y = l.forward(y);
    }
    y = avgpool.forward(y);
    y = y.flatten(stepMode() == 'm' ? 2 : 1, y.dim() - 1);
    return fc.forward(y);
  }
}
