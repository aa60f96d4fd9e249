package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.Tensor;

/**
 * Called during autograd's backward pass once per forward call of the module, when the gradients of that call's
 * output and input are known ({@code register_full_backward_hook}): {@code gradInput} is ∂L/∂input, or null when
 * the input did not require grad; {@code gradOutput} is ∂L/∂output. Both have the tensors' shapes.
 */
@FunctionalInterface
public interface BackwardHook {
  void afterBackward(Module module, Tensor gradInput, Tensor gradOutput);
}
