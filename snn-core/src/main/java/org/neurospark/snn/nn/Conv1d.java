package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/** {@code layer.Conv1d}: input {@code [N, C, L]} ('s') or {@code [T, N, C, L]} ('m'; a T-broadcast input
 * is computed once, see {@link Module#isTimeBroadcast}), weight {@code [Co, C/g, k]}.
 */
public final class Conv1d extends Module {
  private final int stride;
  private final int padding;
  private final int dilation;
  private final int groups;

  public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
      Rng rng) {
    if (in % groups != 0 || out % groups != 0) {
      throw new IllegalArgumentException("channels " + in + " -> " + out + " not divisible by groups " + groups);
    }
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.groups = groups;
    Tensor w = Tensor.zeros(out, in / groups, kernel);
    Tensor b = bias ? Tensor.zeros(out) : null;
    Init.torchDefault_(w, b, rng);
    registerParameter("weight", w);
    registerParameter("bias", b);
  }

  public Tensor weight() {
    return param("weight");
  }

  @Override
  protected boolean timeInvariant() {
    return true;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    requireDims(x, 3, "[N, C, L]");
    return seqToAnn(x, v -> NN.conv1d(v, param("weight"), param("bias"), stride, padding, dilation, groups));
  }
}
