package org.neurospark.snn.neuron;

import org.neurospark.snn.neuron.dynamics.AnalogActivation;

/** Analog output activation of {@link LIAFNode}, by its torch module name; the math is {@link AnalogActivation}'s. */
public enum LiafActivation {
  /** max(x, 0); derivative 1 for x > 0 else 0 (torch convention at 0). */
  RELU("ReLU", AnalogActivation.RELU),
  /** Identity. */
  IDENTITY("Identity", AnalogActivation.IDENTITY),
  /** 1/(1 + e^−x). */
  SIGMOID("Sigmoid", AnalogActivation.SIGMOID),
  /** tanh(x). */
  TANH("Tanh", AnalogActivation.TANH);

  private final String torchName;
  private final AnalogActivation analog;

  LiafActivation(String torchName, AnalogActivation analog) {
    this.torchName = torchName;
    this.analog = analog;
  }

  /** The activation's math (what the kernels evaluate). */
  public AnalogActivation analog() {
    return analog;
  }

  public float apply(float x) {
    return analog.apply(x);
  }

  public float derivative(float x) {
    return analog.derivative(x);
  }

  /** Parses a torch module name ({@code ReLU}, {@code ReLU()}, {@code Identity}, {@code Sigmoid}, {@code Tanh}). */
  public static LiafActivation parse(String name) {
    String n = name.trim();
    if (n.startsWith("nn.")) {
      n = n.substring(3);
    }
    if (n.endsWith("()")) {
      n = n.substring(0, n.length() - 2);
    }
    for (LiafActivation a : values()) {
      if (a.torchName.equalsIgnoreCase(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown LIAF activation '" + name + "'; known: ReLU, Identity, Sigmoid, Tanh");
  }

  @Override
  public String toString() {
    return torchName + "()";
  }
}
