package org.neurospark.snn.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SurrogateFunctionTest {

  @Test
  void sigmoidGoldenValuesFromTheDocs() {
    SurrogateFunction sg = Surrogates.parse("Sigmoid(alpha=4)");
    assertEquals(0.0, sg.forward(-0.1303));
    assertEquals(0.9351, sg.grad(-0.1303), 1e-4);
    assertEquals(1.0, sg.forward(0.4976));
    assertEquals(0.4231, sg.grad(0.4976), 1e-4);
    assertEquals("Sigmoid(alpha=4.0, spiking=True)", new Sigmoid().toString());
  }

  @Test
  void heavisideTiesFireInSpikingJellyButNotInSnnTorch() {
    for (String name : Surrogates.names()) {
      if (name.equals("SuperSpike") || name.equals("FakeNumericalGradient")) {
        continue;
      }
      SurrogateFunction sf = Surrogates.parse(name);
      boolean snnTorch = Character.isLowerCase(name.charAt(0));
      assertEquals(snnTorch ? 0.0 : 1.0, sf.forward(0.0), name);
      assertEquals(1.0, sf.forward(1e-9), name);
      assertEquals(0.0, sf.forward(-1e-9), name);
    }
  }

  /** The backward g'(x) must be the derivative of the primitive g(x) (central difference in double). */
  @Test
  void gradientIsTheDerivativeOfThePrimitive() {
    List<String> withPrimitive = List.of("Sigmoid(alpha=3)", "ATan(alpha=1.5)", "PiecewiseQuadratic(alpha=1.3)",
        "PiecewiseExp(alpha=2)", "SoftSign(alpha=2.5)", "Erf(alpha=1.7)", "NonzeroSignLogAbs(alpha=2)",
        "PiecewiseLeakyReLU(w=0.7, c=0.05)", "SquarewaveFourierSeries(n=4, T_period=6)", "S2NN(alpha=3, beta=0.5)",
        "QPseudoSpike(alpha=3)", "LeakyKReLU(spiking=True, leak=0.1, k=2)", "LogTailedReLU(alpha=0.2)",
        "Rect(alpha=0.8)", "fast_sigmoid(slope=10)", "atan(alpha=2)");
    double eps = 1e-6;
    for (String spec : withPrimitive) {
      SurrogateFunction sf = Surrogates.parse(spec);
      for (double x = -2.013; x < 2.0; x += 0.0371) {
        double numeric = (sf.primitive(x + eps) - sf.primitive(x - eps)) / (2 * eps);
        double tol = spec.startsWith("Erf") ? 2e-3 : spec.startsWith("S2NN") ? 1e-4 : 1e-5;
        assertEquals(numeric, sf.grad(x), tol * Math.max(1, Math.abs(numeric)), spec + " at x=" + x);
      }
    }
  }

  @Test
  void primitiveModeReturnsThePrimitive() {
    SurrogateFunction sf = Surrogates.parse("ATan(alpha=2, spiking=False)");
    assertFalse(sf.spiking());
    assertEquals(0.5, sf.forward(0.0), 1e-12);
    assertEquals(Math.atan(Math.PI * 0.3) / Math.PI + 0.5, sf.forward(0.3), 1e-12);
    assertEquals(sf.grad(0.3), new ATan().grad(0.3));
    assertTrue(sf.withSpiking(true).spiking());
    assertEquals(0.5, new Erf(2.0, false).forward(0.0), 1e-7);
    assertEquals(1.0, new Erf(2.0, false).forward(3.0), 1e-7);
  }

  @Test
  void parserAcceptsSpikingJellySpellings() {
    assertEquals(4.0, ((Sigmoid) Surrogates.parse("Sigmoid")).alpha());
    assertEquals(4.0, ((Sigmoid) Surrogates.parse("Sigmoid()")).alpha());
    assertEquals(2.5, ((Sigmoid) Surrogates.parse("surrogate.Sigmoid(2.5)")).alpha());
    assertEquals(0.3, ((FakeNumericalGradient) Surrogates.parse("FakeNumericalGradient()")).alpha());
    SurrogateFunction plr = Surrogates.parse("PiecewiseLeakyReLU(w=2,c=0.1)");
    assertEquals(0.25, plr.grad(0.5), 1e-12);
    assertEquals(0.1, plr.grad(3.0), 1e-12);
    assertEquals("PiecewiseLeakyReLU(w=2.0, c=0.1, spiking=True)", plr.toString());
    SurrogateFunction sq = Surrogates.parse("SquarewaveFourierSeries(n=3, T_period=4)");
    assertEquals(4.0 / 4 * 2, sq.grad(0.0), 1e-12);
    assertEquals(0.0, Surrogates.parse("LeakyKReLU()").grad(-1.0));
    assertEquals(1.0, Surrogates.parse("LeakyKReLU()").grad(1.0));
    assertEquals(1.0 / (1 + 25 * 0.1) / (1 + 25 * 0.1), Surrogates.parse("fast_sigmoid").grad(0.1), 1e-12);
    assertEquals(0.3, Surrogates.parse("FakeNumericalGradient(alpha=0.3)").grad(0.1), 1e-12);
    assertEquals(0.1, Surrogates.parse("FakeNumericalGradient(alpha=0.3)").grad(-10.0), 1e-12);
    assertEquals(0.2, Surrogates.parse("FakeNumericalGradient(alpha=0.3)").grad(5.0), 1e-12);
  }

  @Test
  void parserRejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> Surrogates.parse("Sigmod(alpha=4)"));
    assertThrows(IllegalArgumentException.class, () -> Surrogates.parse("Sigmoid(beta=4)"));
    assertThrows(IllegalArgumentException.class, () -> Surrogates.parse("Sigmoid(alpha=four)"));
    assertThrows(IllegalArgumentException.class, () -> Surrogates.parse("Sigmoid(alpha=4"));
    assertThrows(IllegalArgumentException.class, () -> Surrogates.parse("Sigmoid(1, 2, 3)"));
    assertThrows(IllegalArgumentException.class, () -> Surrogates.parse("SuperSpike(spiking=False)"));
    assertThrows(IllegalArgumentException.class, () -> Surrogates.parse("QPseudoSpike(alpha=1)"));
    assertThrows(IllegalArgumentException.class, () -> Surrogates.parse(""));
  }
}
