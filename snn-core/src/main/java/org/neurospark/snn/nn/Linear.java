package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.Linear(in, out, bias)}: {@code y = x Wᵀ + b} over the last dim of any input ({@code [*, in]}, so
 * {@code [T, N, in]} in step mode 'm' as well; a T-broadcast {@code [T, N, in]} is computed once, see
 * {@link Module#seqToAnn(Tensor, Module.RepeatedOp)}). Weight {@code [out, in]}, PyTorch's default initialisation.
 */
public final class Linear extends Module {
  private final int in;
  private final int out;

  public Linear(int in, int out, boolean bias, Rng rng) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("Linear needs positive sizes, got " + in + " -> " + out);
    }
    this.in = in;
    this.out = out;
    Tensor w = Tensor.zeros(out, in);
    Tensor b = bias ? Tensor.zeros(out) : null;
    Init.torchDefault_(w, b, rng);
    registerParameter("weight", w);
    registerParameter("bias", b);
  }

  public Tensor weight() {
    return param("weight");
  }

  /** Bias or null. */
  public Tensor bias() {
    return param("bias");
  }

  @Override
  protected boolean timeInvariant() {
    return true;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    if (x.size(x.dim() - 1) != in) {
      throw new IllegalArgumentException("Linear(" + in + ", " + out + ") got input with last dim "
          + x.size(x.dim() - 1) + ": " + java.util.Arrays.toString(x.shape()));
    }
    if (stepMode() == 'm' && x.dim() >= 3 && isTimeBroadcast(x)) {
      return seqToAnn(x, v -> NN.linear(v, param("weight"), param("bias")));
    }
    return NN.linear(x, param("weight"), param("bias"));
  }

  @Override
  protected String extraRepr() {
    return "in_features=" + in + ", out_features=" + out + ", bias=" + (param("bias") != null) + ", step_mode=" + stepMode();
  }
}
