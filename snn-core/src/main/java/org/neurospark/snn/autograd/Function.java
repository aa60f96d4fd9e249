package org.neurospark.snn.autograd;

import org.neurospark.snn.tensor.Tensor;

/**
 * A differentiable operation with an explicit backward, the way to add fused kernels (e.g. a multi-step neuron
 * returning spike and membrane sequences) to autograd. Subclass it, then call {@link #apply}:
 *
 * <pre>{@code
 * final class Square extends Function {
 *   protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
 *     ctx.saveForBackward(in[0]);
 *     return new Tensor[] {in[0].mul(in[0])};
 *   }
 *   protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
 *     Tensor x = ctx.savedTensors()[0];
 *     return new Tensor[] {gradOut[0].mul(x).mul(2)};
 *   }
 * }
 * Tensor y = new Square().apply(x)[0];
 * }</pre>
 *
 * <p>{@code forward} runs with grad mode off and may compute on raw arrays ({@link Tensor#floatData()});
 * {@code backward} also runs with grad mode off (no higher-order gradients) and returns one gradient per input,
 * with the input's shape and dtype, or null where the input needs none ({@link FunctionContext#needsInputGrad}).
 * Parameters of the op can live in fields of the instance; an instance may be applied many times as long as its
 * fields do not change between forward and backward of one call.
 */
public abstract class Function {

  /** Computes the outputs from the inputs (never modify inputs in place). */
  protected abstract Tensor[] forward(FunctionContext ctx, Tensor... inputs);

  /** Computes gradients w.r.t. the inputs from gradients w.r.t. the outputs. */
  protected abstract Tensor[] backward(FunctionContext ctx, Tensor... gradOutputs);

  /**
   * True for ops that hand the gradients passing through them to code outside autograd (backward hooks): autograd
   * then never releases those gradient storages ({@link Autograd#backward}), since the code may keep them.
   * Default false.
   */
  protected boolean exposesGradients() {
    return false;
  }

  /** Op name used in error messages and {@link Node#name()}; defaults to the simple class name. */
  public String name() {
    String n = getClass().getSimpleName();
    return n.isEmpty() ? "Function" : n;
  }

  /**
   * Runs forward and, when grad mode is on and an input requires grad, records a {@link Node} so that the
   * outputs' {@code backward} reaches the inputs.
   */
  public final Tensor[] apply(Tensor... inputs) {
    boolean any = false;
    boolean[] needs = new boolean[inputs.length];
    if (GradMode.isEnabled()) {
      for (int i = 0; i < inputs.length; i++) {
        needs[i] = inputs[i] != null && inputs[i].requiresGrad();
        any |= needs[i];
      }
    }
    FunctionContext ctx = new FunctionContext(name(), needs);
    Tensor[] outs;
    try (GradMode.Scope s = GradMode.noGrad()) {
      outs = forward(ctx, inputs);
    }
    if (outs == null) {
      throw new IllegalStateException(name() + ".forward returned null");
    }
    if (!any) {
      ctx.release();
      return outs;
    }
    boolean[] nonDiff = new boolean[outs.length];
    for (int i = 0; i < outs.length; i++) {
      Tensor o = outs[i];
      nonDiff[i] = ctx.isNonDifferentiable(o) || !o.dtype().isFloatingPoint(); // integer outputs: no gradient
      boolean alias = o.requiresGrad() || o.gradFn() != null;
      for (int j = 0; j < inputs.length && !alias; j++) {
        alias = inputs[j] == o;
      }
      for (int j = 0; j < i && !alias; j++) {
        alias = outs[j] == o;
      }
      if (alias) {
        outs[i] = o.alias();
      }
    }
    Node node = new Node(this, ctx, inputs, outs);
    for (int i = 0; i < outs.length; i++) {
      if (!nonDiff[i]) {
        outs[i].setGradFn(node, i);
      }
    }
    return outs;
  }

  /** Convenience for single-output functions: {@code apply(inputs)[0]}. */
  public final Tensor apply1(Tensor... inputs) {
    return apply(inputs)[0];
  }
}
