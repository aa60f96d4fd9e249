package org.neurospark.snn.nn;

import java.util.function.Consumer;
import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.tensor.Tensor;

/** Identity autograd op that shows the gradient passing through it to a callback (backward hooks). */
final class GradTap extends Function {
  private final Consumer<Tensor> onGrad;

  GradTap(Consumer<Tensor> onGrad) {
    this.onGrad = onGrad;
  }

  /** The callback may keep the gradient: autograd must not release it. */
  @Override
  protected boolean exposesGradients() {
    return true;
  }

  @Override
  protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
    return new Tensor[] {in[0]};
  }

  @Override
  protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
    onGrad.accept(gradOut[0]);
    return new Tensor[] {gradOut[0]};
  }
}
