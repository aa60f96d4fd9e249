package org.neurospark.snn.surrogate;

/**
 * SpikingJelly {@code Sigmoid(alpha=4.0)}: g'(x) = α·sig(αx)(1−sig(αx)), g(x) = sig(αx). Default surrogate of every neuron.
 */
public final class Sigmoid extends AlphaSurrogate {
  /** Default shape: alpha = 4.0. */
  public Sigmoid() {
    this(4.0, true);
  }

  public Sigmoid(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "Sigmoid";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new Sigmoid(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    double s = sigmoid(alpha * x);
    return alpha * s * (1.0 - s);
  }

  @Override
  public double primitive(double x) {
    return sigmoid(alpha * x);
  }
}
