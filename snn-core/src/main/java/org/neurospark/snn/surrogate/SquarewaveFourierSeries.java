package org.neurospark.snn.surrogate;

import java.util.Map;

/**
 * SpikingJelly {@code SquarewaveFourierSeries(n=2, T_period=8)}: the square wave's Fourier series truncated to n − 1
 * terms. ω = 2π/T; g'(x) = (4/T)·Σ_{i=1}^{n−1} cos((2i−1)ωx); g(x) = 1/2 + (2/π)·Σ sin((2i−1)ωx)/(2i−1).
 */
public final class SquarewaveFourierSeries extends SurrogateFunction {
  private final int n;
  private final double period;

  public SquarewaveFourierSeries() {
    this(2, 8.0, true);
  }

  public SquarewaveFourierSeries(int n, double period, boolean spiking) {
    super(spiking);
    if (n < 1 || !(period > 0)) {
      throw new IllegalArgumentException("SquarewaveFourierSeries: need n >= 1 and T_period > 0, got n=" + n
          + ", T_period=" + period);
    }
    this.n = n;
    this.period = period;
  }

  @Override
  public String name() {
    return "SquarewaveFourierSeries";
  }

  @Override
  public Map<String, Double> parameters() {
    return params("n", n, "T_period", period);
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new SquarewaveFourierSeries(n, period, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.squarewaveFourierSeriesGrad(n, period, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.squarewaveFourierSeriesPrimitive(n, period, x);
  }
}
