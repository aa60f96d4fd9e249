package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The width the vector kernels run at. snn-core's pom runs the vector-path tests (GEMM, Winograd, conv layouts,
 * sums, vector ops, neuron loops, surrogates) a second time in a JVM with {@code -XX:MaxVectorSize=32}, the
 * 256-bit species an AVX2-only machine prefers, and sets {@code neurospark.test.vectorBits=256} there; this test
 * proves that run really is at that width (else the second run would silently repeat the first).
 */
class VectorWidthTest {

  @Test
  void kernelsUseThePreferredSpeciesAndTheRequestedWidth() {
    assertTrue(Cpu.vectorized(), "the tests run with --add-modules jdk.incubator.vector");
    int bits = Cpu.vectorBits();
    assertEquals(FloatVector.SPECIES_PREFERRED.vectorBitSize(), bits);
    // one species width for both precisions (the float64 twins are generated from the float32 kernels)
    assertEquals(bits, DoubleVector.SPECIES_PREFERRED.vectorBitSize());
    assertTrue(bits == 128 || bits == 256 || bits == 512, "width " + bits);
    String expected = System.getProperty("neurospark.test.vectorBits");
    if (expected != null) {
      assertEquals(Integer.parseInt(expected), bits, "-XX:MaxVectorSize did not set the species width");
    }
  }
}
