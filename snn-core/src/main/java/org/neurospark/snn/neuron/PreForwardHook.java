package org.neurospark.snn.neuron;

/** Called before a module's forward pass with its input (see {@link ForwardHook}). */
@FunctionalInterface
public interface PreForwardHook {
  void beforeForward(Module module, float[] input, int[] inputShape);
}
