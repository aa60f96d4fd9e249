package org.neurospark.snn.neuron;

import org.neurospark.snn.nn.Module;

/** Network-wide helpers with SpikingJelly's {@code functional} names, on {@link Module} trees. */
public final class Functional {
  private Functional() {}

  /** Resets the state of every stateful module in {@code net}, including itself ({@code reset_net}). */
  public static void resetNet(Module net) {
    net.reset();
  }

  /** Cuts the gradient history of every module's state (truncated BPTT, {@code detach_net}). */
  public static void detachNet(Module net) {
    net.detach();
  }

  /** Sets the step mode of {@code net} and its descendants ({@code set_step_mode}). */
  public static void setStepMode(Module net, char mode) {
    net.setStepMode(mode);
  }
}
