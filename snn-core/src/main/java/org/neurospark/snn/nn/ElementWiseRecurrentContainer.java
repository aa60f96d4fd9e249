package org.neurospark.snn.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.neurospark.snn.tensor.Tensor;

/**
 * {@code layer.ElementWiseRecurrentContainer(sub_module, f)}: {@code y[t] = sub(f(y[t−1], x[t]))}, y[−1] = 0; the
 * sub-module runs single-step (its step mode stays 's'), the container loops over T in 'm'.
 */
public final class ElementWiseRecurrentContainer extends Module {
  private final Module sub;
  private final BinaryOperator<Tensor> f;
  private Tensor y;

  public ElementWiseRecurrentContainer(Module subModule, BinaryOperator<Tensor> f) {
    this.sub = registerModule("sub_module", subModule);
    this.f = f;
  }

  /** The common case {@code f = add}. */
  public static ElementWiseRecurrentContainer add(Module subModule) {
    return new ElementWiseRecurrentContainer(subModule, Tensor::add);
  }

  @Override
  protected boolean keepsChildrenSingleStep() {
    return true;
  }

  private Tensor step(Tensor x) {
    if (y == null) {
      y = x.zerosLike();
    }
    y = sub.forward(f.apply(y, x));
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
