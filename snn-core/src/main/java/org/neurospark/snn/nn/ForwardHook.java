package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.Tensor;

/** Called after {@link Module#forward} with the module, its input and output ({@code register_forward_hook}). */
@FunctionalInterface
public interface ForwardHook {
  void afterForward(Module module, Tensor input, Tensor output);
}
