package org.neurospark.snn.neuron;

/**
 * Called after a module's backward pass with ∂L/∂input ({@code gradInput}) and ∂L/∂output ({@code gradOutput}),
 * like torch's full backward hook.
 */
@FunctionalInterface
public interface BackwardHook {
  void afterBackward(Module module, float[] gradInput, float[] gradOutput);
}
