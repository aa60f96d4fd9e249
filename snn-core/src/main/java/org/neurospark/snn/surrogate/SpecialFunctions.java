package org.neurospark.snn.surrogate;

/** Special functions the JDK lacks. Pure functions. */
public final class SpecialFunctions {
  private SpecialFunctions() {}

  /**
   * Complementary error function erfc(x) = 1 − erf(x), relative error below 1.2e−7 everywhere (Chebyshev fit of
   * exp(−z² + P(t)), t = 1/(1 + z/2), as in Numerical Recipes' {@code erfcc}).
   */
  public static double erfc(double x) {
    return SurrogateMath.erfc(x);
  }
}
