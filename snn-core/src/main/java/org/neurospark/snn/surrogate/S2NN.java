package org.neurospark.snn.surrogate;

import java.util.Map;

/**
 * SpikingJelly {@code S2NN(alpha=4, beta=1)}: g'(x) = α·sig(αx)(1 − sig(αx)) for x < 0, β/(x + 1) for x ≥ 0;
 * g(x) = sig(αx) (x < 0), β·ln(|x + 1| + 1e−5) + 1/2 (x ≥ 0, as SpikingJelly writes it to avoid NaN).
 */
public final class S2NN extends SurrogateFunction {
  private final double alpha;
  private final double beta;

  public S2NN() {
    this(4.0, 1.0, true);
  }

  public S2NN(double alpha, double beta, boolean spiking) {
    super(spiking);
    this.alpha = alpha;
    this.beta = beta;
  }

  @Override
  public String name() {
    return "S2NN";
  }

  @Override
  public Map<String, Double> parameters() {
    return params("alpha", alpha, "beta", beta);
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new S2NN(alpha, beta, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.s2nnGrad(alpha, beta, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.s2nnPrimitive(alpha, beta, x);
  }
}
