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
    // α·sig(αx)(1 − sig(αx)) written as α·e/(1 + e)², e = exp(−α|x|): no cancellation in 1 − sig for large |x|
    double e = Math.exp(-Math.abs(alpha * x));
    double d = 1.0 + e;
    return alpha * e / (d * d);
  }

  /** fp32 path: α·e/(1 + e)² with e = exp(−α|x|) in float32 ({@link FastMathF#exp}), symmetric and overflow-free. */
  @Override
  public float gradF(float x) {
    float a = (float) alpha;
    float e = FastMathF.exp(-Math.abs(a * x));
    float d = 1f + e;
    return a * e / (d * d);
  }

  @Override
  public double primitive(double x) {
    return sigmoid(alpha * x);
  }
}
