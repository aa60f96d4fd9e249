package org.neurospark.snn.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastMathFTest {
  @Test
  void expWithinTwoUlpOverTheRange() {
    for (float x = -87f; x <= 88f; x += 0.000731f) {
      float want = (float) Math.exp(x);
      float got = FastMathF.exp(x);
      assertTrue(Math.abs(got - want) <= 2 * Math.ulp(want), "exp(" + x + ") = " + got + ", want " + want);
    }
    assertEquals(1f, FastMathF.exp(0f));
    assertEquals(0f, FastMathF.exp(-100f));
    assertEquals(Float.POSITIVE_INFINITY, FastMathF.exp(100f));
    assertTrue(Float.isNaN(FastMathF.exp(Float.NaN)));
  }

  @Test
  void sigmoidFloatPathAgreesWithDouble() {
    Sigmoid s = new Sigmoid(4.0, true);
    for (float x = -30f; x <= 30f; x += 0.0137f) {
      double want = s.grad(x);
      assertEquals(want, s.gradF(x), 5e-6 * want + 1e-37, "x=" + x);
    }
  }
}
