package org.neurospark.snn.nn;

import java.util.ArrayList;
import java.util.List;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.LinearRecurrentContainer(sub_module, in, out, bias)}: {@code i[t] = rc([x[t], y[t−1]])} with
 * {@code rc = Linear(in + out, in, bias)}, {@code y[t] = sub(i[t])}, y[−1] = 0. Children {@code rc},
 * {@code sub_module}; the sub-module runs single-step.
 */
public final class LinearRecurrentContainer extends Module {
  private final Linear rc;
  private final Module sub;
  private final int outFeatures;
  private Tensor y;

  public LinearRecurrentContainer(Module subModule, int in, int out, boolean bias, Rng rng) {
    this.outFeatures = out;
    this.rc = registerModule("rc", new Linear(in + out, in, bias, rng));
    this.sub = registerModule("sub_module", subModule);
  }

  @Override
  protected boolean keepsChildrenSingleStep() {
    return true;
  }

  private Tensor step(Tensor x) {
    if (y == null) {
      int[] s = x.shape();
      s[s.length - 1] = outFeatures;
      y = Tensor.zeros(x.backend(), x.dtype(), s);
    }
    y = sub.forward(rc.forward(Tensor.cat(List.of(x, y), x.dim() - 1)));
    return y;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    if (stepMode() == 's') {
      return step(x);
    }
    List<Tensor> out = new ArrayList<>();
    for (int t = 0; t < x.size(0); t++) {
      out.add(step(x.select(0, t)));
    }
    return Tensor.stack(out, 0);
  }

  @Override
  protected void resetState() {
    y = null;
  }

  @Override
  protected void detachState() {
    if (y != null) {
      y = y.detach();
    }
  }
}
