package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.Conv2d}: input {@code [N, C, H, W]} ('s') or {@code [T, N, C, H, W]} ('m', folded to T·N; a
 * T-broadcast input is computed once, see {@link Module#isTimeBroadcast}), weight {@code [Co, C/groups, k, k]},
 * optional bias {@code [Co]}; PyTorch's default initialisation.
 */
public final class Conv2d extends Module {
  private final int in;
  private final int out;
  private final int kernel;
  private final ConvParams p;

  public Conv2d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
      Rng rng) {
    if (in % groups != 0 || out % groups != 0) {
      throw new IllegalArgumentException("channels " + in + " -> " + out + " not divisible by groups " + groups);
    }
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.p = ConvParams.of(stride, padding, dilation, groups);
    Tensor w = Tensor.zeros(out, in / groups, kernel, kernel);
    Tensor b = bias ? Tensor.zeros(out) : null;
    Init.torchDefault_(w, b, rng);
    registerParameter("weight", w);
    registerParameter("bias", b);
  }

  /** Stride, padding, dilation 1, one group. */
  public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias, Rng rng) {
    this(in, out, kernel, stride, padding, 1, 1, bias, rng);
  }

  public Tensor weight() {
    return param("weight");
  }

  public Tensor bias() {
    return param("bias");
  }

  @Override
  protected boolean timeInvariant() {
    return true;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    requireDims(x, 4, "[N, C, H, W]");
    return seqToAnn(x, v -> NN.conv2d(v, param("weight"), param("bias"), p));
  }

  @Override
  protected String extraRepr() {
    return in + ", " + out + ", kernel_size=(" + kernel + ", " + kernel + "), stride=(" + p.strideH() + ", "
        + p.strideW() + "), padding=(" + p.padH() + ", " + p.padW() + ")" + (param("bias") == null ? ", bias=False" : "")
        + ", step_mode=" + stepMode();
  }
}
