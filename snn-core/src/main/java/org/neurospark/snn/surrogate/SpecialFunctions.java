package org.neurospark.snn.surrogate;

/** Special functions the JDK lacks. Pure functions. */
public final class SpecialFunctions {
  private SpecialFunctions() {}

  /**
   * Complementary error function erfc(x) = 1 − erf(x), relative error below 1.2e−7 everywhere (Chebyshev fit of
   * exp(−z² + P(t)), t = 1/(1 + z/2), as in Numerical Recipes' {@code erfcc}).
   */
  public static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? ans : 2.0 - ans;
  }
}
