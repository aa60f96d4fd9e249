package org.neurospark.snn.neuron;

/** Analog output activation of {@link LIAFNode}: a pure function and its derivative. */
public enum LiafActivation {
  /** max(x, 0); derivative 1 for x > 0 else 0 (torch convention at 0). */
  RELU("ReLU") {
    @Override
    public float apply(float x) {
      return x > 0f ? x : 0f;
    }

    @Override
    public float derivative(float x) {
      return x > 0f ? 1f : 0f;
    }
  },
  /** Identity. */
  IDENTITY("Identity") {
    @Override
    public float apply(float x) {
      return x;
    }

    @Override
    public float derivative(float x) {
      return 1f;
    }
  },
  /** 1/(1 + e^−x). */
  SIGMOID("Sigmoid") {
    @Override
    public float apply(float x) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    public float derivative(float x) {
      double s = 1.0 / (1.0 + Math.exp(-x));
      return (float) (s * (1.0 - s));
    }
  },
  /** tanh(x). */
  TANH("Tanh") {
    @Override
    public float apply(float x) {
      return (float) Math.tanh(x);
    }

    @Override
    public float derivative(float x) {
      double t = Math.tanh(x);
      return (float) (1.0 - t * t);
    }
  };

  private final String torchName;

  LiafActivation(String torchName) {
    this.torchName = torchName;
  }

  public abstract float apply(float x);

  public abstract float derivative(float x);

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
