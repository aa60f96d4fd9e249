package org.neurospark.snn.neuron;

/**
 * Called after a module's forward pass with the module, its input and its output (the arrays the module got and
 * returned; do not modify them). {@code inputShape} is the input's shape ([N, ...] in step mode 's',
 * [T, N, ...] in 'm').
 */
@FunctionalInterface
public interface ForwardHook {
  void afterForward(Module module, float[] input, int[] inputShape, float[] output);
}
