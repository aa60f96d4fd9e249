package org.neurospark.snn.models;

import org.neurospark.snn.nn.BatchNorm;
import org.neurospark.snn.nn.Conv2d;
import org.neurospark.snn.nn.Linear;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.nn.Pool2d;
import org.neurospark.snn.nn.Sequential;
import org.neurospark.snn.neuron.BaseNode;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * SEW-ResNet ({@code spikingjelly.activation_based.model.sew_resnet}) with basic blocks: stem conv1 (7×7/2, or
 * 3×3/1 for small inputs) – bn1 – sn1 – maxpool (3/2/1, skipped for the small stem), layer1..4 (64·w, 128·w, 256·w,
 * 512·w channels), avgpool (adaptive 1×1), fc. A block computes {@code out = sn2(bn2(conv2(sn1(bn1(conv1(x))))))},
 * the identity {@code downsample_sn(downsample(x))} when the shape changes, and joins them with the connect function
 * {@code ADD} (identity + out), {@code AND} (identity·out) or {@code IAND} (identity·(1 − out)). State-dict names
 * follow torchvision/SpikingJelly ({@code layer1.0.conv1.weight}, {@code layer2.0.downsample.0.weight}, ...).
 * Input {@code [T, N, C, H, W]} in step mode 'm'; output {@code [T, N, classes]}.
 */
public final class SewResNet extends Module {
  private final Module conv1;
  private final Module bn1;
  private final Module sn1;
  private final Module maxpool;
  private final Sequential[] layers = new Sequential[4];
  private final Module avgpool;
  private final Linear fc;

  /** Connect functions. */
  public enum Connect { ADD, AND, IAND }

  /** One SEW basic block. */
  public static final class BasicBlock extends Module {
    private final Module conv1;
    private final Module bn1;
    private final Module sn1;
    private final Module conv2;
    private final Module bn2;
    private final Module sn2;
    private final Module downsample;
    private final Module downsampleSn;
    private final Connect cnf;

    BasicBlock(int inplanes, int planes, int stride, boolean down, Connect cnf, NeuronChoice neuron, Rng rng) {
      conv1 = registerModule("conv1", conv(inplanes, planes, 3, stride, 1, rng));
      bn1 = registerModule("bn1", BatchNorm.bn2d(planes));
      sn1 = registerModule("sn1", neuron.create());
      conv2 = registerModule("conv2", conv(planes, planes, 3, 1, 1, rng));
      bn2 = registerModule("bn2", BatchNorm.bn2d(planes));
      sn2 = registerModule("sn2", neuron.create());
      if (down) {
        downsample = registerModule("downsample", new Sequential(conv(inplanes, planes, 1, stride, 0, rng),
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
      switch (cnf) {
        case ADD:
          return identity.add(out);
        case AND:
          return identity.mul(out);
        default:
          return identity.mul(out.rsub(1));
      }
    }
  }

  /** Conv without bias, kaiming-normal (fan_out, ReLU gain) like the torchvision ResNet init. */
  private static Conv2d conv(int in, int out, int k, int stride, int pad, Rng rng) {
    Conv2d c = new Conv2d(in, out, k, stride, pad, false, rng);
    Init.normal_(c.weight(), 0, Math.sqrt(2.0 / (out * k * k)), rng);
    return c;
  }

  /**
   * @param blocks blocks per stage ({2,2,2,2} for sew_resnet18, {3,4,6,3} for 34)
   * @param inChannels input channels (3 for RGB, 2 for DVS polarity frames)
   * @param width base width (64 in the paper)
   * @param smallStem 3×3 stride-1 stem without max pooling (CIFAR-size or DVS inputs)
   */
  public SewResNet(int[] blocks, int inChannels, int numClasses, int width, boolean smallStem, Connect cnf,
      NeuronChoice neuron, Rng rng) {
    int inplanes = width;
    conv1 = registerModule("conv1", smallStem ? conv(inChannels, inplanes, 3, 1, 1, rng)
        : conv(inChannels, inplanes, 7, 2, 3, rng));
    bn1 = registerModule("bn1", BatchNorm.bn2d(inplanes));
    sn1 = registerModule("sn1", neuron.create());
    maxpool = smallStem ? null : registerModule("maxpool", Pool2d.max(3, 2, 1));
    for (int s = 0; s < 4; s++) {
      int planes = width << s;
      int stride = s == 0 ? 1 : 2;
      Sequential seq = new Sequential();
      for (int b = 0; b < blocks[s]; b++) {
        boolean down = b == 0 && (stride != 1 || inplanes != planes);
        seq.add(new BasicBlock(inplanes, planes, b == 0 ? stride : 1, down, cnf, neuron, rng));
        inplanes = planes;
      }
      layers[s] = registerModule("layer" + (s + 1), seq);
    }
    avgpool = registerModule("avgpool", Pool2d.adaptiveAvg(1, 1));
    fc = registerModule("fc", new Linear(inplanes, numClasses, true, rng));
    setStepMode('m');
  }

  /** sew_resnet18. */
  public static SewResNet sewResNet18(int inChannels, int numClasses, boolean smallStem, Connect cnf,
      NeuronChoice neuron, Rng rng) {
    return new SewResNet(new int[] {2, 2, 2, 2}, inChannels, numClasses, 64, smallStem, cnf, neuron, rng);
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
