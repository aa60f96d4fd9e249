package org.neurospark.snn.nn;

import org.neurospark.snn.tensor.Tensor;

/** Called before {@link Module#forward} with the module and its input ({@code register_forward_pre_hook}). */
@FunctionalInterface
public interface ForwardPreHook {
  void beforeForward(Module module, Tensor input);
}
